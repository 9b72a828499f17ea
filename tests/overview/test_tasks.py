"""Mine oppgaver: each persona's work list in their roles — sheets to write, submit and quality-assure, papers and
anchoring before a meeting, status reports and orders due — on the home page, in the navigation's count, as
JSON and by e-mail; the list stays flat in queries."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from byvekst.cases import services as cases
from byvekst.followup import services as followup
from byvekst.governance.models import Forum, Party, User
from byvekst.overview.tasks import tasks_for
from byvekst.projects import services as projects
from byvekst.projects.models import Project
from tests.conftest import Personas, complete_data, login
from tests.followup.conftest import green, now_period, programme  # noqa: F401 - the adopted programme of A and B


def kinds(user: Any) -> list[tuple[str, str]]:
    return [(t.kind, t.title.split(" ")[0]) for t in tasks_for(user)]


@pytest.mark.usefixtures("programme")
def test_a_group_leader_is_told_to_report_submit_and_explain(personas: Personas, leader: User) -> None:
    draft = projects.project_create(
        actor=leader,
        owner=Party.objects.get(slug="bergen"),
        area_code="sentrum",
        title="Ny holdeplass",
        data=complete_data(),
    )
    mine = kinds(leader)
    assert ("Send statusrapporten", "A") in mine and ("Send statusrapporten", "B") in mine
    assert ("Send arket til samordning", draft.code) in mine
    year, period = now_period()
    due = next(t.due for t in tasks_for(leader) if t.kind == "Send statusrapporten")
    assert due is not None and due.year == year and due >= timezone.localdate()
    followup.report_submit(
        actor=leader,
        project=Project.objects.get(code="A"),
        year=year,
        period=period,
        data=green(forecast_p50="150", forecast_p85="170"),
    )
    mine = kinds(leader)
    assert ("Send statusrapporten", "A") not in mine and ("Forklar avviket", "A:") in mine
    # The member who is not the leader writes but does not submit; the coordination function quality-assures.
    assert ("Skriv prosjektarket", "Ny") not in kinds(personas.member_b)
    Project.objects.filter(pk=draft.pk).update(status="innsendt")  # submitted (the flow is tested in projects)
    assert ("Kvalitetssikre arket", draft.code) in kinds(personas.secretariat)


def test_meetings_papers_anchoring_and_orders(personas: Personas) -> None:
    council = Forum.objects.get(slug="prioriteringsradet")
    case = cases.case_open(
        actor=personas.secretariat, title="Avvik på Bybanen", subject="avvik", officer=personas.secretariat
    )
    treatment = cases.treatment_add(actor=personas.secretariat, case=case, kind="vedtak", forum=council)
    start = timezone.now() + dt.timedelta(days=10)
    meeting = cases.meeting_schedule(
        actor=personas.secretariat,
        forum=council,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Rådhuset",
    )
    assert ("Gjør ferdig saksframlegget", case.number) in kinds(personas.secretariat)
    from tests.cases.conftest import PAPER

    cases.paper_save(actor=personas.secretariat, paper=treatment.paper, data=PAPER, finalise=True)
    assert ("Sett saken på sakslisten", case.number) in kinds(personas.secretariat)
    cases.agenda_add(actor=personas.secretariat, meeting=meeting, treatment=treatment)
    member = kinds(personas.member_a)  # Bergen's member of the Council
    assert ("Møte", "Prioriteringsrådet") in member and ("Registrer partens forankring", case.number) in member
    observer = kinds(personas.observer)
    assert ("Møte", "Prioriteringsrådet") in observer
    assert not any(k == "Registrer partens forankring" for k, _t in observer)  # observers do not anchor
    followup.order_create(
        actor=personas.secretariat,
        title="Notat om kostnader",
        deliverable="x",
        due=timezone.localdate(),
        report_form="memo",
        to_party=Party.objects.get(slug="bergen"),
        reference="Sak",
    )
    assert ("Svar på bestillingen", "B" + str(timezone.localdate().year) + "/1") in kinds(personas.member_a)
    assert kinds(personas.outsider) == []


def test_home_page_navigation_count_api_and_digest(personas: Personas) -> None:
    cache.clear()
    followup.order_create(
        actor=personas.secretariat,
        title="Notat",
        deliverable="x",
        due=timezone.localdate() - dt.timedelta(days=2),
        report_form="memo",
        to_person=personas.member_b,
        reference="Sak",
    )
    client = login(personas.member_b)
    home = client.get("/").content.decode()
    assert "Mine oppgaver" in home and "Svar på bestillingen" in home and "forfalt" in home
    assert 'hx-get="/mine-oppgaver/antall/"' in home
    assert "1" in client.get("/mine-oppgaver/antall/").content.decode()
    assert "Ingenting venter på deg nå." in login(personas.outsider).get("/").content.decode()
    listed = client.get("/api/me/tasks").json()
    assert [(t["kind"], t["overdue"]) for t in listed] == [("Svar på bestillingen", True)]
    User.objects.filter(pk=personas.member_b.pk).update(email="b@example.no")
    call_command("digest", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["b@example.no"]] and "Svar på bestillingen: B" in mail.outbox[0].body


@pytest.mark.parametrize("extra", [2, 15])
def test_the_work_list_is_flat_in_queries(
    extra: int, personas: Personas, leader: User, django_assert_max_num_queries: Any
) -> None:
    for i in range(extra):
        projects.project_create(
            actor=leader,
            owner=Party.objects.get(slug="bergen"),
            area_code="sentrum",
            title=f"Ark {i}",
            data=complete_data(),
        )
        followup.order_create(
            actor=personas.secretariat,
            title=f"Notat {i}",
            deliverable="x",
            due=timezone.localdate(),
            report_form="memo",
            to_party=Party.objects.get(slug="bergen"),
            reference="Sak",
        )
    client = login(leader)
    with django_assert_max_num_queries(30):
        assert client.get("/").status_code == 200
    assert len(tasks_for(leader)) >= 2 * extra
