"""The demo's collaboration, made through the services: two disagreements (one on a sheet in Arbeidsgruppe Vest
that sat past its time box and went up to the coordination function by itself, one on the deviation case in the
Council), and a plan of theme days with one held."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from byvekst.cases.models import Case
from byvekst.collaboration import services
from byvekst.collaboration.models import Disagreement, ThemeDay
from byvekst.governance.models import Forum, Party, User
from byvekst.projects.models import Project


@transaction.atomic
def load_demo_disagreements() -> None:
    if Disagreement.objects.exists():
        return
    parties = {p.slug: p for p in Party.objects.all()}
    sheet = Project.objects.filter(area_code="vest").order_by("code").first()
    if sheet is not None:
        services.disagreement_register(
            actor=User.objects.get(username="planlegger.askoy"),
            title=f"Hvem bærer driftskostnaden for {sheet.title}?",
            level=1,
            positions={
                parties["askoy"]: "Kommunen kan ikke ta driften alene; fylkeskommunen må bidra.",
                parties["vlfk"]: "Driften følger eierskapet til anlegget, som er kommunalt.",
            },
            project=sheet,
            now=timezone.now() - dt.timedelta(days=20),
        )
        services.escalate_overdue()  # the working group's 14 days ran out: it sits with the coordination function
    case = Case.objects.filter(subject="avvik", deviations__isnull=False).order_by("-pk").first()
    if case is not None:
        services.disagreement_register(
            actor=User.objects.get(username="radsmedlem"),
            title="Skal merkostnaden dekkes ved å utsette et annet prosjekt?",
            level=3,
            positions={
                parties["bergen"]: "Ja, et mindre prosjekt i samme område utsettes ett år.",
                parties["sd"]: "Nei, merkostnaden bør dekkes av reserven før noe utsettes.",
            },
            case=case,
        )


@transaction.atomic
def load_demo_theme_days() -> None:
    """A plan of three theme days: one held (with registrations, attendance and an outcome), two to come."""
    if ThemeDay.objects.exists():
        return
    secretariat = User.objects.get(username="sekretariat")
    groups = list(Forum.objects.filter(kind=Forum.Kind.WORKING_GROUP, ended_on__isnull=True))
    coordination = list(Forum.objects.filter(kind=Forum.Kind.COORDINATION, ended_on__isnull=True))
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    plan = [
        ("Fagdag: sykkelstamveg og gangnett", "gange-sykkel", -14, "Bergen rådhus, Formannskapssalen"),
        ("Temadag: kollektivknutepunkt og byutvikling", "kollektiv", 30, "Fylkeshuset, Agnes Mowinckels gate 5"),
        ("Byindeksen og måling av nullvekstmålet", "", 60, "Statens vegvesen, Bergen"),
    ]
    days = []
    for topic, focus, offset, place in plan:
        start = (now + dt.timedelta(days=offset)).replace(hour=9)
        days.append(
            services.themeday_plan(
                actor=secretariat,
                topic=topic,
                starts_at=start,
                ends_at=start.replace(hour=15),
                place=place,
                organiser=secretariat,
                organiser_party=Party.objects.get(slug="vlfk"),
                focus_area_code=focus,
                forums=groups + coordination,
            )
        )
    held = days[0]
    people = ["planlegger.bergen", "planlegger.askoy", "leder.vest", "leder.sentrum"]
    for name in people:
        person = User.objects.get(username=name)
        services.themeday_register(actor=person, day=held, person=person, party=person.party)
    attended = {User.objects.get(username=n).pk: n != "leder.sentrum" for n in people}
    services.themeday_hold(
        actor=secretariat,
        day=held,
        attended=attended,
        outcome="Enighet om felles standard for sykkelveier i alle fem kommunene; samordningsfunksjonen lager et "
        "forslag til sjekklistepunkt for prosjektarkene.",
        material="Presentasjoner fra Statens vegvesen og Bergen kommune (lagt ut på fagdagens side).",
    )
