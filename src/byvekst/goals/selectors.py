"""Reads of goal achievement: the indicators with their values, and the byindeks as a chained level against
the reference year with its three-year rolling mean."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from byvekst.engine.byindeks import chained, rolling
from byvekst.followup.models import StatusReport
from byvekst.followup.selectors import adopted_version
from byvekst.goals.models import BenefitPlan, Indicator, IndicatorValue, Realisation
from byvekst.projects.models import Project


def indicators() -> QuerySet[Indicator]:
    yearly = IndicatorValue.objects.filter(month__isnull=True).order_by("year")
    return Indicator.objects.prefetch_related(Prefetch("values", queryset=yearly, to_attr="yearly"))


@dataclass(frozen=True)
class Series:
    """Per year: the value; for the byindeks also the level against the reference year and the rolling mean."""

    indicator: Indicator
    years: list[int]
    values: dict[int, float]
    levels: dict[int, float]
    rolling: dict[int, float]
    demo: bool

    @property
    def latest(self) -> int | None:
        return self.years[-1] if self.years else None


def series(indicator: Indicator) -> Series:
    rows = getattr(indicator, "yearly", None)
    if rows is None:
        rows = list(indicator.values.filter(month__isnull=True).order_by("year"))
    values = {v.year: v.value for v in rows}
    levels: dict[int, float] = {}
    means: dict[int, float] = {}
    if indicator.kind == Indicator.Kind.YEARLY_INDEX:
        levels = chained(values, indicator.reference_year)
        means = rolling(levels)
    return Series(indicator, sorted(values), values, levels, means, any(v.is_demo for v in rows))


def main_series() -> Series | None:
    main = indicators().filter(is_main=True).first()
    return series(main) if main else None


@dataclass(frozen=True)
class BenefitRow:
    plan: BenefitPlan
    latest: Realisation | None

    @property
    def realised(self) -> float | None:
        return None if self.latest is None else self.latest.value - self.plan.baseline

    @property
    def share(self) -> float | None:
        """How much of the expected change is realised (None without a measurement or an expected change)."""
        if self.realised is None or not self.plan.expected:
            return None
        return self.realised / self.plan.expected


def benefit_rows(plans: QuerySet[BenefitPlan] | None = None) -> list[BenefitRow]:
    qs = plans if plans is not None else BenefitPlan.objects.all()
    qs = qs.select_related("project", "project__owner", "indicator").prefetch_related("realisations")
    return [BenefitRow(p, max(p.realisations.all(), key=lambda r: (r.year, r.pk), default=None)) for p in qs]


def plan_totals(rows: list[BenefitRow]) -> list[tuple[str, float, float]]:
    """(unit, expected change, realised change so far) added up over plans of the same unit."""
    totals: dict[str, list[float]] = {}
    for row in rows:
        expected_realised = totals.setdefault(row.plan.unit, [0.0, 0.0])
        expected_realised[0] += row.plan.expected
        expected_realised[1] += row.realised or 0.0
    return [(unit, e, r) for unit, (e, r) in sorted(totals.items())]


def benefit_groups(rows: list[BenefitRow], key: str) -> list[tuple[str, list[BenefitRow]]]:
    """Rows grouped by the project's first focus area (``focus``) or its geographic area (``area``)."""
    groups: dict[str, list[BenefitRow]] = {}
    for row in rows:
        project = row.plan.project
        code = (project.focus_area_codes or ["–"])[0] if key == "focus" else project.area_code
        groups.setdefault(code, []).append(row)
    return sorted(groups.items())


EFFECT_PLANS = [
    ("pt_trips_per_day", gettext_lazy("New public-transport trips a day")),
    ("cycle_trips_per_day", gettext_lazy("New cycling trips a day")),
    ("walk_trips_per_day", gettext_lazy("New walking trips a day")),
    ("car_trips_per_day", gettext_lazy("Change in car trips a day")),
]


def plan_from_sheet(project: Project) -> dict[str, Any]:
    """A first plan from the sheet's expected effects: the first effect figure it has."""
    for field, label in EFFECT_PLANS:
        value = getattr(project, field)
        if value:
            return {
                "measure": str(label),
                "unit": _("trips a day"),
                "baseline": 0,
                "target": value,
                "baseline_year": project.completion_year or timezone.localdate().year,
                "target_year": (project.completion_year or timezone.localdate().year) + 3,
                "method": project.effect_method or _("Counts before and after opening"),
            }
    return {}


@dataclass(frozen=True)
class Progress:
    """The indicators beside the programme's spend, per year (issue 13: do the indicators move as the money is
    spent?). ``planned``: the programme in force, from its projects' yearly cost profiles placed at their adopted
    starts; ``reported``: spent this year in each project's newest status report of the year; ``index``: each
    indicator against its reference year (= 100)."""

    programme: Any  # the ProgrammeVersion in force, or None
    years: list[int]
    planned: dict[int, float]
    reported: dict[int, float]
    indicators: list[Series]
    index: dict[str, dict[int, float]]


def reference_index(s: Series) -> dict[int, float]:
    """The indicator per year with its reference year as 100 (the byindeks: its chained level)."""
    if s.indicator.kind == Indicator.Kind.YEARLY_INDEX:
        return {y: level * 100 for y, level in s.levels.items()}
    base = s.values.get(s.indicator.reference_year)
    return {y: v / base * 100 for y, v in s.values.items()} if base else {}


def progress() -> Progress:
    version = adopted_version()
    planned: dict[int, float] = {}
    reported: dict[int, float] = {}
    if version is not None:
        starts = {e["code"]: int(e["start"]) for e in version.selection}
        for code, profile in Project.objects.filter(code__in=starts).values_list("code", "cost_profile"):
            for i, amount in enumerate(profile or []):
                planned[starts[code] + i] = planned.get(starts[code] + i, 0.0) + float(amount or 0)
        newest: dict[tuple[int, int], tuple[int, int, float]] = {}
        rows = StatusReport.objects.filter(project__code__in=starts).values_list(
            "project_id", "year", "period", "version", "spent_this_year"
        )
        for project, year, period, number, amount in rows:
            if (period, number) > newest.get((project, year), (0, 0, 0.0))[:2]:
                newest[(project, year)] = (period, number, float(amount))
        for (_project, year), (_period, _number, spent) in newest.items():
            reported[year] = reported.get(year, 0.0) + spent
    shown = [series(i) for i in indicators()]
    index = {s.indicator.code: reference_index(s) for s in shown}
    years = sorted(set(planned) | set(reported) | {y for values in index.values() for y in values})
    return Progress(version, years, planned, reported, shown, index)


def progress_rows(p: Progress) -> list[tuple[int, float | None, float | None, list[float | None]]]:
    """(year, planned, reported, each indicator's index) for the table; None where there is nothing."""
    return [
        (y, p.planned.get(y), p.reported.get(y), [p.index[s.indicator.code].get(y) for s in p.indicators])
        for y in p.years
    ]
