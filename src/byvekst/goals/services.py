"""Writes of goal achievement: indicator values (one or a CSV file of many, all or nothing) and the byindeks from
registration-point counts. Each records its audit event in the same transaction."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from byvekst.audit.services import record
from byvekst.core.limits import year_error
from byvekst.engine.byindeks import ByindeksError, RowError, byindeks, read_counts, result_to_dict
from byvekst.goals.models import BenefitPlan, Indicator, IndicatorValue, Realisation

MAX_ABS = 1e12
BYINDEKS = "byindeks"


def _row_words(error: RowError, file: str) -> str:
    words = {
        "missing_columns": _("missing column(s) %(v)s"),
        "not_hour": _("“%(v)s” is not a date and hour (2024-03-01T07:00)"),
        "not_count": _("“%(v)s” is not a count"),
        "not_percent": _("“%(v)s” is not a per cent from 0 to 100"),
        "empty": _("empty"),
    }
    return _("%(file)s, row %(row)s, %(field)s: %(what)s") % {
        "file": file,
        "row": error.row,
        "field": error.field or "–",
        "what": words[error.kind] % {"v": error.value},
    }


def _check_value(value: Any, year: Any, month: Any) -> dict[str, str]:
    errors: dict[str, str] = {}
    if year_error(year):
        errors["year"] = str(year_error(year))
    if month not in (None, "") and not (str(month).isdigit() and 1 <= int(month) <= 12):
        errors["month"] = _("Give a month from 1 to 12, or leave it empty for the whole year.")
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not math.isfinite(value)
        or abs(value) > MAX_ABS
    ):
        errors["value"] = _("Write a number.")
    return errors


def _store(
    actor: Any, indicator: Indicator, year: int, month: int | None, value: float, **extra: Any
) -> IndicatorValue:
    stored, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator, year=year, month=month, defaults={"value": value, "created_by": actor, **extra}
    )
    record(
        actor=actor,
        event_type="indicator.value_set",
        obj=indicator,
        new={"year": year, "month": month, "value": value, "note": extra.get("note", "")},
    )
    return stored


@transaction.atomic
def value_set(
    *,
    actor: Any,
    indicator: Indicator,
    year: int,
    month: int | None,
    value: float,
    note: str = "",
    is_demo: bool = False,
) -> IndicatorValue:
    errors = _check_value(value, year, month)
    if len(note) > 300:
        errors["note"] = _("At most %(n)s characters.") % {"n": 300}
    if errors:
        raise ValidationError(errors)
    return _store(actor, indicator, int(year), int(month) if month else None, float(value), note=note, is_demo=is_demo)


@dataclass(frozen=True)
class ValuesImport:
    stored: int
    errors: list[str]


VALUE_COLUMNS = ("indikator", "år", "måned", "verdi", "merknad")


@transaction.atomic
def values_import(*, actor: Any, text: str) -> ValuesImport:
    """Values from CSV (``indikator;år;måned;verdi;merknad``): every row checked first, nothing stored unless all
    are right; each error names the row and the field."""
    dialect = ";" if text[:2000].count(";") >= text[:2000].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in VALUE_COLUMNS[:4] if c not in headers]
    if missing:
        return ValuesImport(0, [_("Row 1: missing column(s) %(c)s.") % {"c": ", ".join(missing)}])
    indicators = {i.code: i for i in Indicator.objects.all()}
    rows: list[tuple[Indicator, int, int | None, float, str]] = []
    errors: list[str] = []
    for number, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        indicator = indicators.get(row["indikator"])
        try:
            value: Any = float(row["verdi"].replace(",", ".").replace("\xa0", "").replace(" ", ""))
        except ValueError:
            value = None
        problems = _check_value(value, row["år"], row.get("måned") or None)
        if indicator is None:
            problems["indikator"] = _("unknown indicator “%(v)s”") % {"v": row["indikator"][:40]}
        names = {"year": "år", "month": "måned", "value": "verdi"}
        errors += [
            _("Row %(row)s, %(field)s: %(what)s") % {"row": number, "field": names.get(k, k), "what": m}
            for k, m in problems.items()
        ]
        if len(errors) > 200:
            break
        if not problems and indicator is not None:
            rows.append(
                (
                    indicator,
                    int(row["år"]),
                    int(row["måned"]) if row.get("måned") else None,
                    value,
                    row.get("merknad", ""),
                )
            )
    if errors:
        return ValuesImport(0, errors)
    for indicator, year, month, value, note in rows:
        _store(actor, indicator, year, month, value, note=note[:300])
    return ValuesImport(len(rows), [])


@transaction.atomic
def byindeks_import(*, actor: Any, year: int, current: str, previous: str, is_demo: bool = False) -> IndicatorValue:
    """The byindeks of ``year`` from the points' hourly counts of that year and the year before."""
    if year_error(year):
        raise ValidationError({"year": str(year_error(year))})
    read, errors = [], []
    for name, text in ((_("the file for the year"), current), (_("the file for the year before"), previous)):
        counts, problems = read_counts(text)
        errors += [_row_words(e, name) for e in problems[:50]]
        read.append(counts)
    if errors:
        raise ValidationError({"file": errors})
    try:
        result = byindeks(read[0], read[1], year)
    except ByindeksError as exc:
        raise ValidationError(
            {
                "file": _(
                    "No point has a month with enough matched hours between the two years "
                    "(16 hours a day, 16 days a month)."
                )
            }
        ) from exc
    indicator = Indicator.objects.get(code=BYINDEKS)
    finite = math.isfinite(result.low)
    return _store(
        actor,
        indicator,
        year,
        None,
        result.index,
        low=result.low if finite else None,
        high=result.high if finite else None,
        coverage=result.coverage,
        details=result_to_dict(result),
        note=_("Computed from %(n)s registration points") % {"n": len(result.points)},
        is_demo=is_demo,
    )


PLAN_TEXT = {"measure": 200, "unit": 40, "method": 300, "responsible": 200}


@transaction.atomic
def plan_create(*, actor: Any, project: Any, data: dict[str, Any], indicator: Indicator | None = None) -> BenefitPlan:
    """A benefit plan for a project: what is measured, from baseline to target by when, how and by whom."""
    errors: dict[str, str] = {}
    for key, limit in PLAN_TEXT.items():
        data[key] = str(data.get(key) or "").strip()
        if not data[key]:
            errors[key] = _("Fill in this field.")
        elif len(data[key]) > limit:
            errors[key] = _("At most %(n)s characters.") % {"n": limit}
    for key in ("baseline", "target"):
        value = data.get(key)
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
            or abs(value) > MAX_ABS
        ):
            errors[key] = _("Write a number.")
    for key in ("baseline_year", "target_year"):
        if year_error(data.get(key)):
            errors[key] = str(year_error(data.get(key)))
    if not {"baseline_year", "target_year"} & set(errors) and int(data["target_year"]) < int(data["baseline_year"]):
        errors["target_year"] = _("The target year cannot be before the baseline year.")
    if errors:
        raise ValidationError(errors)
    plan = BenefitPlan.objects.create(
        project=project,
        indicator=indicator,
        **{
            k: data[k]
            for k in ("measure", "unit", "baseline", "baseline_year", "target", "target_year", "method", "responsible")
        },
    )
    record(
        actor=actor,
        event_type="benefit.planned",
        obj=project,
        new={
            "measure": plan.measure,
            "baseline": plan.baseline,
            "target": plan.target,
            "target_year": plan.target_year,
        },
    )
    return plan


@transaction.atomic
def realisation_add(
    *, actor: Any, plan: BenefitPlan, year: int, value: float, source: str, note: str = ""
) -> Realisation:
    errors = _check_value(value, year, None)
    if source not in Realisation.Source.values:
        errors["source"] = _("Choose where the figure comes from.")
    if len(note) > 300:
        errors["note"] = _("At most %(n)s characters.") % {"n": 300}
    if errors:
        raise ValidationError(errors)
    realised = Realisation.objects.create(
        plan=plan, year=int(year), value=float(value), source=source, note=note, created_by=actor
    )
    record(
        actor=actor,
        event_type="benefit.realised",
        obj=plan.project,
        new={"measure": plan.measure, "year": realised.year, "value": realised.value, "source": source},
    )
    return realised
