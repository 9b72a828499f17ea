from __future__ import annotations

from typing import Any

from byvekst.assessment.models import CriteriaSet
from byvekst.core.policy import is_authenticated, is_secretariat, rule
from byvekst.governance.models import Forum, Membership, Party
from byvekst.governance.selectors import active_memberships
from byvekst.projects.models import Project
from byvekst.projects.policies import in_coordination, in_working_group


@rule("criteria.view")
def _view(user: Any, obj: Any) -> bool:
    return is_authenticated(user)


@rule("criteria.edit")
def _edit(user: Any, cs: CriteriaSet | None) -> bool:
    return is_secretariat(user) and (cs is None or not cs.is_adopted)


@rule("weights.enter")
def _weights(user: Any, party: Party) -> bool:
    """A party's leader in the Prioritisation Council enters the party's judgements; the secretariat may help."""
    if is_secretariat(user):
        return True
    return (
        is_authenticated(user)
        and active_memberships()
        .filter(person=user, party=party, forum__kind=Forum.Kind.COUNCIL, role__in=Membership.VOTING_ROLES)
        .exists()
    )


@rule("score.propose")
def _propose(user: Any, project: Project) -> bool:
    return is_secretariat(user) or in_working_group(user, project.area_code)


@rule("score.review")
def _review(user: Any, project: Project) -> bool:
    return in_coordination(user)
