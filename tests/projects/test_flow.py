from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from byvekst.audit.models import AuditEvent
from byvekst.governance.models import Party, User
from byvekst.projects import services
from byvekst.projects.models import Project, SheetVersion
from tests.conftest import Personas, answer_checklist, login


def test_checklist_blocks_submission(project: Project, leader: User) -> None:
    with pytest.raises(ValidationError) as exc:
        services.sheet_submit(actor=leader, project=project)
    assert "checklist" in exc.value.error_dict
    answer_checklist(project, leader, "nei")
    with pytest.raises(ValidationError):
        services.sheet_submit(actor=leader, project=project)
    answer_checklist(project, leader, "ikke_relevant")
    services.sheet_submit(actor=leader, project=project)


def test_full_flow_freezes_versions_and_diffs_cost_first(
    project: Project, leader: User, coordinator: User, personas: Personas
) -> None:
    answer_checklist(project, leader)
    v1 = services.sheet_submit(actor=leader, project=project)
    assert v1.number == 1 and v1.snapshot["cost_p50"] == "100"
    with pytest.raises(ValidationError):  # a submitted sheet is not returned without a comment
        services.sheet_start_review(actor=coordinator, project=project)
        services.sheet_return(actor=coordinator, project=project)
    services.sheet_comment(actor=coordinator, project=project, field="cost_p85", text="P85 virker lav.")
    services.sheet_return(actor=coordinator, project=project)
    project.refresh_from_db()
    assert project.status == "returnert" and project.is_editable
    comment = project.comments.get()
    services.sheet_answer(actor=personas.member_a, comment=comment, answer="Økt etter ny kalkyle.")
    services.project_update(
        actor=personas.member_a,
        project=project,
        lock_version=project.lock_version,
        data={"cost_p85": Decimal("140"), "title": "Kollektivfelt Nygårdsgaten (ny)"},
    )
    v2 = services.sheet_submit(actor=leader, project=Project.objects.get(pk=project.pk))
    services.sheet_start_review(actor=coordinator, project=project)
    services.sheet_approve(actor=coordinator, project=project)
    assert Project.objects.get(pk=project.pk).status == "kvalitetssikret"
    rows = services.diff(v1.snapshot, v2.snapshot)
    assert (
        rows[0] == ("cost_p85", "125", "140")
        and ("title", "Kollektivfelt Nygårdsgaten", "Kollektivfelt Nygårdsgaten (ny)") in rows
    )
    assert (
        services.diff(
            {"cost_p50": "45", "cost_profile": ["10", "25"]}, {"cost_p50": "45.00", "cost_profile": [10, 25.0]}
        )
        == []
    )
    page = login(coordinator).get(reverse("project-diff", args=[project.code, 1, 2])).content.decode()
    assert "P85" in page and "cost_p85" not in page and "125" in page  # labels and formatted values, no codes
    with pytest.raises(ValueError):
        v1.save()  # frozen
    events = list(
        AuditEvent.objects.filter(object_id=str(project.pk), object_type="projects.project").values_list(
            "event_type", flat=True
        )
    )
    assert {"project.submitted", "project.returned", "project.approved", "project.version_frozen"} <= set(events)


def test_transitions_from_wrong_states_are_refused(project: Project, coordinator: User) -> None:
    for service in (services.sheet_start_review, services.sheet_approve, services.sheet_return):
        with pytest.raises(ValidationError):
            service(actor=coordinator, project=project)


def test_roles_in_html(project: Project, personas: Personas, leader: User, coordinator: User) -> None:
    url = reverse("project-action", args=[project.code, "submit"])
    assert login(personas.member_a).post(url).status_code == 403  # a member edits but does not submit
    assert login(personas.observer).post(url).status_code == 403
    answer_checklist(project, leader)
    assert login(leader).post(url).status_code == 302
    assert Project.objects.get(pk=project.pk).status == "innsendt"
    review = reverse("project-action", args=[project.code, "review"])
    assert login(personas.member_a).post(review).status_code == 403
    assert login(coordinator).post(review).status_code == 302
    assert SheetVersion.objects.filter(project=project).count() == 1


def test_optimistic_locking_service(project: Project, personas: Personas) -> None:
    start = project.lock_version
    services.project_update(actor=personas.member_a, project=project, lock_version=start, data={"need": "A"})
    with pytest.raises(services.EditConflict) as exc:
        services.project_update(actor=personas.secretariat, project=project, lock_version=start, data={"need": "B"})
    assert exc.value.current["need"] == "A"


def test_optimistic_locking_html_keeps_both(project: Project, personas: Personas) -> None:
    a, b = login(personas.member_a), login(personas.secretariat)
    url = reverse("project-edit", args=[project.code])
    form_a = a.get(url).context["form"]
    data = {k: v for k, v in form_a.initial.items() if v is not None and k != "requires"}
    data.update(
        owner=project.owner_id,
        area_code="sentrum",
        phase="regulering",
        programme_area_code="kollektiv",
        focus_area_codes=["kollektiv"],
        title="Kollektivfelt Nygårdsgaten",
        cost_p10="90",
        cost_p50="100",
        cost_p85="125",
        price_year="2026",
        earliest_start="2027",
        latest_start="2028",
    )
    first = dict(data, need="Versjon fra A")
    assert a.post(url, first).status_code == 302
    second = dict(data, need="Versjon fra sekretariatet")
    response = b.post(url, second)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Versjon fra A" in html and "Versjon fra sekretariatet" in html  # both shown; nothing typed is lost
    conflict = response.context["conflict"]
    assert [label for label, _theirs, _mine in conflict] == ["Behov og problemet det løser"]  # 100 = 100.00
    new_lock = response.context["form"].data["lock_version"]
    assert b.post(url, dict(second, lock_version=new_lock)).status_code == 302
    assert Project.objects.get(pk=project.pk).need == "Versjon fra sekretariatet"


def test_list_filters_sort_and_bounded_queries(
    project: Project, personas: Personas, django_assert_max_num_queries: object
) -> None:
    for i in range(30):
        services.project_create(
            actor=personas.secretariat,
            owner=project.owner,
            area_code="vest",
            title=f"Fortau {i}",
            data={"cost_p50": Decimal(i)},
        )
    client = login(personas.member_b)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        html = client.get(reverse("project-list"), {"area": "vest", "sort": "-cost"}).content.decode()
    assert html.index("Fortau 29") < html.index("Fortau 28") and "Nygårdsgaten" not in html
    assert "Nygårdsgaten" not in client.get(reverse("project-list"), {"q": "Nygårds"}).content.decode()  # a draft
    html = login(personas.member_a).get(reverse("project-list"), {"q": "Nygårds"}).content.decode()
    assert "Nygårdsgaten" in html and "Fortau 1" not in html
    partial = client.get(reverse("project-list"), {"area": "vest"}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="results"')


def test_anonymous_is_sent_to_login(project: Project) -> None:
    assert Client().get(project.get_absolute_url()).status_code == 302


def test_checklist_items_apply_per_programme_area(project: Project, leader: User) -> None:
    from byvekst.projects.models import ChecklistAnswer, ChecklistItem

    cycling = ChecklistItem.objects.create(
        text="Hovedsykkelnettet er vurdert", programme_area_code="gst", mandatory=True
    )
    ChecklistAnswer.objects.create(project=project, item=cycling)
    answer_checklist(project, leader)  # answers every item, the cycling one too
    ChecklistAnswer.objects.filter(project=project, item=cycling).update(answer="")
    # The sheet is a public-transport project (programme area "kollektiv"): the cycling item does not apply.
    assert "checklist" not in services.submission_errors(project)
    Project.objects.filter(pk=project.pk).update(programme_area_code="gst")
    assert "Hovedsykkelnettet" in services.submission_errors(Project.objects.get(pk=project.pk))["checklist"]


def test_a_planner_writes_only_for_their_party(personas: Personas, project: Project) -> None:
    page = login(personas.member_a).get(reverse("project-new")).content.decode()
    assert ">Bergen kommune<" in page and ">Askøy kommune<" not in page  # the owner choices
    refused = login(personas.member_a).post(reverse("project-new"), {"owner": "x", "title": "Fortau"})
    assert refused.status_code in (403, 422) and not Project.objects.filter(title="Fortau").exists()
    url = reverse("project-owner", args=[project.code])
    assert login(personas.member_a).post(url, {"owner": 1, "reason": "x"}).status_code == 403
    client = login(personas.secretariat)
    askoy = Party.objects.get(slug="askoy")
    missing = client.post(url, {"owner": askoy.pk, "reason": ""})
    assert missing.status_code == 422 and 'id="id_reason-error"' in missing.content.decode()
    assert missing.context["owner_form"]["owner"].value() == str(askoy.pk)  # what was chosen is kept
    client.post(url, {"owner": askoy.pk, "reason": "Askøy overtar prosjektet"})
    project.refresh_from_db()
    assert project.owner == askoy
    event = AuditEvent.objects.get(event_type="project.owner_changed")
    assert event.new == {"owner": "Askøy kommune", "reason": "Askøy overtar prosjektet"}


def test_the_checklist_is_one_form_with_nothing_preset(project: Project, leader: User) -> None:
    client = login(leader)
    page = client.get(project.get_absolute_url())
    items = list(project.checklist.all())
    form = page.context["checklist_form"]
    assert all(form[f"answer-{a.item_id}"].value() == "" for a in items)  # not "Ja" before anyone answers
    assert page.content.decode().count(reverse("checklist-save", args=[project.code])) == 1
    url = reverse("checklist-save", args=[project.code])
    first, second = items[0].item_id, items[1].item_id
    typed = {f"answer-{first}": "ja", f"comment-{first}": "Sjekket mot planen", f"answer-{second}": "kanskje"}
    refused = client.post(url, typed)
    assert refused.status_code == 422 and f'id="id_answer-{second}-error"' in refused.content.decode()
    kept = refused.context["checklist_form"]
    assert kept[f"comment-{first}"].value() == "Sjekket mot planen"  # nothing typed is lost
    assert not project.checklist.exclude(answer="").exists()  # nothing partial is saved
    saved = client.post(url, {**typed, f"answer-{second}": "ikke_relevant"})
    assert saved.status_code == 302
    answers = {a.item_id: (a.answer, a.comment) for a in project.checklist.all()}
    assert answers[first] == ("ja", "Sjekket mot planen") and answers[second] == ("ikke_relevant", "")
    event = AuditEvent.objects.filter(event_type="project.checklist_answered").get()
    assert len(event.new) == 2  # one event naming only the items that changed
    words = client.get(reverse("audit-log")).content.decode()
    assert "ikke_relevant" not in words and "Ikke relevant" in words
