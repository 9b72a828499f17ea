from __future__ import annotations

from typing import Any

from byvekst.core.policy import is_authenticated, is_secretariat, rule
from byvekst.portfolio.models import ActionProgramme
from byvekst.projects.policies import in_coordination


@rule("portfolio.view")
def _view(user: Any, obj: Any) -> bool:
    return is_authenticated(user)


@rule("portfolio.plan")
def _plan(user: Any, obj: Any) -> bool:
    """Frames, scenarios and runs: the secretariat and the coordination function."""
    return in_coordination(user)


@rule("programme.advance")
def _advance(user: Any, programme: ActionProgramme | None) -> bool:
    # The secretariat records each forum's conclusion on the programme; the forums decide in their meetings.
    return is_secretariat(user)


@rule("programme.view")
def _programme_view(user: Any, programme: ActionProgramme) -> bool:
    return programme.is_public or is_authenticated(user)
