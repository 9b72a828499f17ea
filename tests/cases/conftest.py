"""Shared cases fixtures: the Council with members from three parties, a case with a final paper for it, a
meeting in two weeks and one held an hour ago."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from byvekst.cases import services
from byvekst.cases.models import Case, Meeting, Treatment
from byvekst.governance import services as gov
from byvekst.governance.models import Forum, Party, User
from tests.conftest import START, Personas
from tests.factories import UserFactory

PAPER = {
    "why": "Prioriteringsrådet innstiller handlingsprogrammet.",
    "mandate_basis": "Mandatet pkt. 1",
    "draft_conclusion": "Prioriteringsrådet innstiller forslaget.",
    "background": "Bakgrunn",
    "assessment": "Vurdering",
    "consequences": "Innenfor rammene",
    "further_handling": "Styringsgruppen i mars",
}


@pytest.fixture
def council(personas: Personas) -> Forum:
    forum = Forum.objects.get(slug="prioriteringsradet")
    for slug in ("vlfk", "sd"):
        user = UserFactory(username=f"pr-{slug}", party=Party.objects.get(slug=slug))
        gov.membership_create(
            actor=personas.secretariat, person=user, forum=forum, party=user.party, role="medlem", start=START
        )
    return forum


@pytest.fixture
def case(personas: Personas) -> Case:
    return services.case_open(
        actor=personas.secretariat,
        title="Handlingsprogram 2027–2030",
        subject="handlingsprogram",
        officer=personas.secretariat,
        year=2027,
    )


@pytest.fixture
def treatment(case: Case, council: Forum, personas: Personas) -> Treatment:
    t = services.treatment_add(actor=personas.secretariat, case=case, kind="innstilling", forum=council)
    services.paper_save(actor=personas.secretariat, paper=t.paper, data=PAPER, finalise=True)
    return t


@pytest.fixture
def meeting(council: Forum, personas: Personas) -> Meeting:
    """A meeting in two weeks (papers are on time for it)."""
    start = timezone.now() + dt.timedelta(days=14)
    return services.meeting_schedule(
        actor=personas.secretariat,
        forum=council,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Rådhuset, møterom 3",
    )


@pytest.fixture
def held(council: Forum, personas: Personas) -> Meeting:
    """A meeting that began an hour ago: decisions are recorded while it is held."""
    start = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    return services.meeting_schedule(
        actor=personas.secretariat,
        forum=council,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Rådhuset, møterom 3",
    )


def anchor_all(treatment: Treatment, personas: Personas) -> None:
    """Every voting party of the council records its anchoring (the council's mandate requires it)."""
    for party in ("bergen", "vlfk", "sd"):
        services.anchoring_record(
            actor=personas.secretariat, treatment=treatment, party=Party.objects.get(slug=party), status="ja"
        )


def attend(meeting: Meeting, personas: Personas, **status: str) -> None:
    users = {u.username: u for u in User.objects.all()}
    services.attendance_record(
        actor=personas.secretariat,
        meeting=meeting,
        statuses={users[k.replace("_", "-")].pk: v for k, v in status.items()},
    )


@pytest.fixture
def closed(treatment: Treatment, held: Meeting, personas: Personas) -> Meeting:
    """The held meeting with its decision and approved minutes: closed."""
    item = services.agenda_add(actor=personas.secretariat, meeting=held, treatment=treatment)
    anchor_all(treatment, personas)
    attend(held, personas, a="present", pr_vlfk="present", pr_sd="present")
    services.decision_record(actor=personas.secretariat, item=item, text="Innstilt som foreslått", mode="consensus")
    services.meeting_close(actor=personas.secretariat, meeting=held)
    services.minutes_circulate(
        actor=personas.secretariat, meeting=held, minutes=held.minutes, deadline=timezone.localdate()
    )
    services.minutes_approve(actor=personas.secretariat, meeting=held)
    held.refresh_from_db()
    assert held.is_closed
    return held
