"""Every explanation the engine can give is worded in bokmål and English, with names instead of codes and
numbers in the reader's format."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from byvekst.engine.reasons import ENGLISH
from byvekst.portfolio.explanations import WORDS, Names, words

BREAKS = [
    {"kind": "budget", "source": "statlig_programomrade", "year": 2029, "cumulative": True, "short": 1451.04},
    {"kind": "beyond", "short": 3.0},
    {"kind": "capacity", "owner": "Askøy kommune", "year": 2028, "short": 2.5},
    {"kind": "allocation", "dimension": "owner", "value": "Askøy kommune", "bound": "max", "short": 1.0},
    {
        "kind": "balance",
        "dimension": "area",
        "value": "nordost",
        "bound": "min",
        "share": 0.08,
        "limit": 0.1,
        "short": 4,
    },
]
SAMPLE: dict[str, Any] = {
    "start": 2028,
    "by": ["BS-2027-001"],
    "value": 1234.5,
    "cost": 780.0,
    "per_unit": 1.58,
    "earliest": 2031,
    "latest": 2032,
    "first": 2027,
    "last": 2030,
    "chosen": "SO-2027-004",
    "missing": ["VE-2027-001"],
    "breaks": BREAKS,
    "proven": True,
    "project": "BS-2027-001",
    "required": "BS-2027-002",
    "required_earliest": 2030,
    "projects": ["A", "B"],
    "group": "g",
    "source": "statlig_programomrade",
    "from": 2027,
    "year": 2029,
    "cumulative": True,
    "need": 100.0,
    "frame": 90.0,
    "short": 10.0,
    "limit": 90.0,
    "over": 10.0,
    "dimension": "area",
    "share": 0.1,
    "owner": "Askøy kommune",
    "risk": 0.15,
    "spent": 3.0,
}


def test_every_engine_code_has_words() -> None:
    assert set(ENGLISH) - {"text"} == set(WORDS)


@pytest.mark.parametrize("code", sorted(WORDS))
def test_each_explanation_in_both_languages(code: str, config: None) -> None:
    names = Names.current()
    with translation.override("nb"):
        nb = words({"code": code, **SAMPLE}, names)
    with translation.override("en"):
        en = words({"code": code, **SAMPLE}, names)
    assert nb != en
    for raw in ("statlig_programomrade", "nordost", "1451.0", "1 451.0", "{", "%("):
        assert raw not in nb, (code, nb)


def test_breaks_read_as_one_sentence(config: None) -> None:
    with translation.override("nb"):
        text = words({"code": "out.breaks", **SAMPLE}, Names.current())
    assert "bryte rammen for Statlige midler: programområdetiltak til og med 2029 (mangler 1\xa0451,0 MNOK)," in text
    assert "området Nordøst" in text and "kapasiteten til Askøy kommune i 2028" in text
    assert (
        "(over med 1,0 MNOK) og regelen om at området Nordøst skal ha minst 10 % av kostnaden (det ville blitt 8 %)"
        in text
    )


def test_an_old_english_string_is_not_shown(config: None) -> None:
    with translation.override("nb"):
        assert "kjør scenarioet på nytt" in words("Out: at any allowed start…", Names.current())
