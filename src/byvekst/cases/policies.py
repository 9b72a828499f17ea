from __future__ import annotations

from typing import Any

from byvekst.cases.models import Treatment
from byvekst.core.policy import is_authenticated, is_secretariat, rule
from byvekst.governance.models import Forum, Membership, Party
from byvekst.governance.policies import is_forum_leader
from byvekst.governance.selectors import active_memberships


@rule("case.view")
def _view(user: Any, obj: Any) -> bool:
    return is_authenticated(user)


@rule("case.manage")
def _manage(user: Any, obj: Any) -> bool:
    return is_secretariat(user)


@rule("meeting.manage")
def _meeting(user: Any, forum: Forum) -> bool:
    return is_secretariat(user) or is_forum_leader(user, forum)


@rule("anchoring.record")
def _anchor(user: Any, target: tuple[Treatment, Party]) -> bool:
    """A party's own participant in the forum records whether the case is anchored in the party."""
    treatment, party = target
    if is_secretariat(user):
        return True
    if not is_authenticated(user) or treatment.forum is None:
        return False
    return (
        active_memberships()
        .filter(person=user, forum=treatment.forum, party=party)
        .exclude(role=Membership.Role.OBSERVER)
        .exists()
    )
