"""Who may do what on the disagreement ladder (docs/decisions/0014-disagreement-ladder.md): every party's
representative registers and states the party's position; a party in the disagreement may lift it; the leader or
secretary of the forum where it sits resolves it; the secretariat may do all of it."""

from __future__ import annotations

from typing import Any

from byvekst.collaboration.models import Disagreement
from byvekst.core.policy import is_authenticated, is_secretariat, rule
from byvekst.governance.models import Membership, Party
from byvekst.governance.selectors import active_memberships
from byvekst.projects.policies import in_coordination, parties_represented


def parties_of(user: Any) -> set[int]:
    """The parties a person speaks for: their own and those they represent in a forum."""
    if not is_authenticated(user):
        return set()
    own = {user.party_id} if getattr(user, "party_id", None) else set()
    forums = set(
        active_memberships()
        .filter(person=user, party__isnull=False)
        .exclude(role=Membership.Role.OBSERVER)
        .values_list("party_id", flat=True)
    )
    return own | forums | parties_represented(user)


@rule("disagreement.view")
def _view(user: Any, obj: Any) -> bool:
    return is_authenticated(user)


@rule("disagreement.register")
def _register(user: Any, obj: Any) -> bool:
    return is_secretariat(user) or bool(parties_of(user))


@rule("disagreement.speak_for")
def _speak_for(user: Any, party: Party) -> bool:
    """States a party's position: the secretariat, or someone who represents the party."""
    return is_secretariat(user) or party.pk in parties_of(user)


@rule("disagreement.position")
def _position(user: Any, target: tuple[Disagreement, Party]) -> bool:
    disagreement, party = target
    return disagreement.status == Disagreement.Status.OPEN and _speak_for(user, party)


@rule("disagreement.lift")
def _lift(user: Any, disagreement: Disagreement) -> bool:
    if disagreement.status != Disagreement.Status.OPEN:
        return False
    involved = {p.party_id for p in disagreement.positions.all()}
    return is_secretariat(user) or bool(involved & parties_of(user))


@rule("disagreement.resolve")
def _resolve(user: Any, disagreement: Disagreement) -> bool:
    if disagreement.status != Disagreement.Status.OPEN:
        return False
    return is_secretariat(user) or (
        is_authenticated(user)
        and active_memberships()
        .filter(
            person=user,
            forum_id=disagreement.forum_id,
            role__in=[Membership.Role.LEADER, Membership.Role.SECRETARY],
        )
        .exists()
    )


@rule("themeday.view")
def _themeday_view(user: Any, obj: Any) -> bool:
    return is_authenticated(user)


@rule("themeday.plan")
def _themeday_plan(user: Any, obj: Any) -> bool:
    """The secretariat and the coordination function keep the plan of theme days."""
    return in_coordination(user)


@rule("themeday.register")
def _themeday_register(user: Any, day: Any) -> bool:
    return is_authenticated(user) and day.status == "planned"


@rule("themeday.hold")
def _themeday_hold(user: Any, day: Any) -> bool:
    return is_secretariat(user) or (is_authenticated(user) and day.organiser_id == user.pk)


@rule("timeuse.view")
def _timeuse_view(user: Any, obj: Any) -> bool:
    return is_authenticated(user)


@rule("timeuse.people")
def _timeuse_people(user: Any, obj: Any) -> bool:
    """Hours per named person: the secretariat (others see their own)."""
    return is_secretariat(user)
