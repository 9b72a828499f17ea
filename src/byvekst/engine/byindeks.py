"""The byindeks (the urban growth agreements' main indicator) from registration-point counts, by the method the
Norwegian Public Roads Administration publishes (FACTS.md §2):

* light vehicles only (length class < 5.6 m); an hour counts only when it is more than 99 % complete;
* hour-by-hour, date-by-date matching of year t against year t−1 at each point (29 February has no match);
* a day counts when at least 16 of its hours are matched, a month when at least 16 of its days count;
* a point's index is its traffic in the matched hours of the counted months in year t over the same hours in
  t−1; the city index is the mean of the point indices weighted by their base-year traffic (which equals the sum
  over points of year t's traffic over the sum of year t−1's);
* the 95 % confidence interval uses the t-distribution with n−1 degrees of freedom on the weighted variance of
  the point indices (reliability weights): s² = Σwᵢ(Iᵢ−I)² / (1−Σwᵢ²), SE = s·√Σwᵢ²;
* coverage (dekningsgrad): the matched point-hours over all the point-hours of year t in the counted months;
* a multi-year change is the product of the yearly indices; goal achievement is judged on the three-year rolling
  mean of the chained level against the reference year.

No Django here: plain rows in, plain numbers out; ``byvekst byindeks`` runs it on two CSV files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

LIGHT = {"<5.6", "< 5.6", "l21", "lett", "lette", "light", "0-5.6", "0–5.6", "<5,6", "< 5,6"}
MIN_COMPLETENESS = 0.99
MIN_HOURS_PER_DAY = 16
MIN_DAYS_PER_MONTH = 16

# Two-sided 95 % quantiles of Student's t for 1–30 degrees of freedom.
_T975 = [
    12.706,
    4.303,
    3.182,
    2.776,
    2.571,
    2.447,
    2.365,
    2.306,
    2.262,
    2.228,
    2.201,
    2.179,
    2.160,
    2.145,
    2.131,
    2.120,
    2.110,
    2.101,
    2.093,
    2.086,
    2.080,
    2.074,
    2.069,
    2.064,
    2.060,
    2.056,
    2.052,
    2.048,
    2.045,
    2.042,
]


def t975(df: int) -> float:
    """The 97.5 % quantile of Student's t (a table to 30, then the Cornish–Fisher expansion, within 0.001)."""
    if df < 1:
        return math.inf
    if df <= 30:
        return _T975[df - 1]
    z = 1.959964
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


@dataclass(frozen=True)
class Count:
    """Light vehicles counted at one point in one hour (``hour``: the hour's start, local time, no zone)."""

    point: str
    hour: dt.datetime
    volume: float
    completeness: float = 1.0  # share of the hour's time the equipment counted (fulltallighet)


@dataclass(frozen=True)
class PointIndex:
    point: str
    index: float  # year t over year t−1
    base: float  # year t−1's traffic in the matched hours (the weight)
    current: float
    hours: int
    months: int


@dataclass(frozen=True)
class Byindeks:
    year: int
    index: float  # 1.02 = 2 % more traffic than the year before
    low: float
    high: float
    coverage: float  # 0–1
    points: list[PointIndex] = field(default_factory=list)

    @property
    def change(self) -> float:
        """The change in per cent."""
        return (self.index - 1) * 100


class ByindeksError(ValueError):
    pass


def byindeks(current: Iterable[Count], previous: Iterable[Count], year: int) -> Byindeks:
    """The city index of ``year`` against the year before from the points' hourly counts of both years."""

    def usable(counts: Iterable[Count], y: int) -> dict[tuple[str, int, int, int], float]:
        out = {}
        for c in counts:
            if c.hour.year == y and c.completeness > MIN_COMPLETENESS:
                out[(c.point, c.hour.month, c.hour.day, c.hour.hour)] = c.volume
        return out

    now, before = usable(current, year), usable(previous, year - 1)
    matched = now.keys() & before.keys()
    hours_per_day: dict[tuple[str, int, int], int] = defaultdict(int)
    for point, month, day, _hour in matched:
        hours_per_day[(point, month, day)] += 1
    days_per_month: dict[tuple[str, int], int] = defaultdict(int)
    for (point, month, _day), n in hours_per_day.items():
        if n >= MIN_HOURS_PER_DAY:
            days_per_month[(point, month)] += 1
    months = {k for k, n in days_per_month.items() if n >= MIN_DAYS_PER_MONTH}
    good_days = {k for k, n in hours_per_day.items() if n >= MIN_HOURS_PER_DAY}
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])  # current, base, hours
    for key in matched:
        point, month, day, _hour = key
        if (point, month) in months and (point, month, day) in good_days:
            s = sums[point]
            s[0] += now[key]
            s[1] += before[key]
            s[2] += 1
    points = [
        PointIndex(p, s[0] / s[1], s[1], s[0], int(s[2]), sum(1 for q, _m in months if q == p))
        for p, s in sorted(sums.items())
        if s[1] > 0
    ]
    if not points:
        raise ByindeksError("no point has a counted month: too few matched hours between the two years")
    base = sum(p.base for p in points)
    weights = [p.base / base for p in points]
    index = sum(p.current for p in points) / base
    n = len(points)
    if n > 1:
        w2 = sum(w * w for w in weights)
        variance = sum(w * (p.index - index) ** 2 for w, p in zip(weights, points, strict=True)) / (1 - w2)
        half = t975(n - 1) * math.sqrt(variance * w2)
    else:
        half = math.inf
    possible = sum(_hours_in_month(year, month) for _p, month in months)
    return Byindeks(
        year=year,
        index=index,
        low=index - half,
        high=index + half,
        coverage=sum(p.hours for p in points) / possible if possible else 0.0,
        points=points,
    )


def _hours_in_month(year: int, month: int) -> int:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (following - dt.date(year, month, 1)).days * 24


def chained(indices: dict[int, float], reference_year: int) -> dict[int, float]:
    """The traffic level of each year against the reference year (= 1.0): the product of the yearly indices."""
    levels = {reference_year: 1.0}
    level = 1.0
    for year in range(reference_year + 1, max(indices, default=reference_year) + 1):
        if year not in indices:
            break
        level *= indices[year]
        levels[year] = level
    return levels


def rolling(levels: dict[int, float], window: int = 3) -> dict[int, float]:
    """The mean level over the last ``window`` years, for each year that has them all."""
    return {
        y: sum(levels[y - k] for k in range(window)) / window
        for y in sorted(levels)
        if all(y - k in levels for k in range(window))
    }


HEADERS = ("punkt", "tidspunkt", "lengdeklasse", "antall", "fulltallighet")


@dataclass(frozen=True)
class RowError:
    """A problem in a CSV row: ``kind`` is missing_columns, not_hour, not_count, not_percent or empty."""

    row: int
    field: str
    kind: str
    value: str = ""

    def __str__(self) -> str:
        words = {
            "missing_columns": "missing column(s) {v}",
            "not_hour": "“{v}” is not a date and hour (2024-03-01T07:00)",
            "not_count": "“{v}” is not a count",
            "not_percent": "“{v}” is not a per cent from 0 to 100",
            "empty": "empty",
        }
        return f"row {self.row}, {self.field}: " + words[self.kind].format(v=self.value)


def read_counts(text: str) -> tuple[list[Count], list[RowError]]:
    """Counts from CSV (``punkt;tidspunkt;lengdeklasse;antall;fulltallighet``, semicolon or comma), light vehicles
    only; and every problem, naming the row and the field."""
    sample = text[:2000]
    dialect = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
    fields = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [h for h in HEADERS if h not in fields]
    if missing:
        return [], [RowError(1, "", "missing_columns", ", ".join(missing))]
    counts: list[Count] = []
    errors: list[RowError] = []
    for row_number, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if row["lengdeklasse"].lower() not in LIGHT:
            continue
        try:
            hour = dt.datetime.fromisoformat(row["tidspunkt"]).replace(tzinfo=None)
        except ValueError:
            errors.append(RowError(row_number, "tidspunkt", "not_hour", row["tidspunkt"][:40]))
            continue
        try:
            volume = float(row["antall"].replace(",", "."))
            if volume < 0 or not math.isfinite(volume):
                raise ValueError
        except ValueError:
            errors.append(RowError(row_number, "antall", "not_count", row["antall"][:40]))
            continue
        try:
            share = float(row["fulltallighet"].replace(",", ".").rstrip("%").strip() or "100")
            if not 0 <= share <= 100:
                raise ValueError
        except ValueError:
            errors.append(RowError(row_number, "fulltallighet", "not_percent", row["fulltallighet"][:40]))
            continue
        if not row["punkt"]:
            errors.append(RowError(row_number, "punkt", "empty"))
            continue
        counts.append(Count(row["punkt"], hour, volume, share / 100))
    return counts, errors


def result_to_dict(result: Byindeks) -> dict[str, object]:
    return {
        "year": result.year,
        "index": round(result.index, 6),
        "change_percent": round(result.change, 3),
        "ci95": [round(result.low, 6), round(result.high, 6)] if math.isfinite(result.low) else None,
        "coverage": round(result.coverage, 4),
        "points": [
            {
                "point": p.point,
                "index": round(p.index, 6),
                "base": p.base,
                "current": p.current,
                "hours": p.hours,
                "months": p.months,
            }
            for p in result.points
        ],
    }
