"""Bounds on what anyone can type, in one place (docs/decisions/0008-input-limits.md).

Every number a person or a script sends is checked against these before it is stored, so that no value can
make a page fail for others (a cost of 1e15 once broke every list on SQLite). The services use the checks; the
API's schemas use the same numbers so that OpenAPI states them.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

MAX_MNOK = Decimal("1000000")  # 1 000 billion kroner: above any project or frame
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_COUNT = 10_000_000  # trips, vehicle-km, people: per day
MAX_SEED = 2**31 - 1
MAX_PROFILE_YEARS = 30
MAX_GEOMETRY_POINTS = 5000


def decimal_or_none(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def money_error(value: Any, *, allow_negative: bool = False) -> str | None:
    """None when ``value`` is an amount in MNOK that can be stored; else the message (in the user's language)."""
    number = decimal_or_none(value)
    if number is None:
        return _("Write a number.")
    if not allow_negative and number < 0:
        return _("The amount cannot be negative.")
    if abs(number) > MAX_MNOK:
        return _("The amount must be at most %(max)s MNOK.") % {"max": f"{MAX_MNOK:,.0f}".replace(",", " ")}
    if number.as_tuple().exponent < -2:  # type: ignore[operator]
        return _("Use at most two decimals.")
    return None


def year_error(value: Any) -> str | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return _("Write a year.")
    if not MIN_YEAR <= year <= MAX_YEAR:
        return _("The year must lie between %(a)s and %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}
    return None


def date_error(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    return year_error(value.year)


def count_error(value: Any, *, allow_negative: bool = True) -> str | None:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return _("Write a whole number.")
    low = -MAX_COUNT if allow_negative else 0
    if not low <= number <= MAX_COUNT:
        return _("The number must lie between %(a)s and %(b)s.") % {"a": low, "b": MAX_COUNT}
    return None


def finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
