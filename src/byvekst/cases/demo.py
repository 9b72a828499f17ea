"""Demo case history: a deviation case (Sykkelstamveg delstrekning 3 got ~100 MNOK less than asked, FACTS §1.4)
treated in a held meeting of Prioriteringsrådet with a reservation and approved minutes, and sent on to
Styringsgruppen; plus the first meetings of Styringsgruppen and Samordningsfunksjonen."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from byvekst.cases import services
from byvekst.cases.models import Case
from byvekst.governance.models import Forum, User
from byvekst.projects.models import Project

PAPER = {
    "why": "Prioriteringsrådet behandler avvik i gjennomføringen av handlingsprogrammet (mandatet, ansvar pkt. 4).",
    "mandate_basis": "Mandat for Prioriteringsrådet v1: «Behandle avvik og gi råd om gjennomføring».",
    "draft_conclusion": "Prioriteringsrådet anbefaler at delstrekning 3 bygges i to trinn innenfor rammen, og "
    "legger saken fram for Styringsgruppen.",
    "background": "Sykkelstamveg Nesttun–Fjøsanger delstrekning 3 fikk i HP 2024–27 en ramme i overkant av 100 mill. "
    "lavere enn omsøkt. Tiltaket må skaleres ned eller bygges delvis.",
    "assessment": "Trinnvis utbygging gir sammenhengende sykkelveg fra 2029 uten å fortrenge andre prosjekter.",
    "consequences": "Ingen økning av rammen; trinn 2 prioriteres ved neste rullering.",
    "positions": "Statens vegvesen ønsker full utbygging nå; Bergen kommune støtter trinnvis løsning.",
    "further_handling": "Styringsgruppen, neste møte.",
}


@transaction.atomic
def load_demo_cases() -> bool:
    if Case.objects.exists():
        return False
    secretariat = User.objects.get(username="sekretariat")
    council = Forum.objects.get(slug="prioriteringsradet")
    steering = Forum.objects.get(slug="styringsgruppen")
    coordination = Forum.objects.get(slug="samordningsfunksjonen")
    case = services.case_open(
        actor=secretariat,
        title="Avvik: Sykkelstamveg Nesttun–Fjøsanger delstrekning 3",
        subject="avvik",
        officer=secretariat,
        projects=list(Project.objects.filter(code="SO-2027-001")),
    )
    treatment = services.treatment_add(actor=secretariat, case=case, kind="vedtak", forum=council)
    services.paper_save(actor=secretariat, paper=treatment.paper, data=PAPER, finalise=True)
    for who, status, comment in (
        ("radsmedlem", "ja", ""),
        ("direktor.svv", "delvis", "Vegdirektoratet behandler 3. mars"),
    ):
        user = User.objects.select_related("party").get(username=who)
        assert user.party is not None  # demo council members each represent a party
        services.anchoring_record(actor=user, treatment=treatment, party=user.party, status=status, comment=comment)
    held = timezone.now() - dt.timedelta(days=14)
    start = held.replace(hour=9, minute=0, second=0, microsecond=0)
    meeting = services.meeting_schedule(
        actor=secretariat,
        forum=council,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="Rådhuset, møterom 3",
    )
    item = services.agenda_add(actor=secretariat, meeting=meeting, treatment=treatment, minutes=30)
    services.attendance_record(
        actor=secretariat,
        meeting=meeting,
        statuses={
            m.person_id: ("excused" if m.person.username == "direktor.askoy" else "present")
            for m in services.participants(meeting)
        },
    )
    services.decision_record(
        actor=secretariat,
        item=item,
        text=PAPER["draft_conclusion"],
        mode="reservations",
        reservations={"sd": "Statens vegvesen tar forbehold om trinnvis utbygging."},
        responsible="Sekretariatet",
        due=timezone.localdate() + dt.timedelta(days=30),
    )
    services.meeting_close(actor=secretariat, meeting=meeting)
    services.minutes_circulate(
        actor=secretariat,
        meeting=meeting,
        minutes=meeting.minutes,
        deadline=timezone.localdate() - dt.timedelta(days=3),
    )
    services.minutes_approve(actor=secretariat, meeting=meeting)
    services.minutes_publish(actor=secretariat, meeting=meeting)
    services.treatment_add(actor=secretariat, case=case, kind="vedtak", forum=steering)
    for forum, days in ((steering, 10), (coordination, 3)):
        begin = (timezone.now() + dt.timedelta(days=days)).replace(hour=13, minute=0, second=0, microsecond=0)
        services.meeting_schedule(
            actor=secretariat,
            forum=forum,
            starts_at=begin,
            ends_at=begin + dt.timedelta(hours=2),
            place="Fylkeshuset, Agnes Mowinckels gate 5",
        )
    return True
