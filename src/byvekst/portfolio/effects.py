"""The portfolio's records that decisions change (registered with ``cases.effects`` when the app is ready):
frames are adopted by the Steering Group; an action programme is recommended by the Council and decided by the
Steering Group, and adopted when the required outside bodies have approved it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from byvekst.cases.effects import OUTCOME_LISTENERS, Effect, loader, register
from byvekst.core.decisions import DecisionRef
from byvekst.governance.models import CaseKind, Subject
from byvekst.portfolio import services
from byvekst.portfolio.models import ActionProgramme, FrameVersion


def _adopt_frames(actor: Any, ref: DecisionRef, frame: FrameVersion) -> str:
    services.frame_adopt(actor=actor, frame=frame, decision=ref)
    return frame.get_absolute_url()


def _stage_check(stage: str, message: Any) -> Any:
    return lambda programme: None if programme.stage == stage else str(message)


def register_all() -> None:
    register(
        Effect(
            services.FRAMES,
            CaseKind.VEDTAK,
            Subject.BUDGET_FRAMES,
            "adopt",
            lambda: _("adopt the frames"),
            loader(FrameVersion),
            lambda f: _("%(f)s are already adopted.") % {"f": f} if f.status == FrameVersion.Status.ADOPTED else None,
            _adopt_frames,
        )
    )
    register(
        Effect(
            services.PROGRAMME,
            CaseKind.INNSTILLING,
            Subject.ACTION_PROGRAMME,
            "recommend",
            lambda: _("recommend the action programme"),
            loader(ActionProgramme),
            _stage_check(ActionProgramme.Stage.PROPOSAL, _("Only a proposal can be recommended.")),
            services.programme_recommend,
        )
    )
    register(
        Effect(
            services.PROGRAMME,
            CaseKind.VEDTAK,
            Subject.ACTION_PROGRAMME,
            "decide",
            lambda: _("decide the action programme"),
            loader(ActionProgramme),
            _stage_check(
                ActionProgramme.Stage.RECOMMENDATION, _("The Steering Group decides on the Council's recommendation.")
            ),
            services.programme_decide,
        )
    )
    OUTCOME_LISTENERS.append(services.programme_outside_outcome)
