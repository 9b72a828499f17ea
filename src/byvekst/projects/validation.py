"""The rules a project sheet must follow, in one place: forms, the Excel import and the services call these.

Each function returns ``{field: message}``; empty means valid. Messages are in the user's language.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from byvekst.core.limits import (
    MAX_GEOMETRY_POINTS,
    MAX_PROFILE_YEARS,
    count_error,
    finite,
    money_error,
    year_error,
)
from byvekst.governance.selectors import config_codes
from byvekst.projects.models import (
    AGREEMENT_END,
    AGREEMENT_START,
    FUNDING_SOURCES,
    IMPACT_THEMES,
    INVESTMENT_ONLY,
    MeasureKind,
    Phase,
)

PROFILE_TOLERANCE = Decimal("0.01")  # MNOK: rounding of a yearly profile
SHARE_TOLERANCE = Decimal("0.01")  # percentage points


def _dec(v: Any) -> Decimal | None:
    if v is None or v == "":
        return None
    return Decimal(str(v))


LONG_TEXT = 20_000  # characters in a free-text field of the sheet
MONEY_FIELDS = (
    "cost_p10",
    "cost_p50",
    "cost_p85",
    "public_cost",
    "granted_before",
    "remaining_after",
    "quantity",
    "requested",
    "granted",
)
SIGNED_MONEY_FIELDS = ("net_benefit",)
COUNT_FIELDS = (
    "car_trips_per_day",
    "vehicle_km_per_day",
    "walk_trips_per_day",
    "cycle_trips_per_day",
    "pt_trips_per_day",
)


def check_bounds(data: dict[str, Any]) -> dict[str, str]:
    """Every number within what can be stored and makes sense; every code one the configuration knows."""
    errors: dict[str, str] = {}
    for name in MONEY_FIELDS + SIGNED_MONEY_FIELDS:
        if data.get(name) not in (None, ""):
            problem = money_error(data[name], allow_negative=name in SIGNED_MONEY_FIELDS)
            if problem:
                errors[name] = problem
    for name in COUNT_FIELDS:
        if data.get(name) not in (None, ""):
            problem = count_error(data[name])
            if problem:
                errors[name] = problem
    if data.get("capacity_person_months") not in (None, ""):
        problem = money_error(data["capacity_person_months"])
        if problem:
            errors["capacity_person_months"] = problem
    for name in ("price_year", "earliest_start", "latest_start", "completion_year"):
        if data.get(name) not in (None, ""):
            problem = year_error(data[name])
            if problem:
                errors[name] = problem
    profile = data.get("cost_profile") or []
    if not isinstance(profile, list) or len(profile) > MAX_PROFILE_YEARS:
        errors["cost_profile"] = _("Give at most %(n)s yearly amounts.") % {"n": MAX_PROFILE_YEARS}
    else:
        for amount in profile:
            problem = money_error(amount)
            if problem:
                errors["cost_profile"] = problem
                break
    for name in ("description", "need"):
        if len(str(data.get(name) or "")) > LONG_TEXT:
            errors[name] = _("At most %(n)s characters.") % {"n": LONG_TEXT}
    codes = config_codes()
    if not data.get("area_code") or data["area_code"] not in codes["areas"]:
        errors["area_code"] = _("Choose one of the geographic areas in the configuration in force.")
    if data.get("programme_area_code") and data["programme_area_code"] not in codes["programme_areas"]:
        errors["programme_area_code"] = _("Choose one of the programme areas in the configuration in force.")
    others = data.get("other_areas") or []
    if not isinstance(others, list) or any(c not in codes["areas"] for c in others):
        errors["other_areas"] = _("Choose the other areas among the configured ones.")
    unknown = [c for c in data.get("focus_area_codes") or [] if c not in codes["focus_areas"]]
    if unknown:
        errors["focus_area_codes"] = _("Unknown focus area: %(code)s.") % {"code": unknown[0]}
    if data.get("phase") not in (None, "") and data["phase"] not in Phase.values:
        errors["phase"] = _("Choose one of the phases.")
    return errors


def check_rules(data: dict[str, Any]) -> dict[str, str]:
    """Rules that hold for every saved sheet, draft or not (only on what is filled in)."""
    errors = check_bounds(data)
    if errors:
        return errors
    p10, p50, p85 = _dec(data.get("cost_p10")), _dec(data.get("cost_p50")), _dec(data.get("cost_p85"))
    for name, v in (("cost_p10", p10), ("cost_p50", p50), ("cost_p85", p85)):
        if v is not None and v < 0:
            errors[name] = _("A cost cannot be negative.")
    if p10 is not None and p50 is not None and p10 > p50:
        errors["cost_p10"] = _("P10 (%(p10)s) must not be above P50 (%(p50)s).") % {"p10": p10, "p50": p50}
    if p50 is not None and p85 is not None and p50 > p85:
        errors["cost_p85"] = _("P85 (%(p85)s) must not be below P50 (%(p50)s).") % {"p85": p85, "p50": p50}
    profile = data.get("cost_profile") or []
    if profile:
        if any(_dec(x) is None or _dec(x) < 0 for x in profile):  # type: ignore[operator]
            errors["cost_profile"] = _("Every yearly amount must be a number of at least 0.")
        elif p50 is not None:
            total = sum((Decimal(str(x)) for x in profile), Decimal(0))
            if abs(total - p50) > PROFILE_TOLERANCE:
                errors["cost_profile"] = _(
                    "The yearly profile sums to %(total)s MNOK but the P50 estimate is %(p50)s; they must match."
                ) % {"total": total, "p50": p50}
    funding = data.get("funding") or {}
    known = {k for k, _label in FUNDING_SOURCES}
    unknown = [k for k in funding if k not in known]
    if unknown:
        errors["funding"] = _("Unknown funding source: %(source)s.") % {"source": unknown[0]}
    elif funding:
        shares = [_dec(v) or Decimal(0) for v in funding.values()]
        if any(not s.is_finite() for s in shares):
            errors["funding"] = _("Every funding share must be a number.")
        elif any(s < 0 for s in shares):
            errors["funding"] = _("A funding share cannot be negative.")
        elif abs(sum(shares, Decimal(0)) - 100) > SHARE_TOLERANCE:
            errors["funding"] = _("The funding shares sum to %(total)s %%; they must sum to 100 %%.") % {
                "total": sum(shares, Decimal(0))
            }
    earliest, latest = data.get("earliest_start"), data.get("latest_start")
    ongoing = data.get("phase") in (Phase.CONSTRUCTION, Phase.DONE)
    for name, year in (("earliest_start", earliest), ("latest_start", latest)):
        if year is not None and name == "earliest_start" and ongoing and int(year) < AGREEMENT_START:
            continue  # a project under construction may have started before the agreement
        if year is not None and not AGREEMENT_START <= int(year) <= AGREEMENT_END:
            errors[name] = _("The start must lie within the agreement period %(a)s–%(b)s.") % {
                "a": AGREEMENT_START,
                "b": AGREEMENT_END,
            }
    if earliest is not None and latest is not None and "latest_start" not in errors and int(latest) < int(earliest):
        errors["latest_start"] = _("The latest start is before the earliest start.")
    kind = data.get("measure_kind") or MeasureKind.INVESTMENT
    if kind != MeasureKind.INVESTMENT:
        for name in INVESTMENT_ONLY:
            if data.get(name) not in (None, ""):
                errors[name] = _("Only an investment has this; leave it empty for %(kind)s.") % {
                    "kind": str(dict(MeasureKind.choices)[kind]).lower()
                }
    done = data.get("completion_year")
    if done is not None and earliest is not None and int(done) < int(earliest):
        errors["completion_year"] = _("The completion year is before the earliest start.")
    others = data.get("other_municipalities") or []
    if not isinstance(others, list) or len(others) > 20 or any(not isinstance(m, str) or len(m) > 100 for m in others):
        errors["other_municipalities"] = _("Name at most 20 municipalities.")
    if data.get("quantity") not in (None, "") and not str(data.get("quantity_unit") or "").strip():
        errors["quantity_unit"] = _("Give the unit of the quantity (km, stops, …).")
    impacts = data.get("impacts") or {}
    themes = {k for k, _label in IMPACT_THEMES}
    for theme, entry in impacts.items():
        grade = entry.get("grade") if isinstance(entry, dict) else None
        if theme not in themes:
            errors["impacts"] = _("Unknown impact theme: %(theme)s.") % {"theme": theme}
        elif grade is not None and (not isinstance(grade, int) or isinstance(grade, bool)):
            errors[f"impact_{theme}"] = _("The grade must be a whole number from −4 to +4.")
        elif grade is not None and not -4 <= int(grade) <= 4:
            errors[f"impact_{theme}"] = _("The grade must lie between −4 and +4.")
        elif grade not in (None, 0) and not str(entry.get("justification", "")).strip():
            errors[f"impact_{theme}_why"] = _("Give a justification for a grade other than 0.")
    location = data.get("location")
    if location not in (None, "") and not _is_geojson(location):
        errors["location"] = _(
            "The location must be GeoJSON with a type and coordinates (a Point, LineString or "
            "Polygon, or a Feature holding one)."
        )
    return errors


def _positions(coordinates: Any) -> list[Any]:
    """The [lon, lat] positions of a GeoJSON coordinates array, at whatever nesting depth."""
    if isinstance(coordinates, list) and coordinates and all(not isinstance(c, list) for c in coordinates):
        return [coordinates]
    if isinstance(coordinates, list):
        return [p for c in coordinates for p in _positions(c)]
    return [None]


def _is_geojson(value: Any, budget: list[int] | None = None) -> bool:
    """A Point, LineString, Polygon or Multi-, Feature or FeatureCollection with lon/lat in range and at most
    ``MAX_GEOMETRY_POINTS`` positions in all."""
    budget = budget if budget is not None else [MAX_GEOMETRY_POINTS]
    if not isinstance(value, dict):
        return False
    if value.get("type") == "Feature":
        return _is_geojson(value.get("geometry"), budget)
    if value.get("type") == "FeatureCollection":
        features = value.get("features", [])
        return isinstance(features, list) and all(_is_geojson(f, budget) for f in features)
    kinds = {"Point", "LineString", "Polygon", "MultiLineString", "MultiPolygon"}
    if value.get("type") not in kinds or not isinstance(value.get("coordinates"), list):
        return False
    positions = _positions(value["coordinates"])
    budget[0] -= len(positions)
    return budget[0] >= 0 and all(
        isinstance(p, list)
        and len(p) in (2, 3)
        and all(finite(x) for x in p)
        and -180 <= p[0] <= 180
        and -90 <= p[1] <= 90
        for p in positions
    )


def check_complete(data: dict[str, Any]) -> dict[str, str]:
    """What a sheet must have before it is submitted (on top of :func:`check_rules`)."""
    errors: dict[str, str] = {}
    required = {
        "title": _("Give the project a title."),
        "description": _("Describe the project and its scope."),
        "need": _("Say what need or problem the project answers."),
        "programme_area_code": _("Choose a programme area."),
        "cost_p50": _("Give the P50 cost estimate."),
        "cost_p85": _("Give the P85 cost estimate."),
        "price_year": _("Give the price basis year."),
        "earliest_start": _("Give the earliest start."),
        "latest_start": _("Give the latest start."),
    }
    for name, message in required.items():
        if data.get(name) in (None, "", []):
            errors[name] = message
    if not data.get("focus_area_codes"):
        errors["focus_area_codes"] = _("Choose at least one focus area: every funded project must belong to one.")
    if not data.get("cost_profile"):
        errors["cost_profile"] = _("Give the yearly cost profile.")
    if not data.get("funding"):
        errors["funding"] = _("Give the funding split.")
    return errors


def triangular_percentiles(low: float, mode: float, high: float) -> tuple[float, float, float]:
    """P10, P50, P85 of the triangular distribution through min / most likely / max."""
    if not low <= mode <= high or low == high:
        raise ValueError("need min ≤ most likely ≤ max with min < max")

    def q(p: float) -> float:
        f = (mode - low) / (high - low)
        if p < f:
            return low + ((high - low) * (mode - low) * p) ** 0.5
        return high - ((high - low) * (high - mode) * (1 - p)) ** 0.5

    return q(0.10), q(0.50), q(0.85)
