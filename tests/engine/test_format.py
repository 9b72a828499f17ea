from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest

from byvekst.engine.format import (
    FormatError,
    instance_to_dict,
    load_instance,
    parse_instance,
    result_from_dict,
    result_to_dict,
)
from byvekst.engine.milp import optimise

SPEC_EXAMPLE: dict[str, Any] = {
    "format": "byvekst.portfolio/1",
    "name": "Handlingsprogram 2027–2030, alternativ A",
    "currency_unit": "MNOK",
    "price_basis": "2026-kroner",
    "years": [2027, 2028, 2029, 2030],
    "funding_sources": ["bompenger", "statlige_midler"],
    "budget": {"bompenger": [410, 420, 430, 450], "statlige_midler": [300, 300, 310, 310]},
    "carry_over": True,
    "discount_rate": 0.04,
    "cost_basis": "p50",
    "beyond_horizon_budget": None,
    "projects": [
        {
            "id": "NO-004",
            "name": "Forprosjekt",
            "owner": "Bergen kommune",
            "area": "Nordøst",
            "focus_area": "Kollektiv",
            "cost_profile": [5.0],
            "funding": {"bompenger": 1.0},
            "value": 10.0,
            "earliest_start": 2027,
            "latest_start": 2028,
        },
        {
            "id": "NO-012",
            "name": "Kollektivfelt Åsaneveien",
            "owner": "Bergen kommune",
            "area": "Nordøst",
            "focus_area": "Kollektiv",
            "cost_profile": [10.0, 25.0, 5.0],
            "cost_p85_profile": [12.0, 31.0, 6.5],
            "funding": {"bompenger": 0.5, "statlige_midler": 0.5},
            "value": 180.0,
            "earliest_start": 2027,
            "latest_start": 2029,
            "status": "candidate",
            "requires": ["NO-004"],
            "exclusive_group": None,
        },
    ],
    "balance": [{"dimension": "area", "value": "Nordøst", "min_share": 0.15, "max_share": 0.5}],
    "capacity": [{"owner": "Bergen kommune", "year": 2028, "max_spend": 250.0}],
    "allocations": [{"dimension": "owner", "value": "Askøy kommune", "min_total": 0.0, "max_total": 45.0}],
}


def test_spec_example_parses_and_round_trips() -> None:
    inst = parse_instance(SPEC_EXAMPLE)
    assert inst.project("NO-012").requires == ("NO-004",)
    assert parse_instance(json.loads(json.dumps(instance_to_dict(inst)))) == inst
    result = optimise(inst)
    assert result_from_dict(json.loads(json.dumps(result_to_dict(result)))).selected == result.selected


def _error(mutate: Any) -> str:
    doc = copy.deepcopy(SPEC_EXAMPLE)
    mutate(doc)
    with pytest.raises(FormatError) as exc:
        parse_instance(doc)
    return str(exc.value)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["projects"][1]["funding"].update(bompenger=0.4),
            "projects[1].funding: shares sum to 0.9, must be 1",
        ),
        (lambda d: d.update(colour="blue"), "colour: unknown key"),
        (lambda d: d["projects"][0].update(requries=["X"]), "projects[0].requries: unknown key"),
        (lambda d: d["balance"][0].update(min_shares=0.1), "balance[0].min_shares: unknown key"),
        (lambda d: d.pop("years"), "years: is required"),
        (lambda d: d.update(years=[2027, 2029, 2030, 2031]), "years[1]: years must be consecutive"),
        (lambda d: d["budget"].update(bompenger=[1, 2]), "budget.bompenger: has 2 numbers but there are 4 years"),
        (lambda d: d["budget"].pop("statlige_midler"), "budget.statlige_midler: is required"),
        (lambda d: d["projects"][0].update(id="NO-012"), "projects[1].id: 'NO-012' is also the id of projects[0]"),
        (lambda d: d["projects"][1].update(requires=["NO-999"]), "projects[1].requires[0]: names 'NO-999'"),
        (lambda d: d["projects"][1].update(latest_start=2026), "projects[1].latest_start: (2026) is before"),
        (lambda d: d["projects"][1].update(status="maybe"), "projects[1].status: must be one of"),
        (lambda d: d["projects"][1].update(value="lots"), 'projects[1].value: must be a number, not "lots"'),
        (lambda d: d["projects"][1]["cost_profile"].append(-1), "projects[1].cost_profile[3]: must be at least 0"),
        (lambda d: d["projects"][1].update(cost_p85_profile=[1]), "has 1 years but cost_profile has 3"),
        (lambda d: d.update(cost_basis="p85"), 'projects[0].cost_p85_profile: is required when cost_basis is "p85"'),
        (lambda d: d["projects"][1]["funding"].update(fylke=0.0), "projects[1].funding.fylke: unknown key"),
        (lambda d: d.update(format="byvekst.portfolio/2"), 'format: must be "byvekst.portfolio/1"'),
        (lambda d: d["capacity"][0].update(year=2035), "capacity[0].year: 2035 is not one of the instance's years"),
        (lambda d: d["balance"][0].update(dimension="colour"), "balance[0].dimension: must be one of area"),
        (lambda d: d["allocations"][0].update(min_total=50), "allocations[0].min_total: (50.0) is above max_total"),
    ],
)
def test_invalid_documents_name_path_and_problem(mutate: Any, message: str) -> None:
    assert message in _error(mutate)


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="cannot read"):
        load_instance(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "byvekst.portfolio/1",, }')
    with pytest.raises(FormatError, match=r"not valid JSON: .* line 1, column 34"):
        load_instance(bad)


def test_frames_as_totals_read_write_and_refuse() -> None:
    doc = copy.deepcopy(SPEC_EXAMPLE)
    source = doc["funding_sources"][0]
    doc["budget"][source] = [None] * len(doc["years"])  # this source gives a total only
    doc["budget_totals"] = {source: 100.0}
    doc["yearly_totals"] = [None] * len(doc["years"])
    inst = parse_instance(doc)
    assert all(math.isinf(x) for x in inst.budget[source]) and inst.budget_totals == {source: 100.0}
    again = instance_to_dict(inst)
    assert again["budget"][source] == doc["budget"][source] and again["budget_totals"] == {source: 100.0}
    assert parse_instance(again) == inst
    assert inst.frames_total() <= 100.0 + sum(sum(v) for f, v in doc["budget"].items() if f != source)
    old = copy.deepcopy(SPEC_EXAMPLE)  # a file without totals reads as before
    assert parse_instance(old).budget_totals == {} and parse_instance(old).yearly_totals is None
    with pytest.raises(FormatError) as unknown:
        parse_instance({**doc, "budget_totals": {"månen": 5}})
    assert unknown.value.path == "budget_totals.månen"
    with pytest.raises(FormatError) as short:
        parse_instance({**doc, "yearly_totals": [1.0]})
    assert short.value.path == "yearly_totals"
