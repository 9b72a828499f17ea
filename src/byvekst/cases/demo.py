"""Demo case history: a deviation case (Sykkelstamveg delstrekning 3 got ~100 MNOK less than asked, FACTS §1.4)
treated in a held meeting of Prioriteringsrådet with a reservation and approved minutes, and sent on to
Styringsgruppen; plus the first meetings of Styringsgruppen and Samordningsfunksjonen."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from byvekst.cases import services
from byvekst.cases.models import Case
from byvekst.cases.scripted import Item, hold_meeting
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
def load_demo_deviation(held: dt.datetime) -> Case:
    """The deviation case: each council party records its anchoring (Statens vegvesen only partly), the Council
    decides in its meeting with a reservation from SD, the minutes are approved, and the case goes on to the
    Steering Group."""
    secretariat = User.objects.get(username="sekretariat")
    council = Forum.objects.get(slug="prioriteringsradet")
    steering = Forum.objects.get(slug="styringsgruppen")
    case = services.case_open(
        actor=secretariat,
        title="Avvik: Sykkelstamveg Nesttun–Fjøsanger delstrekning 3",
        subject="avvik",
        officer=secretariat,
        projects=list(Project.objects.filter(code="SO-2027-001")),
        year=timezone.localtime(held).year,
    )
    treatment = services.treatment_add(actor=secretariat, case=case, kind="vedtak", forum=council)
    services.paper_save(actor=secretariat, paper=treatment.paper, data=PAPER, finalise=True)
    for member in services.participants_for_forum(council):
        if member.is_voting and member.party:
            partly = member.party.slug == "sd"
            services.anchoring_record(
                actor=member.person,
                treatment=treatment,
                party=member.party,
                status="delvis" if partly else "ja",
                comment="Vegdirektoratet behandler saken 3. mars" if partly else "",
            )
    hold_meeting(
        actor=secretariat,
        forum=council,
        starts_at=held,
        place="Rådhuset, møterom 3",
        absent=("direktor.askoy",),
        items=[
            Item(
                case,
                "vedtak",
                PAPER["draft_conclusion"],
                PAPER,
                reservations={"sd": "Statens vegvesen tar forbehold om trinnvis utbygging."},
                anchored=False,
            )
        ],
    )
    services.treatment_add(actor=secretariat, case=case, kind="vedtak", forum=steering)
    return case


@transaction.atomic
def load_demo_coming_meetings() -> None:
    """The next meetings of the Steering Group and the coordination function, not yet held."""
    secretariat = User.objects.get(username="sekretariat")
    for slug, days in (("styringsgruppen", 10), ("samordningsfunksjonen", 3)):
        begin = (timezone.now() + dt.timedelta(days=days)).replace(hour=13, minute=0, second=0, microsecond=0)
        services.meeting_schedule(
            actor=secretariat,
            forum=Forum.objects.get(slug=slug),
            starts_at=begin,
            ends_at=begin + dt.timedelta(hours=2),
            place="Fylkeshuset, Agnes Mowinckels gate 5",
        )
