"""Who may do what with project sheets. Roles come from working-group and coordination memberships."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from byvekst.audit.models import AuditEvent
from byvekst.core.events import Hide, redactor
from byvekst.core.policy import can, is_authenticated, is_secretariat, rule
from byvekst.governance.models import Forum, Membership
from byvekst.governance.selectors import active_memberships
from byvekst.projects.models import EDITABLE_STATUSES, Attachment, Project

SHEET, ATTACHMENT = "projects.project", "projects.attachment"  # object types in the audit trail


def _memberships(user: Any) -> list[tuple[str, str, str, int | None]]:
    """(forum kind, area code, role, party represented) of the user's active memberships, cached on the user."""
    if not is_authenticated(user):
        return []
    if not hasattr(user, "_project_roles"):
        user._project_roles = list(
            active_memberships().filter(person=user).values_list("forum__kind", "forum__area_code", "role", "party_id")
        )
    return list(user._project_roles)


def _roles(user: Any) -> list[tuple[str, str, str]]:
    return [(k, a, r) for k, a, r, _p in _memberships(user)]


def in_working_group(user: Any, area_code: str, roles: tuple[str, ...] = Membership.VOTING_ROLES) -> bool:
    return any(k == Forum.Kind.WORKING_GROUP and a == area_code and r in roles for k, a, r in _roles(user))


def parties_represented(user: Any) -> set[int]:
    """The parties a person writes sheets for: those they represent as a voting working-group member."""
    return {
        p
        for k, _a, r, p in _memberships(user)
        if k == Forum.Kind.WORKING_GROUP and r in Membership.VOTING_ROLES and p is not None
    }


def in_coordination(user: Any) -> bool:
    return is_secretariat(user) or any(
        k == Forum.Kind.COORDINATION and r in (*Membership.VOTING_ROLES, Membership.Role.SECRETARY)
        for k, _a, r in _roles(user)
    )


def of_owner(user: Any, project: Project) -> bool:
    """The person belongs to the sheet's owner (restricted attachments follow the party, not the group)."""
    return is_authenticated(user) and (
        getattr(user, "party_id", None) == project.owner_id or project.owner_id in parties_represented(user)
    )


def visible_projects(user: Any) -> Q:
    """The sheets a person may read, as a filter: what the ``project.view`` rule answers one by one."""
    if not is_authenticated(user):
        return Q(pk__in=[])
    if in_coordination(user):
        return Q()
    parties = parties_represented(user) | ({user.party_id} if getattr(user, "party_id", None) else set())
    groups = {a for k, a, _r in _roles(user) if k == Forum.Kind.WORKING_GROUP}
    return ~Q(status__in=EDITABLE_STATUSES) | Q(owner_id__in=parties) | Q(area_code__in=groups)


@rule("project.view")
def _view(user: Any, project: Any) -> bool:
    """Submitted sheets are the shared basis for prioritisation: everyone signed in reads them. A draft (or a
    returned sheet) is read by its owner party, its area's working group (observers too), the coordination
    function and the secretariat (docs/decisions/0010-who-reads-what.md)."""
    if project is None or not is_authenticated(user):
        return is_authenticated(user)
    if not project.is_editable or in_coordination(user):
        return True
    return of_owner(user, project) or any(
        k == Forum.Kind.WORKING_GROUP and a == project.area_code for k, a, _r in _roles(user)
    )


@rule("project.create")
def _create(user: Any, owner: Any) -> bool:
    """A working-group member writes sheets for the party they represent there; ``owner`` None asks "for any"."""
    if is_secretariat(user):
        return True
    parties = parties_represented(user)
    return bool(parties) if owner is None else getattr(owner, "pk", None) in parties


@rule("project.edit")
def _edit(user: Any, project: Project) -> bool:
    if not project.is_editable:
        return False
    return is_secretariat(user) or (
        project.owner_id in parties_represented(user) and in_working_group(user, project.area_code)
    )


@rule("project.change_owner")
def _change_owner(user: Any, project: Project) -> bool:
    return is_secretariat(user)


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


@redactor
def _sheet_events(user: Any, events: list[AuditEvent]) -> dict[int, Hide]:
    """A sheet's recorded values are read in the history by those who read the sheet; a restricted attachment's
    title only by those who may open it (its title is itself restricted)."""
    hidden: dict[int, Hide] = {}
    attachments = {e.seq: int(e.object_id) for e in events if e.object_type == ATTACHMENT and e.object_id.isdigit()}
    if attachments:
        found = Attachment.objects.filter(pk__in=attachments.values(), restricted=True).select_related("project")
        closed = {a.pk for a in found if not can(user, "attachment.view", a)}
        hidden.update({seq: "all" for seq, pk in attachments.items() if pk in closed})
    sheets = {e.seq: int(e.object_id) for e in events if e.object_type == SHEET and e.object_id.isdigit()}
    if sheets and not in_coordination(user):
        seen = set(Project.objects.filter(visible_projects(user), pk__in=sheets.values()).values_list("pk", flat=True))
        hidden.update({seq: "details" for seq, pk in sheets.items() if pk not in seen})
    return hidden
