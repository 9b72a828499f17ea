"""Reads of the follow-up: the rules and the programme in force, the periods, the registers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from byvekst.followup.models import (
    Deviation,
    Order,
    OrderTemplate,
    OrderTemplateVersion,
    ReportingRules,
    StatusReport,
)
from byvekst.followup.rules import Thresholds
from byvekst.governance.selectors import active_memberships
from byvekst.portfolio.models import ActionProgramme, ProgrammeVersion


def rules_in_force() -> ReportingRules:
    """The newest reporting rules, or the defaults (tertials, 10 % or 20 MNOK, three months, red, spend)."""
    return ReportingRules.objects.first() or ReportingRules()


def thresholds(rules: ReportingRules) -> Thresholds:
    return Thresholds(
        cost_percent=rules.cost_percent,
        cost_mnok=rules.cost_mnok,
        slip_months=rules.slip_months,
        red_light=rules.red_light,
        spend_ahead=rules.spend_ahead,
    )


def adopted_version() -> ProgrammeVersion | None:
    """The programme version in force: the newest adopted version of the newest adopted programme."""
    return (
        ProgrammeVersion.objects.filter(
            stage=ActionProgramme.Stage.ADOPTED, programme__stage=ActionProgramme.Stage.ADOPTED
        )
        .select_related("programme")
        .order_by("-programme__first_year", "-programme__created_at", "-number")
        .first()
    )


def adopted_entry(version: ProgrammeVersion | None, code: str) -> dict[str, Any] | None:
    return next((s for s in version.selection if s["code"] == code), None) if version else None


def period_of(day: dt.date, per_year: int) -> tuple[int, int]:
    """(year, period) of a day: with three periods per year, May is the second tertial."""
    return day.year, (day.month - 1) * per_year // 12 + 1


def current_period(per_year: int) -> tuple[int, int]:
    return period_of(timezone.localdate(), per_year)


def previous_period(year: int, period: int, per_year: int) -> tuple[int, int]:
    return (year, period - 1) if period > 1 else (year - 1, per_year)


def reports() -> QuerySet[StatusReport]:
    return StatusReport.objects.select_related(
        "project", "project__owner", "submitted_by", "programme_version__programme"
    )


# What the period's overview, its documents, the task list and the import read of the newest reports (not the
# programme version each was made under: its selection is decoded with every row otherwise).
REPORT_FIELDS = [
    f.name for f in StatusReport._meta.concrete_fields if f.name not in ("programme_version", "submitted_by")
]


def latest_reports(codes: list[str], year: int, period: int) -> dict[str, StatusReport]:
    """The newest version of each project's report for the period, by project id (one query)."""
    found: dict[str, StatusReport] = {}
    latest = StatusReport.objects.select_related("project").only(*REPORT_FIELDS, "project__code", "project__title")
    for r in latest.filter(project__code__in=codes, year=year, period=period).order_by("project", "-version"):
        found.setdefault(r.project.code, r)
    return found


def project_reports(code: str) -> list[StatusReport]:
    return list(reports().filter(project__code=code).order_by("-year", "-period", "-version"))


def deviations(status: str = "") -> QuerySet[Deviation]:
    qs = Deviation.objects.select_related("project", "project__owner", "case", "decision", "last_report")
    return qs.filter(status=status) if status else qs


def orders(*, status: str = "", overdue: bool = False) -> QuerySet[Order]:
    qs = Order.objects.select_related(
        "decision", "closing_decision", "template_version__template", "to_party", "to_forum", "to_person", "created_by"
    ).prefetch_related("attachments")
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status__in=[Order.Status.SENT, Order.Status.ACKNOWLEDGED], due__lt=timezone.localdate())
    return qs


def orders_for(user: Any) -> QuerySet[Order]:
    """Open orders that wait for this person: to them, to their party, or to a forum they sit in."""
    forums = active_memberships().filter(person=user).values("forum_id")
    who = Q(to_person=user) | Q(to_forum_id__in=forums)
    if getattr(user, "party_id", None):
        who |= Q(to_party_id=user.party_id)
    return orders().filter(who, status__in=[Order.Status.SENT, Order.Status.ACKNOWLEDGED]).order_by("due")


def order_templates() -> Any:
    """The order templates, each with its versions (newest first) and the version in force."""
    versions = OrderTemplateVersion.objects.select_related("template", "decision", "created_by").order_by("-number")
    return OrderTemplate.objects.prefetch_related(Prefetch("versions", queryset=versions))
