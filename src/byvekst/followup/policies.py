"""Who may do what in the follow-up (docs/decisions/0012-follow-up.md). Status reports and deviations are
internal working papers: everyone signed in reads them; the owner's group leader reports; the coordination
function handles deviations; the secretariat orders and closes orders; the recipient answers them."""

from __future__ import annotations

from typing import Any

from byvekst.core.policy import is_authenticated, is_secretariat, rule
from byvekst.followup.models import Deviation, Order
from byvekst.governance.models import Membership
from byvekst.governance.selectors import active_memberships
from byvekst.projects.models import Project
from byvekst.projects.policies import in_coordination, in_working_group, parties_represented


@rule("followup.view")
def _view(user: Any, obj: Any) -> bool:
    return is_authenticated(user)


@rule("report.submit")
def _submit(user: Any, project: Project | None) -> bool:
    """The leader of the project's working group sends its status report; the secretariat may help."""
    if is_secretariat(user):
        return True
    return project is not None and in_working_group(user, project.area_code, (Membership.Role.LEADER,))


@rule("deviation.explain")
def _explain(user: Any, deviation: Deviation) -> bool:
    return in_coordination(user) or _submit(user, deviation.project)


@rule("deviation.manage")
def _manage(user: Any, obj: Any) -> bool:
    return in_coordination(user)


@rule("order.create")
def _create(user: Any, obj: Any) -> bool:
    return is_secretariat(user)


@rule("order.respond")
def _respond(user: Any, order: Order) -> bool:
    """The recipient acknowledges and reports back: the person, anyone of the party, a member of the forum."""
    if is_secretariat(user):
        return True
    if not is_authenticated(user):
        return False
    if order.to_person_id is not None:
        return bool(order.to_person_id == user.pk)
    if order.to_party_id is not None:
        return order.to_party_id == getattr(user, "party_id", None) or order.to_party_id in parties_represented(user)
    return (
        order.to_forum_id is not None and active_memberships().filter(person=user, forum_id=order.to_forum_id).exists()
    )


@rule("order.close")
def _close(user: Any, order: Order) -> bool:
    return is_secretariat(user)


@rule("ordertemplate.edit")
def _template_edit(user: Any, obj: Any) -> bool:
    """The secretariat drafts order templates; a decision agrees them."""
    return is_secretariat(user)
