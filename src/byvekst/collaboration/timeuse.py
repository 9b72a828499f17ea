"""Time use against the mandates (issue 14): hours per person, party and forum per month, from the meetings'
attendance (their length plus the forum's preparation time) and the theme days people attended, beside each
mandate's expected time use. Pure arithmetic over rows read in three queries."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from byvekst.cases.models import Attendance, Meeting
from byvekst.collaboration.models import Registration, TimeUseRules
from byvekst.governance.models import Forum

THEME_DAYS = "fag-og-temadager"  # the key under which theme days are counted, beside the forums

_EXPECTED = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:timer|time|t)\b.*?\b(?:i|per|pr\.?)\s+(måneden|måned|kvartalet|kvartal|året|år|møte)",
    re.IGNORECASE,
)


def expected_per_month(text: str, meetings_per_month: float) -> float | None:
    """Hours a month per member from a mandate's words ("Om lag 4 timer i måneden", "2 timer per møte med
    forberedelse", "2 timer i kvartalet"); None when the text names no amount."""
    found = _EXPECTED.search(text or "")
    if not found:
        return None
    hours = float(found.group(1).replace(",", "."))
    unit = found.group(2).lower()
    if unit.startswith("måned"):
        return hours
    if unit.startswith("kvartal"):
        return hours / 3
    if unit.startswith("år"):
        return hours / 12
    return hours * meetings_per_month  # per meeting


def month_of(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m")


@dataclass
class TimeUse:
    months: list[str]
    # (month, key) -> hours, for key a forum slug, a party's short name or a person's id
    by_forum: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    by_party: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    by_person: dict[tuple[str, int], float] = field(default_factory=lambda: defaultdict(float))
    people: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))  # (month, forum)
    meetings: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    forums: dict[str, Forum] = field(default_factory=dict)

    def forum_rows(self) -> list[dict[str, Any]]:
        """Per forum over the months: hours, people, hours per person a month, and the mandate's expectation."""
        rows = []
        n = max(len(self.months), 1)
        for slug in sorted({k for _m, k in self.by_forum}, key=lambda s: (s == THEME_DAYS, s)):
            hours = sum(self.by_forum[(m, slug)] for m in self.months)
            person_months = sum(len(self.people[(m, slug)]) for m in self.months)
            meetings = sum(self.meetings[(m, slug)] for m in self.months)
            forum = self.forums.get(slug)
            mandate = getattr(getattr(forum, "mandate", None), "current", None) if forum else None
            expected = expected_per_month(mandate.time_expectation, meetings / n) if mandate else None
            rows.append(
                {
                    "slug": slug,
                    "name": forum.name if forum else _("Theme days"),
                    "ended": bool(forum and forum.ended_on),
                    "meetings": meetings,
                    "hours": hours,
                    "per_person_month": hours / person_months if person_months else 0.0,
                    "expected": expected,
                }
            )
        return rows


def time_use(first: dt.date, last: dt.date) -> TimeUse:
    """Hours from the first day of ``first``'s month to the end of ``last``'s month (meetings that have begun)."""
    start = timezone.make_aware(dt.datetime(first.year, first.month, 1))
    following = dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    end = min(timezone.make_aware(dt.datetime(following.year, following.month, 1)), timezone.now())
    months = []
    cursor = dt.date(first.year, first.month, 1)
    while cursor < following:
        months.append(cursor.strftime("%Y-%m"))
        cursor = dt.date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    rules = TimeUseRules.objects.first() or TimeUseRules()
    use = TimeUse(months=months)
    for m in Meeting.objects.filter(starts_at__gte=start, starts_at__lt=end).select_related("forum"):
        use.meetings[(month_of(m.starts_at), m.forum.slug)] += 1
        use.forums[m.forum.slug] = m.forum
    present = Attendance.objects.filter(
        status=Attendance.Status.PRESENT, meeting__starts_at__gte=start, meeting__starts_at__lt=end
    ).select_related("meeting__forum__mandate__current", "party")
    for a in present:
        meeting = a.meeting
        hours = (meeting.ends_at - meeting.starts_at).total_seconds() / 3600 * (1 + rules.factor(meeting.forum.slug))
        _add(
            use,
            month_of(meeting.starts_at),
            meeting.forum.slug,
            a.party.short_name if a.party else "–",
            a.person_id,
            hours,
        )
        use.forums[meeting.forum.slug] = meeting.forum
    attended = Registration.objects.filter(
        attended=True, theme_day__starts_at__gte=start, theme_day__starts_at__lt=end
    ).select_related("theme_day", "party")
    for r in attended:
        _add(
            use,
            month_of(r.theme_day.starts_at),
            THEME_DAYS,
            r.party.short_name if r.party else "–",
            r.person_id,
            r.theme_day.hours,
        )
    return use


def _add(use: TimeUse, month: str, forum: str, party: str, person: int, hours: float) -> None:
    use.by_forum[(month, forum)] += hours
    use.by_party[(month, party)] += hours
    use.by_person[(month, person)] += hours
    use.people[(month, forum)].add(person)
