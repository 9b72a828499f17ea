"""The implementation-status page: the source document's list "the new organisation is in place when…",
each line measured from the register. A line is "done" only when the thing itself is there (agreed by a decision,
appointed against the mandate, ticked, weighted by every voting party, treated and decided); a line for something
Byvekst does not hold says "Missing" and links to nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from byvekst.assessment.models import CriteriaSet, WeightSet
from byvekst.cases.models import Case, Decision, Meeting, Treatment
from byvekst.collaboration.models import ThemeDay
from byvekst.collaboration.timeuse import THEME_DAYS, time_use
from byvekst.followup.models import Order, StatusReport
from byvekst.governance.models import CaseKind, Forum, Membership, OnboardingItem, OnboardingTask, Party
from byvekst.governance.selectors import active_memberships, forums_with_people, today

# A new member has this long to work through the onboarding checklist before the line counts it as missing.
ONBOARDING_GRACE = dt.timedelta(days=30)


@dataclass
class StatusLine:
    key: str
    label: str
    state: str  # "done" | "missing"
    detail: str = ""
    missing: list[tuple[str, str]] = field(default_factory=list)  # (label, url); url "" when there is no page


def _forum_link(forum: Forum, note: str = "") -> tuple[str, str]:
    return (f"{forum.name}: {note}" if note else forum.name), reverse("forum-detail", args=[forum.slug])


def _line(key: str, label: str, lacking: list[tuple[str, str]], detail_ok: str, detail_missing: str) -> StatusLine:
    if lacking:
        return StatusLine(key, label, "missing", detail_missing, lacking)
    return StatusLine(key, label, "done", detail_ok)


def implementation_status() -> list[StatusLine]:
    forums = list(forums_with_people(include_ended=False))
    decided = set(Decision.objects.values_list("number", flat=True))
    return [
        _line(
            "mandates",
            _("New agreed mandates exist"),
            [
                _forum_link(f)
                for f in forums
                if f.mandate.current is None or f.mandate.current.decision_number not in decided
            ],
            _("Every forum has a mandate in force, agreed by a decision in the register."),
            _("Forums without a mandate agreed by a decision:"),
        ),
        _line(
            "leaders",
            _("Leaders of all forums are appointed"),
            [
                _forum_link(f)
                for f in forums
                if Membership.Role.LEADER not in {m.role for m in getattr(f, "current_memberships", [])}
            ],
            _("Every forum has a leader."),
            _("Forums without a leader:"),
        ),
        _participants_line(forums),
        _line(
            "separation",
            _("Members and observers are clearly separated in every forum"),
            [
                _forum_link(f)
                for f in forums
                if f.mandate.current is None
                or not (f.mandate.current.member_rights and f.mandate.current.observer_rights)
            ],
            _(
                "Every mandate in force says what members and what observers may do; the register refuses "
                "anyone being both in one forum."
            ),
            _("Mandates that do not say what members and observers may do:"),
        ),
        _onboarding_line(forums),
        _first_meeting_line(forums),
        _case_history_line(),
        _criteria_line(),
        _routines_line(),
        _theme_days_line(),
        _meeting_load_line(),
    ]


def _routines_line() -> StatusLine:
    """Ordering and reporting are in use: an order sent from a decision, and status reports received."""
    lacking = []
    if not Order.objects.filter(decision__isnull=False).exists():
        lacking.append((_("No order has been sent from a decision yet"), reverse("order-list")))
    if not StatusReport.objects.exists():
        lacking.append((_("No status report has been received yet"), reverse("followup")))
    return _line(
        "routines",
        _("Agreed ordering routines and reporting forms exist"),
        lacking,
        _("Orders are sent from decisions and the programme's projects send status reports by the reporting rules."),
        _("Not yet in use:"),
    )


def _theme_days_line() -> StatusLine:
    """A plan: a theme day planned in the coming year or held in the past year."""
    now = timezone.now()
    year = dt.timedelta(days=365)
    planned = ThemeDay.objects.filter(starts_at__gte=now - year, starts_at__lte=now + year).exists()
    return _line(
        "theme_days",
        _("There is a plan for joint theme days"),
        [] if planned else [(_("No theme day is planned or held within a year"), reverse("themeday-list"))],
        _("The plan of theme days holds days within a year from now."),
        _("The plan is empty:"),
    )


def _meeting_load_line() -> StatusLine:
    """The seed's claim that the new model needs less meeting time: hours per person a month in the forums in use
    against the replaced forums, over the past year, where both have meetings recorded."""
    today_ = timezone.localdate()
    rows = time_use(dt.date(today_.year - 1, today_.month, 1), today_).forum_rows()
    old = [r for r in rows if r["ended"] and r["meetings"]]
    new = [r for r in rows if not r["ended"] and r["meetings"] and r["slug"] != THEME_DAYS]
    label = _("The new model needs less meeting time than the old")
    if not old or not new:
        return StatusLine(
            "meeting_load",
            label,
            "not_measurable",
            _("No meetings of the replaced forums are recorded, so the claim cannot be measured yet."),
            [(_("Time use"), reverse("time-use"))],
        )
    before = sum(r["per_person_month"] for r in old) / len(old)
    after = sum(r["per_person_month"] for r in new) / len(new)
    numbers = {"after": f"{after:.1f}", "before": f"{before:.1f}"}
    if after < before:
        return StatusLine(
            "meeting_load",
            label,
            "done",
            _("%(after)s hours per person a month in the forums in use against %(before)s in the replaced ones.")
            % numbers,
        )
    return StatusLine(
        "meeting_load",
        label,
        "missing",
        _("%(after)s hours per person a month in the forums in use against %(before)s in the replaced ones.") % numbers,
        [(_("Time use"), reverse("time-use"))],
    )


def _participants_line(forums: list[Forum]) -> StatusLine:
    """A forum is staffed when every party its mandate names has a voting member, and it has at least two."""
    names = dict(Party.objects.values_list("slug", "short_name"))
    lacking = []
    for forum in forums:
        voting = [m for m in getattr(forum, "current_memberships", []) if m.role in Membership.VOTING_ROLES]
        present = {m.party.slug for m in voting if m.party_id}
        required = forum.mandate.current.member_parties if forum.mandate.current else []
        absent = [names.get(code, code) for code in required if code not in present]
        if absent:
            lacking.append(_forum_link(forum, _("no voting member for %(p)s") % {"p": ", ".join(absent)}))
        elif len(voting) < 2:
            lacking.append(_forum_link(forum, _("fewer than two voting participants")))
    return _line(
        "participants",
        _("Participants of all forums are appointed"),
        lacking,
        _("Every forum has the voting members its mandate asks for."),
        _("Forums not staffed as their mandate says:"),
    )


def _onboarding_line(forums: list[Forum]) -> StatusLine:
    """In use means ticked: every working-group member has the checklist, and those who joined more than a month
    ago have ticked every item."""
    label = _("A checklist for onboarding new working-group members is in use")
    groups = [f for f in forums if f.kind == Forum.Kind.WORKING_GROUP]
    if not OnboardingItem.objects.filter(active=True).exists():
        return StatusLine("onboarding", label, "missing", _("The onboarding checklist has no items."))
    memberships = (
        active_memberships()
        .filter(forum__in=groups)
        .annotate(items=Count("onboarding"), ticked=Count("onboarding", filter=Q(onboarding__done_on__isnull=False)))
    )
    settled = today() - ONBOARDING_GRACE
    lacking_ids = {m.forum_id for m in memberships if m.items == 0 or (m.start <= settled and m.ticked < m.items)}
    tasks = OnboardingTask.objects.filter(membership__in=memberships)
    counts = {"ticked": tasks.filter(done_on__isnull=False).count(), "all": tasks.count()}
    lacking = [_forum_link(f) for f in groups if f.pk in lacking_ids]
    return _line(
        "onboarding",
        label,
        lacking,
        _("%(ticked)s of %(all)s onboarding items are ticked; every member past the first month is done.") % counts,
        _("%(ticked)s of %(all)s onboarding items are ticked. Working groups with members not done after a month:")
        % counts,
    )


def _first_meeting_line(forums: list[Forum]) -> StatusLine:
    held = set(Meeting.objects.filter(status=Meeting.Status.HELD).values_list("forum_id", flat=True))
    return _line(
        "first_meeting",
        _("The new forums are in use (first meeting held)"),
        [_forum_link(f) for f in forums if f.pk not in held],
        _("Every forum has held its first meeting."),
        _("Forums that have not held a meeting yet:"),
    )


def _case_history_line() -> StatusLine:
    """Clear history: cases are treated in held meetings, treatments that ask for a conclusion have a decision in
    the register, and each treated case has its final paper and approved minutes excerpt."""
    label = _("There is a clear case history")
    treated = (
        Treatment.objects.filter(status=Treatment.Status.TREATED, forum__isnull=False)
        .select_related("case", "paper", "agenda_item__decision")
        .order_by("case__year", "case__seq")
    )
    if not Case.objects.exists() or not treated.exists():
        return StatusLine("case_history", label, "missing", _("No case has been treated in a meeting yet."))
    concluding = (CaseKind.INNSTILLING, CaseKind.VEDTAK)
    lacking: dict[Case, None] = {}
    for t in treated:
        paper = getattr(t, "paper", None)
        decision = getattr(getattr(t, "agenda_item", None), "decision", None)
        if paper is None or not paper.finalised_at or not t.minutes_excerpt or (t.kind in concluding and not decision):
            lacking[t.case] = None
    if lacking:
        return StatusLine(
            "case_history",
            label,
            "missing",
            _("Treated cases without a final case paper, an approved minutes excerpt or a recorded decision:"),
            [(c.number, c.get_absolute_url()) for c in lacking],
        )
    return StatusLine(
        "case_history",
        label,
        "done",
        _(
            "Every treated case has its final case paper, the approved minutes excerpt and, where a conclusion "
            "was asked for, its decision in the register."
        ),
    )


def _criteria_line() -> StatusLine:
    """Operationalised: a criteria set adopted by a decision, weighted by every voting party of the Council and
    aggregated."""
    label = _("Recommendations for operationalising the evaluation criteria exist")
    adopted = CriteriaSet.objects.filter(status=CriteriaSet.Status.ADOPTED).order_by("-number").first()
    if adopted is None or not Decision.objects.filter(number=adopted.decision_number).exists():
        return StatusLine(
            "criteria",
            label,
            "missing",
            _("No criteria set is adopted by a decision yet."),
            [(_("Evaluation criteria"), reverse("criteria-list"))],
        )
    council = (
        Forum.objects.filter(kind=Forum.Kind.COUNCIL, ended_on__isnull=True).select_related("mandate__current").first()
    )
    voting = list(council.mandate.current.member_parties) if council and council.mandate.current else []
    weighed = set(
        WeightSet.objects.filter(criteria_set=adopted, party__isnull=False).values_list("party__slug", flat=True)
    )
    absent = list(Party.objects.filter(slug__in=set(voting) - weighed).values_list("short_name", flat=True))
    link = [(str(adopted), adopted.get_absolute_url())]
    if absent:
        return StatusLine(
            "criteria",
            label,
            "missing",
            _("Weights are missing from %(parties)s.") % {"parties": ", ".join(sorted(absent))},
            link,
        )
    aggregate = WeightSet.objects.filter(criteria_set=adopted, party__isnull=True).first()
    if aggregate is None or not set(voting) <= set(aggregate.inputs.get("parties", [])):
        return StatusLine(
            "criteria", label, "missing", _("The aggregate weights do not yet include every party's."), link
        )
    return StatusLine(
        "criteria",
        label,
        "done",
        _("%(set)s is adopted by decision %(d)s and weighted by every voting party of the Council.")
        % {"set": adopted, "d": adopted.decision_number},
    )
