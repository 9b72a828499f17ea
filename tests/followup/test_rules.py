"""The reporting rules on hand-made figures: each threshold just inside and just over."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from byvekst.followup.rules import Thresholds, describe, findings, months_between

D = dt.date


def figures(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "adopted_cost": Decimal("100"),
        "forecast_p50": Decimal("100"),
        "milestones": [],
        "lights": {"progress": "green", "economy": "green"},
        "spent_this_year": Decimal("5"),
        "budget_this_year": Decimal("10"),
    }
    return {**base, **over}


@pytest.mark.parametrize(
    ("planned", "forecast", "months"),
    [
        (D(2027, 1, 31), D(2027, 4, 30), 2),  # not yet three whole months
        (D(2027, 1, 31), D(2027, 5, 1), 3),
        (D(2027, 6, 15), D(2027, 6, 1), 0),
        (D(2027, 6, 15), D(2027, 3, 10), -3),
        (D(2026, 11, 1), D(2027, 3, 1), 4),
    ],
)
def test_months_between_counts_whole_months(planned: dt.date, forecast: dt.date, months: int) -> None:
    assert months_between(planned, forecast) == months


def test_cost_rule_takes_the_percent_or_the_amount() -> None:
    rules = Thresholds(cost_percent=Decimal("10"), cost_mnok=Decimal("20"))
    assert findings(figures(forecast_p50=Decimal("110")), rules) == {}  # exactly 10 %: inside
    over = findings(figures(forecast_p50=Decimal("110.01")), rules)["cost"]
    assert over == {"adopted": "100", "forecast": "110.01", "over": "10.01", "percent": "10.0"}
    big = figures(adopted_cost=Decimal("1000"), forecast_p50=Decimal("1020.5"))  # 2 %, but over 20 MNOK
    assert findings(big, rules)["cost"]["over"] == "20.5"
    assert findings(figures(adopted_cost=Decimal("0"), forecast_p50=Decimal("5")), rules) == {}
    assert findings(figures(adopted_cost=Decimal("0"), forecast_p50=Decimal("25")), rules)["cost"]["percent"] is None
    assert findings(figures(forecast_p50=Decimal("80")), rules) == {}  # cheaper is no deviation


def test_milestone_red_and_spend_rules() -> None:
    rules = Thresholds(slip_months=3)
    slipping = [
        {"name": "Byggestart", "planned": D(2027, 3, 1), "forecast": D(2027, 6, 1)},  # 3: inside
        {"name": "Åpning", "planned": D(2028, 3, 1), "forecast": D(2028, 7, 2)},  # 4: over
    ]
    found = findings(
        figures(milestones=slipping, lights={"economy": "red", "progress": "yellow"}, spent_this_year=Decimal("11")),
        rules,
    )
    assert found["milestone"] == {
        "milestones": [{"name": "Åpning", "planned": "2028-03-01", "forecast": "2028-07-02", "months": 4}]
    }
    assert found["red"] == {"dimensions": ["economy"]}
    assert found["spend"] == {"spent": "11", "budget": "10", "over": "1"}
    off = Thresholds(red_light=False, spend_ahead=False)
    assert set(findings(figures(lights={"economy": "red"}, spent_this_year=Decimal("11")), off)) == set()


def test_descriptions_are_in_the_readers_language() -> None:
    with translation.override("nb"):
        cost = describe("cost", {"adopted": "100", "forecast": "1451.5", "over": "1351.5", "percent": "1351.5"})
        assert (
            cost.replace("\xa0", " ")
            == "Prognosen er 1 451,5 MNOK mot 100,0 MNOK vedtatt: 1 351,5 MNOK mer (1 351,5 %)."
        )
        slip = describe(
            "milestone",
            {"milestones": [{"name": "Åpning", "planned": "2028-03-01", "forecast": "2028-07-02", "months": 4}]},
        )
        assert slip == "«Åpning» har prognose 4 måneder etter planen (01.03.2028 → 02.07.2028)."
        assert describe("red", {"dimensions": ["economy", "goals"]}) == "Rødt lys på: økonomi, måloppnåelse."
        assert (
            describe("spend", {"spent": "11", "budget": "10"}) == "Brukt 11,0 MNOK i år mot et budsjett på 10,0 MNOK."
        )
