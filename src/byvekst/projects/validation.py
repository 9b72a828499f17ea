"""The rules a project sheet must follow, in one place: forms, the Excel import and the services call these.

Each function returns ``{field: message}``; empty means valid. Messages are in the user's language.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from byvekst.projects.models import AGREEMENT_END, AGREEMENT_START, FUNDING_SOURCES, IMPACT_THEMES

PROFILE_TOLERANCE = Decimal("0.01")  # MNOK: rounding of a yearly profile
SHARE_TOLERANCE = Decimal("0.01")  # percentage points


def _dec(v: Any) -> Decimal | None:
    if v is None or v == "":
        return None
    return Decimal(str(v))


def check_rules(data: dict[str, Any]) -> dict[str, str]:
    """Rules that hold for every saved sheet, draft or not (only on what is filled in)."""
    errors: dict[str, str] = {}
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
        if any(s < 0 for s in shares):
            errors["funding"] = _("A funding share cannot be negative.")
        elif abs(sum(shares, Decimal(0)) - 100) > SHARE_TOLERANCE:
            errors["funding"] = _("The funding shares sum to %(total)s %%; they must sum to 100 %%.") % {
                "total": sum(shares, Decimal(0))
            }
    earliest, latest = data.get("earliest_start"), data.get("latest_start")
    for name, year in (("earliest_start", earliest), ("latest_start", latest)):
        if year is not None and not AGREEMENT_START <= int(year) <= AGREEMENT_END:
            errors[name] = _("The start must lie within the agreement period %(a)s–%(b)s.") % {
                "a": AGREEMENT_START,
                "b": AGREEMENT_END,
            }
    if earliest is not None and latest is not None and "latest_start" not in errors and int(latest) < int(earliest):
        errors["latest_start"] = _("The latest start is before the earliest start.")
    impacts = data.get("impacts") or {}
    themes = {k for k, _label in IMPACT_THEMES}
    for theme, entry in impacts.items():
        grade = entry.get("grade") if isinstance(entry, dict) else None
        if theme not in themes:
            errors["impacts"] = _("Unknown impact theme: %(theme)s.") % {"theme": theme}
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


def _is_geojson(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    if value.get("type") == "Feature":
        return _is_geojson(value.get("geometry"))
    if value.get("type") == "FeatureCollection":
        return all(_is_geojson(f) for f in value.get("features", []))
    return value.get("type") in {"Point", "LineString", "Polygon", "MultiLineString", "MultiPolygon"} and isinstance(
        value.get("coordinates"), list
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
