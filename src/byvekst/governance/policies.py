"""Who may do what in the governance register. Registered into :mod:`byvekst.core.policy`."""

from __future__ import annotations

from typing import Any

from byvekst.core.policy import is_authenticated, is_secretariat, rule
from byvekst.governance.models import Forum, MandateVersion, Membership, OnboardingTask, Party
from byvekst.governance.selectors import role_in_forum


def forum_role(user: Any, forum: Forum | None) -> str | None:
    return role_in_forum(user, forum) if forum is not None else None


def is_forum_leader(user: Any, forum: Forum | None) -> bool:
    return forum_role(user, forum) in (Membership.Role.LEADER, Membership.Role.SECRETARY)


def is_participant(user: Any, forum: Forum | None) -> bool:
    return forum_role(user, forum) is not None


def same_party(user: Any, party: Party | None) -> bool:
    """A party's people act only on their party's objects."""
    return is_authenticated(user) and party is not None and getattr(user, "party_id", None) == party.pk


@rule("register.view")
def _register_view(user: Any, obj: Any) -> bool:
    return True  # parties and forums are public facts


@rule("party.edit")
def _party_edit(user: Any, party: Party) -> bool:
    return is_secretariat(user) or same_party(user, party)


@rule("mandate.view")
def _mandate_view(user: Any, version: MandateVersion) -> bool:
    if version.is_agreed and version.is_public:
        return True
    if version.is_agreed:
        return is_authenticated(user)
    return is_secretariat(user) or is_participant(user, version.mandate.forum)


@rule("mandate.draft")
def _mandate_draft(user: Any, forum: Forum) -> bool:
    return is_secretariat(user)


@rule("mandate.edit")
def _mandate_edit(user: Any, version: MandateVersion) -> bool:
    return is_secretariat(user) and not version.is_agreed


@rule("membership.manage")
def _membership_manage(user: Any, forum: Forum) -> bool:
    return is_secretariat(user)


@rule("forum.read_material")
def _forum_read(user: Any, forum: Forum) -> bool:
    return is_secretariat(user) or is_participant(user, forum)


@rule("forum.comment")
def _forum_comment(user: Any, forum: Forum) -> bool:
    return is_secretariat(user) or is_participant(user, forum)


@rule("onboarding.view")
def _onboarding_view(user: Any, forum: Forum) -> bool:
    return is_secretariat(user) or is_forum_leader(user, forum)


@rule("onboarding.tick")
def _onboarding_tick(user: Any, task: OnboardingTask) -> bool:
    membership = task.membership
    return (
        is_secretariat(user)
        or is_forum_leader(user, membership.forum)
        or (is_authenticated(user) and membership.person_id == user.pk)
    )


@rule("status.view")
def _status_view(user: Any, obj: Any) -> bool:
    return is_authenticated(user)


@rule("audit.view")
def _audit_view(user: Any, obj: Any) -> bool:
    return is_authenticated(user)


@rule("config.manage")
def _config_manage(user: Any, obj: Any) -> bool:
    return is_secretariat(user)
