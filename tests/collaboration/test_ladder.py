"""The disagreement ladder: registered at the lowest level, escalated by itself when the time box runs out (with
a controlled clock and a notice to the next level's leader), lifted by a party, resolved with a reservation, and
shown in the minutes and the case paper."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from byvekst.audit.models import AuditEvent
from byvekst.cases import services as cases
from byvekst.cases.documents import paper_document
from byvekst.collaboration import services
from byvekst.collaboration.models import Disagreement, LadderRules
from byvekst.core.policy import can
from byvekst.governance.models import Forum, Party, User
from byvekst.projects.models import Project
from tests.conftest import Personas, login

T0 = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


def _register(personas: Personas, project: Project, level: int = 1, now: dt.datetime = T0) -> Disagreement:
    return services.disagreement_register(
        actor=personas.member_a,
        title="Traséval for sykkelveien",
        level=level,
        positions={Party.objects.get(slug="bergen"): "Langs sjøen", Party.objects.get(slug="vlfk"): "Langs vegen"},
        project=project,
        now=now,
    )


def test_it_escalates_when_the_time_box_runs_out(
    project: Project, personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    LadderRules.objects.create(days_working_group=10, days_coordination=5)
    User.objects.filter(pk=personas.secretariat.pk).update(email="sek@example.no")  # leads the coordination function
    d = _register(personas, project)
    assert d.forum == Forum.objects.get(slug="arbeidsgruppe-sentrum") and d.due == T0 + dt.timedelta(days=10)
    assert services.escalate_overdue(now=T0 + dt.timedelta(days=9, hours=23)) == []
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.escalate_overdue(now=T0 + dt.timedelta(days=10, minutes=1))
    assert [m.pk for m in moved] == [d.pk]
    d.refresh_from_db()
    assert d.level == 2 and d.forum.slug == "samordningsfunksjonen"
    assert d.due == T0 + dt.timedelta(days=15, minutes=1)
    assert [s.reason for s in d.steps.all()] == ["registered", "time_box"]
    assert mail.outbox[-1].to == ["sek@example.no"] and "Samordningsfunksjonen" in mail.outbox[-1].body
    services.escalate_overdue(now=T0 + dt.timedelta(days=40))
    services.escalate_overdue(now=T0 + dt.timedelta(days=200))
    services.escalate_overdue(now=T0 + dt.timedelta(days=400))
    d.refresh_from_db()
    assert d.level == 4 and d.forum.slug == "styringsgruppen"  # the top: it stays, marked overdue
    assert AuditEvent.objects.filter(event_type="disagreement.escalated").count() == 3


def test_bad_registrations_are_named(project: Project, personas: Personas) -> None:
    with pytest.raises(ValidationError) as e:
        services.disagreement_register(actor=personas.member_a, title=" ", level=9, positions={}, now=T0)
    assert set(e.value.message_dict) == {"title", "subject", "level", "position"}
    case = cases.case_open(
        actor=personas.secretariat, title="Sak uten prosjekter", subject="annet", officer=personas.secretariat
    )
    with pytest.raises(ValidationError) as e:  # a case without sheets has no working group
        services.disagreement_register(
            actor=personas.member_a, title="x", level=1, positions={Party.objects.get(slug="bergen"): "y"}, case=case
        )
    assert "level" in e.value.message_dict


def test_lifted_resolved_and_written_in_the_minutes_and_the_paper(project: Project, personas: Personas) -> None:
    case = cases.case_open(
        actor=personas.secretariat, title="Trasé", subject="annet", officer=personas.secretariat, projects=[project]
    )
    d = services.disagreement_register(
        actor=personas.member_a,
        title="Traséval",
        level=3,
        positions={Party.objects.get(slug="bergen"): "Langs sjøen"},
        case=case,
    )
    assert can(personas.member_a, "disagreement.lift", d) and not can(personas.member_b, "disagreement.lift", d)
    services.disagreement_lift(actor=personas.member_a, disagreement=d)
    assert d.forum.slug == "styringsgruppen"
    with pytest.raises(ValidationError):
        services.disagreement_lift(actor=personas.member_a, disagreement=d)
    treatment = cases.treatment_add(actor=personas.secretariat, case=case, kind="drofting", forum=d.forum)
    assert "Traséval" in json.dumps(
        [getattr(b, "rows", None) for b in paper_document(treatment).blocks], ensure_ascii=False
    )
    decision = decide_case(case)
    minutes = cases.minutes_text(decision.item.meeting)
    assert "Vedtatt mens en uenighet var åpen: Traséval (hos styringsgruppen)." in minutes
    services.disagreement_resolve(
        actor=personas.secretariat, disagreement=d, outcome="Langs sjøen", reservation="Vestland fylkeskommune"
    )
    assert d.status == "resolved" and not can(personas.secretariat, "disagreement.resolve", d)
    with pytest.raises(ValidationError):
        services.position_set(actor=personas.member_a, disagreement=d, party=Party.objects.get(slug="bergen"), text="x")


def decide_case(case: Any) -> Any:
    from tests.conftest import treat

    return treat(case, forum="styringsgruppen", kind="vedtak", text="Traseen langs sjøen velges.")


def test_the_register_page_and_the_api(project: Project, personas: Personas) -> None:
    client = login(personas.member_a)
    bad = client.post(
        "/samarbeid/uenigheter/",
        {
            "title": "Trasé",
            "subject": "XX-1",
            "level": "1",
            "party": Party.objects.get(slug="bergen").pk,
            "position": "Sjøen",
        },
    )
    assert bad.status_code == 422 and 'value="Trasé"' in bad.content.decode()
    assert "Ingen sak eller prosjektark har dette nummeret." in bad.content.decode()
    made = client.post(
        "/samarbeid/uenigheter/",
        {
            "title": "Trasé",
            "subject": project.code,
            "level": "1",
            "party": Party.objects.get(slug="bergen").pk,
            "position": "Sjøen",
        },
    )
    d = Disagreement.objects.get()
    assert made.url == d.get_absolute_url()
    page = client.get(d.get_absolute_url()).content.decode()
    assert "Arbeidsgruppe Bergen sentrum" in page and "Sjøen" in page
    listed = client.get("/api/disagreements", {"status": "open"}).json()
    assert listed["count"] == 1 and listed["items"][0]["level_name"] == "Arbeidsgruppe"
    other = login(personas.member_b)
    body = json.dumps({"title": "x", "project": project.code, "party": "bergen", "position": "y"})
    assert other.post("/api/disagreements", body, "application/json").status_code == 403  # not Bergen's
    lifted = client.post(f"/api/disagreements/{d.pk}/lift", "{}", "application/json").json()
    assert lifted["level"] == 2
    resolved = login(personas.secretariat).post(
        f"/api/disagreements/{d.pk}/resolve", json.dumps({"outcome": "Sjøen"}), "application/json"
    )
    assert resolved.json()["status"] == "resolved"


@pytest.mark.parametrize("extra", [2, 12])
def test_the_register_is_flat_in_queries(
    extra: int, project: Project, personas: Personas, django_assert_max_num_queries: Any
) -> None:
    for i in range(extra):
        _register(personas, project, now=timezone.now() - dt.timedelta(days=i))
    client = login(personas.member_a)
    with django_assert_max_num_queries(15):
        assert client.get("/samarbeid/uenigheter/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/disagreements").status_code == 200
