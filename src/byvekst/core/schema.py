"""Constrained types for the JSON API, from the same bounds as the services (:mod:`byvekst.core.limits`), so
that OpenAPI states every limit and a script learns it before it sends; and the API's validation messages in
the user's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, Field

from byvekst.core.limits import MAX_COUNT, MAX_MNOK, MAX_SEED, MAX_YEAR, MIN_YEAR, date_error

MNOK = Annotated[Decimal, Field(ge=0, le=MAX_MNOK, decimal_places=2, allow_inf_nan=False)]
SignedMNOK = Annotated[Decimal, Field(ge=-MAX_MNOK, le=MAX_MNOK, decimal_places=2, allow_inf_nan=False)]
Share = Annotated[Decimal, Field(ge=0, le=100, decimal_places=4, allow_inf_nan=False)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Count = Annotated[int, Field(ge=-MAX_COUNT, le=MAX_COUNT)]
Seed = Annotated[int, Field(ge=0, le=MAX_SEED)]
Code = Annotated[str, Field(max_length=40, pattern=r"^[a-z0-9_-]*$")]
ProjectCode = Annotated[str, Field(min_length=1, max_length=20)]
Slug = Annotated[str, Field(max_length=50, pattern=r"^[a-z0-9_-]*$")]  # filters by a slug or code
Search = Annotated[str, Field(max_length=100)]  # free-text search


def _in_range(value: dt.date) -> dt.date:
    problem = date_error(value)
    if problem:
        raise ValueError(problem)
    return value


Day = Annotated[dt.date, AfterValidator(_in_range)]
Moment = Annotated[dt.datetime, AfterValidator(_in_range)]


def text(max_length: int, *, required: bool = False) -> Any:
    return Annotated[str, Field(max_length=max_length, min_length=1 if required else 0)]


def message(error: dict[str, Any]) -> str:
    """One pydantic error in the user's language (the common kinds; others keep pydantic's wording)."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    known = {
        "missing": _("This field is required."),
        "string_too_long": _("At most %(n)s characters.") % {"n": ctx.get("max_length")},
        "string_too_short": _("Fill in this field."),
        "too_long": _("At most %(n)s items.") % {"n": ctx.get("max_length")},
        "less_than_equal": _("At most %(n)s.") % {"n": ctx.get("le")},
        "greater_than_equal": _("At least %(n)s.") % {"n": ctx.get("ge")},
        "int_parsing": _("Write a whole number."),
        "int_type": _("Write a whole number."),
        "int_from_float": _("Write a whole number."),
        "decimal_parsing": _("Write a number."),
        "decimal_type": _("Write a number."),
        "float_parsing": _("Write a number."),
        "finite_number": _("Write a number."),
        "decimal_max_places": _("Use at most two decimals."),
        "decimal_max_digits": _("The number has too many digits."),
        "date_parsing": _("Write a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Write a date as YYYY-MM-DD."),
        "datetime_parsing": _("Write a date and time as YYYY-MM-DDTHH:MM."),
        "datetime_from_date_parsing": _("Write a date and time as YYYY-MM-DDTHH:MM."),
        "enum": _("Choose one of: %(expected)s.") % {"expected": ctx.get("expected")},
        "literal_error": _("Choose one of: %(expected)s.") % {"expected": ctx.get("expected")},
        "string_pattern_mismatch": _("Use lower-case letters, digits, hyphens and underscores only."),
        "value_error": str(ctx.get("error", error.get("msg", ""))),
    }
    if kind in known:
        return known[kind]
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return _("The value has the wrong type.")
    return str(error.get("msg", ""))


T = TypeVar("T")
MAX_PAGE = 500


class Page(Schema, Generic[T]):
    """One page of a list: ``count`` in all, the ``items`` from ``offset`` (at most ``limit`` of them)."""

    count: int
    limit: int
    offset: int
    items: list[T]


Limit = Annotated[int, Field(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Field(ge=0, le=10_000_000)]


def page_of(queryset: Any, limit: int, offset: int) -> dict[str, Any]:
    """A bounded page of any queryset or list: every API list answers in pages."""
    return {
        "count": len(queryset) if isinstance(queryset, list) else queryset.count(),
        "limit": limit,
        "offset": offset,
        "items": list(queryset[offset : offset + limit]),
    }
