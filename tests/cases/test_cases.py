from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx
from icalendar import Calendar

from byvekst.audit.models import AuditEvent
from byvekst.cases import services
from byvekst.cases.models import Case, Meeting, Treatment
from byvekst.governance.models import Forum, Membership, Party, User
from byvekst.governance.services import membership_create
from tests.cases.conftest import PAPER, anchor_all, attend
from tests.conftest import Personas, login, printed
from tests.factories import UserFactory


def test_numbering_per_year(personas: Personas) -> None:
    numbers = [
        services.case_open(
            actor=personas.secretariat, title=f"Sak {y}", subject="annet", officer=personas.secretariat, year=y
        ).number
        for y in (2027, 2027, 2028)
    ]
    assert numbers == ["2027/1", "2027/2", "2028/1"]


def test_competence_refusal_names_the_reason(case: Case, council: Forum, personas: Personas) -> None:
    with pytest.raises(ValidationError) as exc:
        services.treatment_add(actor=personas.secretariat, case=case, kind="vedtak", forum=council)
    message = exc.value.error_dict["kind"][0].messages[0]
    assert "Prioriteringsrådet" in message and "Vedtak" in message
    steering = Forum.objects.get(slug="styringsgruppen")
    assert services.treatment_add(actor=personas.secretariat, case=case, kind="vedtak", forum=steering).kind == "vedtak"
    assert (
        services.treatment_add(
            actor=personas.secretariat, case=case, kind="vedtak", outside_body="Bystyret i Bergen"
        ).body_name
        == "Bystyret i Bergen"
    )


def test_paper_without_required_fields_cannot_go_on_an_agenda(
    case: Case, council: Forum, meeting: Meeting, personas: Personas
) -> None:
    t = services.treatment_add(actor=personas.secretariat, case=case, kind="innstilling", forum=council)
    with pytest.raises(ValidationError) as exc:
        services.agenda_add(actor=personas.secretariat, meeting=meeting, treatment=t)
    assert set(exc.value.error_dict) == set(PAPER)
    with pytest.raises(ValidationError):
        services.paper_save(actor=personas.secretariat, paper=t.paper, data={"why": "x"}, finalise=True)
    services.paper_save(actor=personas.secretariat, paper=t.paper, data=PAPER, finalise=True)
    item = services.agenda_add(actor=personas.secretariat, meeting=meeting, treatment=t)
    assert item.order == 1 and not item.late_paper


def test_late_paper_is_marked(treatment: Treatment, council: Forum, personas: Personas) -> None:
    soon = timezone.now() + dt.timedelta(days=2)  # deadline is 7 days before: the paper is late
    meeting = services.meeting_schedule(
        actor=personas.secretariat,
        forum=council,
        starts_at=soon,
        ends_at=soon + dt.timedelta(hours=1),
        video_link="https://møte.example/1",
    )
    assert services.agenda_add(actor=personas.secretariat, meeting=meeting, treatment=treatment).late_paper


def test_quorum_counts_members_only(meeting: Meeting, personas: Personas) -> None:
    # Members: a, pr-vlfk, pr-sd (3; majority needs 2). Observer and secretary present do not help.
    attend(meeting, personas, a="present", obs="present", pr_vlfk="absent", pr_sd="excused")
    assert services.quorum(meeting) == (1, 2, False)
    attend(meeting, personas, pr_vlfk="present")
    assert services.quorum(meeting) == (2, 2, True)


def test_decision_with_reservation_votes_and_observer_refused(
    treatment: Treatment, held: Meeting, personas: Personas
) -> None:
    item = services.agenda_add(actor=personas.secretariat, meeting=held, treatment=treatment)
    anchor_all(treatment, personas)
    attend(held, personas, a="present", obs="present", pr_vlfk="present", pr_sd="present")
    with pytest.raises(ValidationError) as exc:
        services.decision_record(
            actor=personas.secretariat, item=item, text="Innstilt", mode="vote", votes={personas.observer.pk: "for"}
        )
    assert "votes" in exc.value.error_dict
    d = services.decision_record(
        actor=personas.secretariat,
        item=item,
        text="Innstilt",
        mode="reservations",
        reservations={"sd": "Statens vegvesen tar forbehold om rammen for 2029."},
    )
    assert d.number == f"PR-{held.year}-01"
    assert Treatment.objects.get(pk=treatment.pk).status == "treated"


def test_no_decision_without_quorum(treatment: Treatment, held: Meeting, personas: Personas) -> None:
    item = services.agenda_add(actor=personas.secretariat, meeting=held, treatment=treatment)
    anchor_all(treatment, personas)
    attend(held, personas, a="present", obs="present")
    with pytest.raises(ValidationError) as exc:
        services.decision_record(actor=personas.secretariat, item=item, text="x", mode="consensus")
    assert "quorum" in exc.value.error_dict


def test_minutes_flow_and_excerpt_filed_on_case(
    treatment: Treatment, held: Meeting, council: Forum, personas: Personas
) -> None:
    item = services.agenda_add(actor=personas.secretariat, meeting=held, treatment=treatment)
    anchor_all(treatment, personas)
    attend(held, personas, a="present", pr_vlfk="present", pr_sd="present")
    services.decision_record(actor=personas.secretariat, item=item, text="Innstilt som foreslått", mode="consensus")
    services.meeting_close(actor=personas.secretariat, meeting=held)
    assert "Innstilt som foreslått" in held.minutes
    services.minutes_circulate(
        actor=personas.secretariat,
        meeting=held,
        minutes=held.minutes + "\nRettet.",
        deadline=timezone.localdate() + dt.timedelta(days=5),
    )
    with pytest.raises(ValidationError):  # the comment deadline has not passed
        services.minutes_approve(actor=personas.secretariat, meeting=held)
    later = services.meeting_schedule(
        actor=personas.secretariat,
        forum=council,
        starts_at=held.starts_at + dt.timedelta(days=30),
        ends_at=held.starts_at + dt.timedelta(days=30, hours=2),
        place="Rådhuset",
    )
    services.minutes_approve(actor=personas.secretariat, meeting=held, in_meeting=later)
    assert "Innstilt som foreslått" in Treatment.objects.get(pk=treatment.pk).minutes_excerpt
    services.minutes_publish(actor=personas.secretariat, meeting=held)
    assert Meeting.objects.get(pk=held.pk).minutes_status == "published"


def test_case_timeline_is_in_order(treatment: Treatment, personas: Personas) -> None:
    events = list(
        AuditEvent.objects.filter(object_type="cases.case", object_id=str(treatment.case_id))
        .values_list("event_type", flat=True)
        .order_by("seq")
    )
    assert events == ["case.opened", "case.treatment_added", "case.paper_saved"]
    html = login(personas.outsider).get(treatment.case.get_absolute_url()).content.decode()
    assert html.index("Sak opprettet") < html.index("Behandling lagt til saken") < html.index("Saksframlegg lagret")
    assert "case.opened" not in html


def test_ics_and_documents(treatment: Treatment, meeting: Meeting, personas: Personas, tmp_path: Path) -> None:
    services.agenda_add(actor=personas.secretariat, meeting=meeting, treatment=treatment)
    client = login(personas.member_a)  # a council member reads its papers; Askøy's planner is not in the council
    assert login(personas.member_b).get(reverse("paper-export", args=[treatment.pk, "docx"])).status_code == 404
    for user in (personas.secretariat, personas.member_a, personas.observer):
        User.objects.filter(pk=user.pk).update(email=f"{user.username}@example.no")
    membership_create(
        actor=personas.secretariat,
        person=personas.secretariat,
        forum=meeting.forum,
        party=None,
        role=Membership.Role.SECRETARY,
        start=dt.date(2026, 1, 1),
    )
    cal = Calendar.from_ical(client.get(reverse("meeting-ics", args=[meeting.pk])).content)
    event = next(iter(cal.walk("VEVENT")))
    assert str(event["location"]) == "Rådhuset, møterom 3" and "Handlingsprogram" in str(event["description"])
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["organizer"]) == "mailto:sek@example.no"  # the forum's secretary organises
    attendees = {str(a): a.params["ROLE"] for a in event.get("attendee")}
    assert (
        attendees["mailto:a@example.no"] == "REQ-PARTICIPANT"
        and attendees["mailto:obs@example.no"] == "OPT-PARTICIPANT"
    )
    doc = Docx(io.BytesIO(client.get(reverse("paper-export", args=[treatment.pk, "docx"])).content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert PAPER["why"] in text and PAPER["further_handling"] in text
    agenda = Docx(io.BytesIO(client.get(reverse("meeting-document", args=[meeting.pk, "saksliste", "docx"])).content))
    assert any("2027/1" in c.text for t in agenda.tables for r in t.rows for c in r.cells)
    assert PAPER["draft_conclusion"] in "\n".join(p.text for p in agenda.paragraphs)  # proposed conclusions
    section = agenda.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4, not US Letter
    assert client.get(reverse("meeting-document", args=[meeting.pk, "saksliste", "pdf"])).content.startswith(b"%PDF")
    paper = client.get(reverse("paper-export", args=[treatment.pk, "docx"]))
    assert f"-{treatment.pk}.docx" in paper["Content-Disposition"]  # one file name per treatment
    page = printed(paper.content, tmp_path)  # as LibreOffice prints it
    assert page.size_mm == (210, 297) and PAPER["why"] in page.flat


def test_anchoring_by_the_party_only(treatment: Treatment, personas: Personas) -> None:
    url = reverse("anchoring", args=[treatment.pk, "bergen"])
    assert login(personas.member_b).post(url, {"status": "ja"}).status_code == 403  # Askøy, not in the council
    assert login(personas.observer).post(url, {"status": "ja"}).status_code == 403
    login(personas.member_a).post(url, {"status": "delvis", "comment": ""})
    assert not treatment.anchorings.exists()  # "partly" needs a comment
    login(personas.member_a).post(url, {"status": "delvis", "comment": "Til behandling i byrådet 4. mars"})
    assert treatment.anchorings.get().status == "delvis"


def test_observer_vote_refused_in_html_and_api(treatment: Treatment, held: Meeting, personas: Personas) -> None:
    item = services.agenda_add(actor=personas.secretariat, meeting=held, treatment=treatment)
    anchor_all(treatment, personas)
    attend(held, personas, a="present", obs="present", pr_vlfk="present", pr_sd="present")
    # The observer has no vote control at all; a forged post with the observer's vote is refused.
    html = login(personas.secretariat).get(held.get_absolute_url()).content.decode()
    assert f'name="vote-{personas.observer.pk}"' not in html and f'name="vote-{personas.member_a.pk}"' in html
    login(personas.secretariat).post(
        reverse("meeting-action", args=[held.pk, "decision"]),
        {"item": item.pk, "text": "x", "mode": "vote", f"vote-{personas.observer.pk}": "for"},
    )
    assert not hasattr(Treatment.objects.get(pk=treatment.pk).agenda_item, "decision")
    response = login(personas.secretariat).post(
        f"/api/meetings/{held.pk}/decisions",
        data=json.dumps({"item": item.pk, "text": "x", "mode": "vote", "votes": {"obs": "for"}}),
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "votes"
    assert (
        login(personas.observer)
        .post(reverse("meeting-action", args=[held.pk, "decision"]), {"item": item.pk})
        .status_code
        == 403
    )


def test_api_cases(personas: Personas, council: Forum) -> None:
    client = login(personas.secretariat)
    bad = client.post(
        "/api/cases",
        data=json.dumps({"title": "", "subject": "annet", "officer": "sek"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "title"
    ok = client.post(
        "/api/cases",
        data=json.dumps({"title": "Avvik sykkelstamveg", "subject": "avvik", "officer": "sek"}),
        content_type="application/json",
    )
    assert ok.status_code == 201
    year, seq = ok.json()["number"].split("/")
    refused = client.post(
        f"/api/cases/{year}/{seq}/treatments",
        data=json.dumps({"kind": "vedtak", "forum": "samordningsfunksjonen"}),
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "kind"
    assert (
        login(personas.member_a)
        .post(
            "/api/cases",
            data=json.dumps({"title": "x", "subject": "annet", "officer": "sek"}),
            content_type="application/json",
        )
        .status_code
        == 403
    )


def test_decision_register_search(
    treatment: Treatment, held: Meeting, personas: Personas, django_assert_max_num_queries: Any
) -> None:
    item = services.agenda_add(actor=personas.secretariat, meeting=held, treatment=treatment)
    anchor_all(treatment, personas)
    attend(held, personas, a="present", pr_vlfk="present")
    services.decision_record(actor=personas.secretariat, item=item, text="Innstilt handlingsprogram", mode="consensus")
    client = login(personas.outsider)
    with django_assert_max_num_queries(10):
        html = client.get(
            reverse("decision-register"), {"forum": "prioriteringsradet", "q": "handlingsprogram"}
        ).content.decode()
    assert "PR-" in html
    assert "PR-" not in client.get(reverse("decision-register"), {"forum": "styringsgruppen"}).content.decode()


# action -> [(object key, who may)] for the permission-matrix completeness test
MATRIX: dict[str, list[tuple[str, set[str]]]] = {
    "case.view": [("none", {"secretariat", "member_a", "member_b", "observer", "outsider"})],
    "case.manage": [("none", {"secretariat"})],
    "meeting.manage": [("council", {"secretariat"})],
    "anchoring.record": [("bergen", {"secretariat", "member_a"}), ("kdd", {"secretariat"})],
    # A final paper: the forum's participants (observers too) and the secretariat; Askøy's planner and the
    # outsider are in no forum that treats the case.
    "paper.read": [("paper", {"secretariat", "member_a", "observer"}), ("draft", {"secretariat"})],
    "paper.comment": [("paper", {"secretariat", "member_a", "observer"})],
    "minutes.read": [
        ("minutes_draft", {"secretariat", "member_a", "observer"}),
        ("minutes_approved", {"secretariat", "member_a", "member_b", "observer", "outsider"}),
    ],
}


def test_permission_matrix(treatment: Treatment, council: Forum, personas: Personas) -> None:
    from byvekst.core.policy import can

    draft = services.treatment_add(
        actor=personas.secretariat,
        case=treatment.case,
        kind="drofting",
        forum=Forum.objects.get(slug="samordningsfunksjonen"),
    )
    start = timezone.now()
    minutes = services.meeting_schedule(
        actor=personas.secretariat, forum=council, starts_at=start, ends_at=start + dt.timedelta(hours=1), place="x"
    )
    approved = Meeting(forum=council, minutes_status="approved")
    objects = {
        "none": None,
        "council": council,
        "bergen": (treatment, Party.objects.get(slug="bergen")),
        "kdd": (treatment, Party.objects.get(slug="kdd")),
        "paper": treatment,
        "draft": draft,
        "minutes_draft": minutes,
        "minutes_approved": approved,
    }  # KDD sits in the council only as observer
    for action, rows in MATRIX.items():
        for key, allowed in rows:
            for name, user in personas.all().items():
                user.__dict__.pop("_forum_roles", None)
                assert can(user, action, objects[key]) == (name in allowed), (action, key, name)


def test_project_timeline_joins_sheet_and_case_events(personas: Personas, project: Any, council: Forum) -> None:
    case = services.case_open(
        actor=personas.secretariat, title="Avvik", subject="avvik", officer=personas.secretariat, projects=[project]
    )
    services.treatment_add(actor=personas.secretariat, case=case, kind="vedtak", forum=council)
    client = login(personas.member_a)
    assert reverse("project-history", args=[project.code]) in client.get(project.get_absolute_url()).content.decode()
    html = client.get(reverse("project-history", args=[project.code]), HTTP_HX_REQUEST="true").content.decode()
    assert "Ark opprettet" in html and "Sak opprettet" in html and "Behandling lagt til saken" in html
    assert html.index("Behandling lagt til saken") < html.index("Ark opprettet")  # newest first
    assert "project.created" not in html and "case.opened" not in html


def test_admin_changes_are_audited(personas: Personas) -> None:
    from django.test import Client

    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/admin/projects/checklistitem/add/",
        {"text": "Støy er vurdert", "programme_area_code": "", "mandatory": "on", "order": 5, "active": "on"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(event_type="admin.added", object_repr="Støy er vurdert").exists()


def test_decision_follow_up_in_html_and_api(treatment: Treatment, held: Meeting, personas: Personas) -> None:
    item = services.agenda_add(actor=personas.secretariat, meeting=held, treatment=treatment)
    anchor_all(treatment, personas)
    attend(held, personas, a="present", pr_vlfk="present")
    d = services.decision_record(actor=personas.secretariat, item=item, text="Innstilt", mode="consensus")
    client = login(personas.secretariat)
    client.post(
        reverse("decision-follow-up", args=[d.pk]),
        {"follow_up": "in_progress", "responsible": "Sekretariatet", "due": "2027-03-01"},
    )
    d.refresh_from_db()
    assert (d.follow_up, d.responsible, d.due) == ("in_progress", "Sekretariatet", dt.date(2027, 3, 1))
    response = client.patch(
        f"/api/decisions/{d.number}/follow-up", data=json.dumps({"follow_up": "done"}), content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["follow_up"] == "done"
    bad = client.patch(
        f"/api/decisions/{d.number}/follow-up", data=json.dumps({"follow_up": "maybe"}), content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "follow_up"
    assert login(personas.member_a).post(reverse("decision-follow-up", args=[d.pk]), {}).status_code == 403


def test_conflict_of_interest_keeps_the_member_from_voting(
    treatment: Treatment, held: Meeting, personas: Personas
) -> None:
    item = services.agenda_add(actor=personas.secretariat, meeting=held, treatment=treatment)
    anchor_all(treatment, personas)
    attend(held, personas, a="present", pr_vlfk="present", pr_sd="present")
    login(personas.secretariat).post(
        reverse("meeting-action", args=[held.pk, "conflict"]),
        {"item": item.pk, "person": personas.member_a.pk, "note": "Eier tomten"},
    )
    assert item.conflicts.get().note == "Eier tomten"
    with pytest.raises(ValidationError) as exc:
        services.decision_record(
            actor=personas.secretariat, item=item, text="x", mode="vote", votes={personas.member_a.pk: "for"}
        )
    assert "votes" in exc.value.error_dict
