"""Numbers as readers write them, in pages and documents alike, fast enough for a table of a thousand rows.

Django's ``number_format`` walks each number digit by digit and *truncates* to the decimal places asked for
(1.99 with one decimal becomes "1,9"). :func:`grouped` rounds, and lets Python's own formatting group the
thousands, then puts in the separators of the active language (bokmål: "1 451,0" with a no-break space;
English: "1,451.0")."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import get_format


def grouped(value: int | float | Decimal, decimals: int = 1) -> str:
    """``value`` rounded to ``decimals`` places with the thousands grouped, in the active language."""
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # -0,0 is 0,0
    thousands, point = get_format("THOUSAND_SEPARATOR"), get_format("DECIMAL_SEPARATOR")
    return text.translate({44: thousands, 46: point})  # "," and "."
