"""What a lower app needs to know of the decision that changes one of its records (docs/decisions/0009).

The decision register lives in ``cases`` (above governance and assessment in the layers). A decision adopts
something by calling the owning app's service with a :class:`DecisionRef`; the owning app stores the decision's
number and date on the record it changes, and the register links back by the number (``/vedtak/<number>/``).
Only a recorded decision makes a ``DecisionRef`` (``cases.services``): there is no free-text reference."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DecisionRef:
    number: str  # PR-2027-07
    date: dt.date
    forum: str  # the forum's name
    case: str  # the case number, 2027/14
