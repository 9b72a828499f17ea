"""The implementation-status page: the source document's list "the new organisation is in place when…",
each line computed from data. Lines that depend on parts not built yet say so instead of guessing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from byvekst.assessment.models import CriteriaSet, WeightSet
from byvekst.cases.models import Case, Meeting, Treatment
from byvekst.governance.models import Forum, Membership, OnboardingItem
from byvekst.governance.selectors import active_memberships, forums_with_people


@dataclass
class StatusLine:
    key: str
    label: str
    state: str  # "done" | "missing" | "not_measurable"
    detail: str = ""
    missing: list[tuple[str, str]] = field(default_factory=list)  # (label, url)


def _forum_link(forum: Forum) -> tuple[str, str]:
    return forum.name, reverse("forum-detail", args=[forum.slug])


def _line(key: str, label: str, lacking: list[Forum], detail_ok: str, detail_missing: str) -> StatusLine:
    if lacking:
        return StatusLine(key, label, "missing", detail_missing, [_forum_link(f) for f in lacking])
    return StatusLine(key, label, "done", detail_ok)


def implementation_status() -> list[StatusLine]:
    forums = [f for f in forums_with_people(include_ended=False)]
    roles = {f.pk: [m.role for m in getattr(f, "current_memberships", [])] for f in forums}
    lines = [
        _line(
            "mandates",
            _("New agreed mandates exist"),
            [f for f in forums if f.mandate.current_id is None],
            _("Every forum has an agreed mandate in force."),
            _("Forums without an agreed mandate:"),
        ),
        _line(
            "leaders",
            _("Leaders of all forums are appointed"),
            [f for f in forums if Membership.Role.LEADER not in roles[f.pk]],
            _("Every forum has a leader."),
            _("Forums without a leader:"),
        ),
        _line(
            "participants",
            _("Participants of all forums are appointed"),
            [f for f in forums if sum(r in Membership.VOTING_ROLES for r in roles[f.pk]) < 2],
            _("Every forum has a leader and at least one member."),
            _("Forums with fewer than two voting participants:"),
        ),
        _line(
            "separation",
            _("Members and observers are clearly separated in every forum"),
            [
                f
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
    ]
    groups = [f for f in forums if f.kind == Forum.Kind.WORKING_GROUP]
    has_items = OnboardingItem.objects.filter(active=True).exists()
    without = active_memberships().filter(forum__in=groups, onboarding__isnull=True).select_related("forum")
    lacking_groups = sorted({m.forum for m in without}, key=lambda f: f.order) if has_items else groups
    lines.append(
        _line(
            "onboarding",
            _("A checklist for onboarding new working-group members is in use"),
            lacking_groups,
            _("Every working-group membership has its onboarding checklist."),
            _("Working groups with members lacking the checklist:"),
        )
    )
    later = [
        (
            "routines",
            _("Agreed ordering routines and reporting forms exist"),
            _("Measured when orders and status reports exist."),
        ),
        ("theme_days", _("There is a plan for joint theme days"), _("Measured when theme days can be planned.")),
    ]
    lines += [StatusLine(key, label, "not_measurable", why) for key, label, why in later]
    lines.insert(len(lines) - 1, _criteria_line())
    lines[5:5] = [_first_meeting_line(forums), _case_history_line()]
    return lines


def _first_meeting_line(forums: list[Forum]) -> StatusLine:

    held = set(Meeting.objects.filter(status=Meeting.Status.HELD).values_list("forum_id", flat=True))
    return _line(
        "first_meeting",
        _("The new forums are in use (first meeting held)"),
        [f for f in forums if f.pk not in held],
        _("Every forum has held its first meeting."),
        _("Forums that have not held a meeting yet:"),
    )


def _case_history_line() -> StatusLine:

    label = _("There is a clear case history")
    if not Case.objects.exists():
        return StatusLine("case_history", label, "missing", _("No cases yet."), [(_("Cases"), reverse("case-list"))])
    treated = Treatment.objects.filter(status=Treatment.Status.TREATED, forum__isnull=False).select_related(
        "case", "paper"
    )
    lacking = sorted(
        {t.case for t in treated if not t.paper.finalised_at or not t.minutes_excerpt}, key=lambda c: (c.year, c.seq)
    )
    if lacking:
        return StatusLine(
            "case_history",
            label,
            "missing",
            _("Treated cases without a final case paper or an approved minutes excerpt:"),
            [(c.number, c.get_absolute_url()) for c in lacking],
        )
    return StatusLine(
        "case_history",
        label,
        "done",
        _("Every treated case has its case paper and the approved minutes excerpt filed on it."),
    )


def _criteria_line() -> StatusLine:

    label = _("Recommendations for operationalising the evaluation criteria exist")
    adopted = CriteriaSet.objects.filter(status=CriteriaSet.Status.ADOPTED).order_by("-number").first()
    if adopted is None:
        return StatusLine(
            "criteria",
            label,
            "missing",
            _("No criteria set is adopted yet."),
            [(_("Evaluation criteria"), reverse("criteria-list"))],
        )
    if not WeightSet.objects.filter(criteria_set=adopted, party__isnull=True).exists():
        return StatusLine(
            "criteria",
            label,
            "missing",
            _("The adopted criteria have no aggregate weights yet."),
            [(str(adopted), adopted.get_absolute_url())],
        )
    return StatusLine(
        "criteria", label, "done", _("%(set)s is adopted, with weights and scale texts.") % {"set": adopted}
    )
