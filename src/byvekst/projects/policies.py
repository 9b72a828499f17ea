"""Who may do what with project sheets. Roles come from working-group and coordination memberships."""

from __future__ import annotations

from typing import Any

from byvekst.core.policy import is_authenticated, is_secretariat, rule
from byvekst.governance.models import Forum, Membership
from byvekst.governance.selectors import active_memberships
from byvekst.projects.models import Attachment, Project


def _roles(user: Any) -> list[tuple[str, str, str]]:
    """(forum kind, area code, role) of the user's active memberships, cached on the user for the request."""
    if not is_authenticated(user):
        return []
    if not hasattr(user, "_project_roles"):
        user._project_roles = list(
            active_memberships().filter(person=user).values_list("forum__kind", "forum__area_code", "role")
        )
    return list(user._project_roles)


def in_working_group(user: Any, area_code: str, roles: tuple[str, ...] = Membership.VOTING_ROLES) -> bool:
    return any(k == Forum.Kind.WORKING_GROUP and a == area_code and r in roles for k, a, r in _roles(user))


def in_coordination(user: Any) -> bool:
    return is_secretariat(user) or any(
        k == Forum.Kind.COORDINATION and r in (*Membership.VOTING_ROLES, Membership.Role.SECRETARY)
        for k, _a, r in _roles(user)
    )


def of_owner(user: Any, project: Project) -> bool:
    return is_authenticated(user) and getattr(user, "party_id", None) == project.owner_id


@rule("project.view")
def _view(user: Any, project: Any) -> bool:
    return is_authenticated(user)


@rule("project.create")
def _create(user: Any, obj: Any) -> bool:
    return is_secretariat(user) or any(
        k == Forum.Kind.WORKING_GROUP and r in Membership.VOTING_ROLES for k, _a, r in _roles(user)
    )


@rule("project.edit")
def _edit(user: Any, project: Project) -> bool:
    if not project.is_editable:
        return False
    return is_secretariat(user) or (of_owner(user, project) and in_working_group(user, project.area_code))


@rule("project.submit")
def _submit(user: Any, project: Project) -> bool:
    if not project.is_editable:
        return False
    return is_secretariat(user) or in_working_group(user, project.area_code, (Membership.Role.LEADER,))


@rule("project.review")
def _review(user: Any, project: Project) -> bool:
    return in_coordination(user)


@rule("project.answer")
def _answer(user: Any, project: Project) -> bool:
    return is_secretariat(user) or in_working_group(user, project.area_code)


@rule("project.import")
def _import(user: Any, obj: Any) -> bool:
    return is_secretariat(user)


@rule("attachment.view")
def _attachment_view(user: Any, attachment: Attachment) -> bool:
    if not attachment.restricted:
        return is_authenticated(user)
    project = attachment.project
    return is_secretariat(user) or of_owner(user, project) or in_coordination(user)
