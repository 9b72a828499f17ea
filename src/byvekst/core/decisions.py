"""What a lower app needs to know of the decision that changes one of its records (docs/decisions/0009).

The decision register lives in ``cases`` (above governance and assessment in the layers). A decision adopts
something by calling the owning app's service with a :class:`DecisionRef`; the owning app stores the decision's
number and date on the record it changes, and the register links back by the number (``/vedtak/<number>/``).
Only a recorded decision makes a ``DecisionRef`` (``cases.services``): there is no free-text reference."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from byvekst.audit.services import record


@dataclass(frozen=True)
class DecisionRef:
    number: str  # PR-2027-07
    date: dt.date
    forum: str  # the forum's name
    case: str  # the case number, 2027/14


def put_in_force(*, actor: Any, version: Any, owner: Any, event_type: str, decision: DecisionRef) -> None:
    """``version`` (just agreed by ``decision``) becomes ``owner.current``, the version in force, recorded with the
    one it replaces: how a forum's mandate and an order template change."""
    previous = owner.current_id
    owner.current = version
    owner.save(update_fields=["current"])
    record(
        actor=actor,
        event_type=event_type,
        obj=version,
        old={"current_version": previous},
        new={"current_version": version.pk, "decision": decision.number},
    )
