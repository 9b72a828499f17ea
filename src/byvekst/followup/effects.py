"""A decision on a deviation's case marks the deviation decided (registered with ``cases.effects``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from byvekst.cases.effects import Effect, loader, register
from byvekst.followup import services
from byvekst.followup.models import Deviation
from byvekst.governance.models import CaseKind, Subject

DEVIATION = "followup.deviation"


def register_all() -> None:
    register(
        Effect(
            DEVIATION,
            CaseKind.VEDTAK,
            Subject.DEVIATIONS,
            "decide",
            lambda: _("decide the deviation"),
            loader(Deviation),
            lambda d: (
                None
                if d.status in (Deviation.Status.OPEN, Deviation.Status.IN_TREATMENT)
                else _("The deviation is already decided or closed.")
            ),
            services.deviation_decide,
        )
    )
