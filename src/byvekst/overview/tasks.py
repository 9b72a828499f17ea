"""Mine oppgaver: what waits for a person in their roles, by due date (issue 14). Each kind of work is one query
(or two) over the records it comes from, so the list costs the same whatever the size of the portfolio; the
policy decides who may do each thing, as on the pages where it is done."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from byvekst.cases.models import AgendaItem, Anchoring, Meeting, Treatment
from byvekst.collaboration.models import Disagreement
from byvekst.core.policy import can, is_secretariat
from byvekst.followup import selectors as followup
from byvekst.followup.models import Deviation
from byvekst.governance.models import Forum, Membership
from byvekst.governance.selectors import active_memberships
from byvekst.projects.models import Project, SheetComment, SheetStatus
from byvekst.projects.policies import in_coordination, in_working_group, parties_represented

HORIZON = dt.timedelta(days=30)  # meetings this far ahead are on the list
COUNT_SECONDS = 60  # the navigation's count is kept this long per person


@dataclass(frozen=True)
class Task:
    kind: str  # what to do, in words
    title: str
    url: str
    due: dt.date | None = None
    detail: str = ""
    event: bool = False  # the date is when it happens (a meeting), not a deadline

    @property
    def overdue(self) -> bool:
        return not self.event and self.due is not None and self.due < timezone.localdate()


def _led_areas(user: Any) -> set[str]:
    return set(
        active_memberships()
        .filter(person=user, forum__kind=Forum.Kind.WORKING_GROUP, role=Membership.Role.LEADER)
        .values_list("forum__area_code", flat=True)
    )


def _sheets(user: Any) -> list[Task]:
    out: list[Task] = []
    parties = parties_represented(user)
    led = _led_areas(user)
    if parties or led:
        mine = Project.objects.filter(status__in=[SheetStatus.DRAFT, SheetStatus.RETURNED]).filter(
            Q(owner_id__in=parties) | Q(area_code__in=led)
        )
        for p in mine.order_by("code"):
            if p.area_code in led:
                out.append(Task(_("Submit the sheet to coordination"), f"{p.code} {p.title}", p.get_absolute_url()))
            elif can(user, "project.edit", p):
                out.append(Task(_("Write the sheet"), f"{p.code} {p.title}", reverse("project-edit", args=[p.code])))
        unanswered = (
            SheetComment.objects.filter(answer="", project__status=SheetStatus.RETURNED)
            .filter(Q(project__owner_id__in=parties) | Q(project__area_code__in=led))
            .select_related("project")
        )
        for c in unanswered.order_by("project__code", "pk"):
            if in_working_group(user, c.project.area_code):
                out.append(
                    Task(
                        _("Answer the coordination function's comment"),
                        f"{c.project.code}: {c.text[:80]}",
                        c.project.get_absolute_url() + "#comments",
                    )
                )
    if in_coordination(user):
        for p in Project.objects.filter(status__in=[SheetStatus.SUBMITTED, SheetStatus.IN_REVIEW]).order_by("code"):
            out.append(Task(_("Quality-assure the sheet"), f"{p.code} {p.title}", p.get_absolute_url()))
    return out


def _meetings(user: Any) -> list[Task]:
    now = timezone.now()
    forums = active_memberships().filter(person=user).values("forum_id")
    upcoming = Meeting.objects.filter(forum_id__in=forums, starts_at__gte=now, starts_at__lte=now + HORIZON)
    if is_secretariat(user):
        upcoming = Meeting.objects.filter(starts_at__gte=now, starts_at__lte=now + HORIZON)
    out = [
        Task(_("Meeting"), str(m), m.get_absolute_url(), timezone.localtime(m.starts_at).date(), m.place, event=True)
        for m in upcoming.select_related("forum").order_by("starts_at")
    ]
    voting = active_memberships().filter(person=user, party__isnull=False).exclude(role=Membership.Role.OBSERVER)
    seats = {(m.forum_id, m.party_id) for m in voting}
    if seats:
        items = AgendaItem.objects.filter(
            meeting__starts_at__gte=now,
            meeting__forum_id__in={f for f, _p in seats},
            treatment__kind__in=["vedtak", "innstilling"],
        ).select_related("meeting", "meeting__forum", "treatment__case")
        anchored = set(
            Anchoring.objects.filter(treatment__agenda_item__in=items).values_list("treatment_id", "party_id")
        )
        for item in items.order_by("meeting__starts_at"):
            for forum, party in seats:
                if forum == item.meeting.forum_id and (item.treatment_id, party) not in anchored:
                    out.append(
                        Task(
                            _("Record your party's anchoring"),
                            str(item.treatment.case),
                            item.treatment.case.get_absolute_url(),
                            timezone.localtime(item.meeting.starts_at).date(),
                            str(item.meeting),
                        )
                    )
    if is_secretariat(user):
        following: dict[int, Meeting] = {}
        for m in Meeting.objects.filter(starts_at__gte=now).select_related("forum").order_by("starts_at"):
            following.setdefault(m.forum_id, m)
        planned = Treatment.objects.filter(status=Treatment.Status.PLANNED, forum__isnull=False).select_related(
            "case", "paper", "forum"
        )
        for t in planned.order_by("case__year", "case__seq"):
            meeting = following.get(t.forum_id)  # type: ignore[arg-type]
            due = timezone.localtime(meeting.paper_deadline).date() if meeting else None
            where = str(meeting) if meeting else t.forum.name  # type: ignore[union-attr]
            if t.paper.finalised_at is None:
                out.append(Task(_("Finish the case paper"), str(t.case), t.case.get_absolute_url(), due, where))
            elif meeting is not None:
                out.append(Task(_("Put the case on the agenda"), str(t.case), meeting.get_absolute_url(), due, where))
        undecided = (
            AgendaItem.objects.filter(
                meeting__starts_at__lt=now, decision__isnull=True, meeting__minutes_status__in=["", "draft"]
            )
            .exclude(treatment__kind="orientering")
            .select_related("meeting", "meeting__forum", "treatment__case")
        )
        for item in undecided.order_by("meeting__starts_at"):
            out.append(
                Task(
                    _("Record the conclusion"),
                    str(item.treatment.case),
                    item.meeting.get_absolute_url(),
                    timezone.localtime(item.meeting.starts_at).date(),
                    str(item.meeting),
                )
            )
    return out


def _period_end(year: int, period: int, per_year: int) -> dt.date:
    last_month = period * 12 // per_year
    following = dt.date(year + (last_month == 12), last_month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _follow_up(user: Any) -> list[Task]:
    out = [
        Task(_("Answer the order"), f"{o.number} {o.title}", o.get_absolute_url(), o.due, str(o.recipient))
        for o in followup.orders_for(user)
    ]
    led = _led_areas(user) if not is_secretariat(user) else set()
    version = followup.adopted_version()
    if led and version is not None:
        per_year = followup.rules_in_force().periods_per_year
        year, period = followup.current_period(per_year)
        mine = [s for s in version.selection if s.get("area") in led]
        done = followup.latest_reports([s["code"] for s in mine], year, period)
        due = _period_end(year, period, per_year)
        for s in mine:
            if s["code"] not in done:
                out.append(
                    Task(
                        _("Send the status report"),
                        f"{s['code']} {s['title']}",
                        reverse("project-reports", args=[s["code"]]),
                        due,
                    )
                )
        for d in followup.deviations(Deviation.Status.OPEN).filter(project__area_code__in=led, explanation=""):
            out.append(Task(_("Explain the deviation"), f"{d.project.code}: {d.describe()}", d.get_absolute_url()))
    if in_coordination(user):
        for d in followup.deviations(Deviation.Status.OPEN).exclude(explanation=""):
            out.append(
                Task(_("Send the deviation to the Council"), f"{d.project.code}: {d.describe()}", d.get_absolute_url())
            )
    return out


def _disagreements(user: Any) -> list[Task]:
    """Open disagreements at a level where the person leads or keeps the forum (the secretariat: all)."""
    qs = Disagreement.objects.filter(status=Disagreement.Status.OPEN).select_related("forum")
    if not is_secretariat(user):
        forums = (
            active_memberships()
            .filter(person=user, role__in=[Membership.Role.LEADER, Membership.Role.SECRETARY])
            .values("forum_id")
        )
        qs = qs.filter(forum_id__in=forums)
    return [
        Task(
            _("Resolve the disagreement"), d.title, d.get_absolute_url(), timezone.localtime(d.due).date(), d.forum.name
        )
        for d in qs.order_by("due")
    ]


def tasks_for(user: Any) -> list[Task]:
    """Everything that waits for the person, the dated first (soonest first), then the rest."""
    if not getattr(user, "is_authenticated", False):
        return []
    found = _sheets(user) + _meetings(user) + _follow_up(user) + _disagreements(user)
    return sorted(found, key=lambda t: (t.due is None, t.due or dt.date.max, t.kind, t.title))


def count_for(user: Any) -> int:
    """How many tasks, for the navigation; kept a minute so that pages do not recompute the list."""
    key = f"tasks:{user.pk}"
    count = cache.get(key)
    if count is None:
        count = len(tasks_for(user))
        cache.set(key, count, COUNT_SECONDS)
    return int(count)
