from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from byvekst.audit.models import AuditEvent
from byvekst.audit.services import Anchor
from byvekst.cases.models import Case, Decision, Meeting, Treatment
from byvekst.governance.models import Forum, Membership
from byvekst.governance.selectors import active_memberships


def case_by_number(year: int, seq: int) -> Case:
    """The case numbered ``year/seq``; 404 when there is none."""
    return get_object_or_404(Case.objects.select_related("officer").prefetch_related("projects"), year=year, seq=seq)


def treatments(case: Case) -> QuerySet[Treatment]:
    return case.treatments.select_related(
        "forum__mandate__current", "paper", "agenda_item__meeting", "agenda_item__decision", "body", "case"
    ).prefetch_related("anchorings__party", "comments__author", "case__treatments__forum")


def case_timeline(case: Case) -> QuerySet[AuditEvent]:
    """Everything recorded on the case, oldest first: treatments, papers as saved, anchoring, decisions."""
    return AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).order_by("seq")


def project_timeline(project_id: int, case_ids: list[int]) -> QuerySet[AuditEvent]:
    """One timeline across forums: the sheet's own events and those of every case it is linked to."""
    return AuditEvent.objects.filter(
        Q(object_type="projects.project", object_id=str(project_id))
        | Q(object_type="cases.case", object_id__in=[str(i) for i in case_ids])
    ).order_by("seq")


def minutes_anchors() -> list[Anchor]:
    """The audit checkpoints stored with approved minutes, for ``byvekst audit verify``."""
    rows = Meeting.objects.exclude(audit_anchor=None).values_list("pk", "audit_anchor")
    return [Anchor(**{**(anchor or {}), "source": f"minutes {pk}"}) for pk, anchor in rows]


def forum_people(forum: Forum) -> list[Membership]:
    """The forum's people today, with their roles: the invitation's organiser and attendees."""
    return list(active_memberships().filter(forum=forum).select_related("person").order_by("role", "person__last_name"))


def meeting_detail(pk: int) -> Meeting:
    return Meeting.objects.select_related("forum__mandate__current").get(pk=pk)


def decisions() -> QuerySet[Decision]:
    """Decisions with what the register and the API show: forum, meeting, case, votes, what they changed."""
    return Decision.objects.select_related("item__meeting__forum", "item__treatment__case").prefetch_related(
        "effects", "votes__person", "votes__party"
    )


def decision_register(filters: dict[str, Any]) -> QuerySet[Decision]:
    qs = decisions().order_by("-created_at")
    if filters.get("forum"):
        qs = qs.filter(item__meeting__forum__slug=filters["forum"])
    if filters.get("year"):
        qs = qs.filter(item__meeting__year=filters["year"])
    if filters.get("subject"):
        qs = qs.filter(item__treatment__case__subject=filters["subject"])
    if filters.get("project"):
        qs = qs.filter(item__treatment__case__projects__code=filters["project"])
    if filters.get("q"):
        qs = qs.filter(
            Q(text__icontains=filters["q"])
            | Q(item__treatment__case__title__icontains=filters["q"])
            | Q(number__icontains=filters["q"])
        )
    return qs.distinct()
