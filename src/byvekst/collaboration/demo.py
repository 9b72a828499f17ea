"""The demo's disagreements, made through the services: one on a sheet in Arbeidsgruppe Vest that sat past its
time box and went up to the coordination function by itself, and one on the deviation case in the Council."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from byvekst.cases.models import Case
from byvekst.collaboration import services
from byvekst.collaboration.models import Disagreement
from byvekst.governance.models import Party, User
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
