"""What decisions do in the follow-up (registered with ``cases.effects``): a decision on a deviation's case marks
the deviation decided; a decision on an order template's draft agrees it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from byvekst.cases.effects import Effect, loader, register
from byvekst.followup import services
from byvekst.followup.models import Deviation, OrderTemplateVersion
from byvekst.governance.models import CaseKind, Subject

DEVIATION = "followup.deviation"
ORDER_TEMPLATE = "followup.ordertemplateversion"


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
    register(
        Effect(
            ORDER_TEMPLATE,
            CaseKind.VEDTAK,
            Subject.MANDATES,  # how the forums work with each other: agreed as their mandates are
            "agree",
            lambda: _("agree the order template"),
            loader(OrderTemplateVersion),
            lambda v: _("%(v)s is already agreed.") % {"v": v} if v.is_agreed else None,
            services.order_template_agree,
        )
    )
