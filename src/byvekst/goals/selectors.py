"""Reads of goal achievement: the indicators with their values, and the byindeks as a chained level against
the reference year with its three-year rolling mean."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from byvekst.engine.byindeks import chained, rolling
from byvekst.goals.models import Indicator, IndicatorValue


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
