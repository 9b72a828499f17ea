"""Numbers as readers write them: rounded (not cut), thousands grouped, the separators of the language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import number_format

from byvekst.documents.numbers import grouped


@pytest.mark.parametrize(
    ("value", "decimals", "nb", "en"),
    [
        (1451, 1, "1\u00a0451,0", "1,451.0"),
        (1451.04, 1, "1\u00a0451,0", "1,451.0"),
        (1.99, 1, "2,0", "2.0"),  # Django's number_format would write 1,9
        (-3.5, 1, "-3,5", "-3.5"),
        (-0.04, 1, "0,0", "0.0"),  # no minus on a number that rounds to nothing
        (Decimal("1234567.891"), 2, "1\u00a0234\u00a0567,89", "1,234,567.89"),
        (0.1304, 3, "0,130", "0.130"),
        (2027, 0, "2\u00a0027", "2,027"),
    ],
)
def test_grouped(value: float, decimals: int, nb: str, en: str) -> None:
    with translation.override("nb"):
        assert grouped(value, decimals) == nb
    with translation.override("en"):
        assert grouped(value, decimals) == en


@pytest.mark.parametrize("value", [0.0, 12.25, 999.949, 1000.0, -45678.123, 3.14159e6])
def test_grouped_agrees_with_django_where_django_rounds_first(value: float) -> None:
    for language in ("nb", "en"):
        with translation.override(language):
            django = number_format(round(value, 2), 2, use_l10n=True, force_grouping=True)
            assert grouped(value, 2) == django, (language, value)
