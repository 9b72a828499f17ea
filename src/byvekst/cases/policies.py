from __future__ import annotations

from typing import Any

from byvekst.audit.models import AuditEvent
from byvekst.cases.models import Meeting, Treatment
from byvekst.core.events import Hide, redactor
from byvekst.core.policy import can, is_authenticated, is_secretariat, rule
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


def _forums_of_case(treatment: Treatment) -> list[Forum]:
    return [t.forum for t in treatment.case.treatments.all() if t.forum is not None]


@rule("paper.read")
def _paper_read(user: Any, treatment: Treatment) -> bool:
    """A final case paper: the secretariat and the participants (observers too) of any forum that treats the
    case. A draft: the secretariat and the leaders of the forum it is written for (docs/decisions/0010)."""
    if is_secretariat(user):
        return True
    if not getattr(treatment.paper, "finalised_at", None):
        return treatment.forum is not None and is_forum_leader(user, treatment.forum)
    return any(can(user, "forum.read_material", forum) for forum in _forums_of_case(treatment))


@rule("paper.comment")
def _paper_comment(user: Any, treatment: Treatment) -> bool:
    """Members and observers comment on their forum's case papers (the observers' mandate right)."""
    return treatment.forum is not None and can(user, "forum.comment", treatment.forum)


@rule("minutes.read")
def _minutes_read(user: Any, meeting: Meeting) -> bool:
    """Approved minutes: everyone signed in. Drafts: the forum's participants and the secretariat."""
    if meeting.is_closed:
        return is_authenticated(user)
    return can(user, "forum.read_material", meeting.forum)


PAPER_EVENTS = ("case.paper_saved", "case.paper_commented")


@redactor
def _paper_events(user: Any, events: list[AuditEvent]) -> dict[int, Hide]:
    """A case paper's text and the comments on it are read in the history only by those who read the paper."""
    papers = [e for e in events if e.event_type in PAPER_EVENTS]
    if not papers or is_secretariat(user):
        return {}
    ids = {e.new.get("treatment") for e in papers if isinstance(e.new, dict)}
    treatments = (
        Treatment.objects.filter(pk__in=[i for i in ids if isinstance(i, int)])
        .select_related("paper", "forum")
        .prefetch_related("case__treatments__forum")
    )
    readable = {t.pk for t in treatments if can(user, "paper.read", t)}
    return {e.seq: "details" for e in papers if (e.new or {}).get("treatment") not in readable}
