"""Why in, why out — as data, and *right*: every "out" that names limits is checked by a counterfactual solve.
Relaxing exactly the named limits by the named amounts, with the rest of the programme kept, makes room for the
project; leaving any one of them as it was does not."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from byvekst.engine.format import Instance, instance_to_dict, parse_instance
from byvekst.engine.generate import generate
from byvekst.engine.milp import optimise
from byvekst.engine.reasons import Reason
from byvekst.engine.why import explain_selection
from tests.engine.helpers import instance, project

EPS = 1e-4


def _relax(doc: dict[str, Any], breaks: list[dict[str, Any]]) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    for b in breaks:
        kind, short = b["kind"], b["short"] + EPS
        if kind == "budget":
            doc["budget"][b["source"]][doc["years"].index(b["year"])] += short
        elif kind == "capacity":
            cap = next(c for c in doc["capacity"] if (c["owner"], c["year"]) == (b["owner"], b["year"]))
            cap["max_spend"] += short
        elif kind == "allocation":
            a = next(
                a
                for a in doc["allocations"]
                if (a["dimension"], a["value"], a.get("source")) == (b["dimension"], b["value"], b.get("source"))
            )
            if b["bound"] == "max":
                a["max_total"] += short
            else:
                a["min_total"] -= short
        elif kind == "beyond":
            doc["beyond_horizon_budget"] += short
        elif kind == "source_total":
            doc["budget_totals"][b["source"]] += short
        elif kind == "year_total":
            doc["yearly_totals"][doc["years"].index(b["year"])] += short
        elif kind == "balance":
            rule = next(r for r in doc["balance"] if (r["dimension"], r["value"]) == (b["dimension"], b["value"]))
            if b["bound"] == "min":
                rule["min_share"] = max(b["share"] - EPS, 0.0)
            else:
                rule["max_share"] = min(b["share"] + EPS, 1.0)
        else:
            raise AssertionError(f"unknown break {kind}")
    return doc


def _fits(doc: dict[str, Any], fixed: dict[str, int | None]) -> bool:
    return optimise(parse_instance(doc), fixed=fixed, explain_infeasible=False).status in ("optimal", "feasible")


def check_every_out(inst: Instance, why: dict[str, Reason], starts: dict[str, int]) -> int:
    """The counterfactual for every "out.breaks"; returns how many were checked."""
    doc = instance_to_dict(inst)
    checked = 0
    for pid, reason in why.items():
        if reason.code != "out.breaks":
            continue
        breaks, start = list(reason.params["breaks"]), reason.params["start"]
        fixed: dict[str, int | None] = {**starts, pid: start}
        assert not _fits(doc, fixed), (pid, "fits without any relaxation")
        assert _fits(_relax(doc, breaks), fixed), (pid, breaks)
        for i in range(len(breaks)) if len(breaks) > 1 else []:
            assert not _fits(_relax(doc, breaks[:i] + breaks[i + 1 :]), fixed), (pid, "not needed", breaks[i])
        checked += 1
    return checked


def test_reasons_on_a_hand_made_scenario() -> None:
    doc = instance(
        [
            project("M", [2], 1, status="mandatory"),
            project("A", [4], 10, exclusive_group="g"),
            project("B", [4], 8, exclusive_group="g"),
            project("C", [3], 6),
            project("D", [3], 1),
            project("E", [1], 5, requires=["F"]),
            project("F", [1], 0, status="excluded"),
            project("G", [20], 100),
            project("H", [1], 1, start=(2030, 2031)),
        ],
        10,
    )
    inst = parse_instance(doc)
    result = optimise(inst)
    assert result.starts == {"M": 2027, "A": 2027, "C": 2027}
    why = explain_selection(inst, result)
    assert why["M"].code == "in.mandatory"
    assert why["A"] == Reason("in.value", {"start": 2027, "value": 10.0, "cost": 4.0, "per_unit": 2.5})
    assert why["A"].english().startswith("In: value 10.0 for 4.0 MNOK")
    assert why["B"].english() == "Out: the alternative A was chosen instead."
    assert why["E"].english() == "Out: it depends on F, which is out."
    assert why["F"].english() == "Out: excluded by the scenario's rules."
    assert why["G"].params["breaks"] == [
        {"kind": "budget", "source": "bompenger", "year": 2027, "cumulative": False, "short": 19.0}
    ]
    assert why["H"].english().startswith("Out: its start window 2030–2031")
    assert why["D"].params["breaks"][0]["short"] == pytest.approx(2.0)
    assert check_every_out(inst, why, result.starts) == 2


def test_every_limit_that_binds_is_named_not_only_the_tightest() -> None:
    """The light-rail case: a big project breaks two sources' frames; raising only one does not bring it in."""
    doc = instance(
        [
            project("A", [6], 10, funding={"bompenger": 0.5, "statlig": 0.5}),
            project("L", [10], 30, funding={"bompenger": 0.5, "statlig": 0.5}),
        ],
        {"bompenger": [6.0], "statlig": [4.0]},
    )
    inst = parse_instance(doc)
    result = optimise(inst)
    why = explain_selection(inst, result)
    assert result.starts == {"A": 2027} or result.starts == {}
    breaks = why["L"].params["breaks"]
    assert {b["source"] for b in breaks} == {"bompenger", "statlig"}
    assert check_every_out(inst, why, result.starts) >= 1
    words = why["L"].english()
    assert "bompenger" in words and "statlig" in words and " and " in words


def test_carry_over_names_the_first_year_by_the_most_it_is_short() -> None:
    doc = instance(
        [project("A", [3, 3, 3], 9, start=(2027, 2027)), project("B", [1, 4, 4], 10, start=(2027, 2028))],
        [4.0, 4.0, 4.0],
        years=(2027, 2028, 2029),
        carry_over=True,
    )
    inst = parse_instance(doc)
    result = optimise(inst)
    why = explain_selection(inst, result)
    out = next(pid for pid in ("A", "B") if pid not in result.starts)
    (budget,) = why[out].params["breaks"]
    assert budget["cumulative"] is True and "up to and including" in why[out].english()
    assert check_every_out(inst, why, result.starts) == 1


def test_capacity_allocation_and_balance_are_named() -> None:
    doc = instance(
        [
            project("A", [4], 10, owner="Bergen kommune", area="Sentrum"),
            project("B", [4], 9, owner="Bergen kommune", area="Sentrum"),
            project("C", [3], 3, owner="Askøy kommune", area="Vest"),
            project("D", [3], 2, owner="Askøy kommune", area="Vest"),
        ],
        100,
        capacity=[{"owner": "Bergen kommune", "year": 2027, "max_spend": 5.0}],
        allocations=[{"dimension": "owner", "value": "Askøy kommune", "max_total": 4.0}],
        balance=[{"dimension": "area", "value": "Vest", "min_share": 0.4}],
    )
    inst = parse_instance(doc)
    result = optimise(inst)
    why = explain_selection(inst, result)
    kinds = {b["kind"] for r in why.values() if r.code == "out.breaks" for b in r.params["breaks"]}
    assert {"capacity", "allocation"} <= kinds
    assert check_every_out(inst, why, result.starts) >= 2


def test_forced_and_too_little_value() -> None:
    doc = instance([project("A", [5], 10), project("B", [5], -1), project("C", [1], 1)], 20)
    inst = parse_instance(doc)
    result = optimise(inst, fixed={"C": None})
    why = explain_selection(inst, result, fixed={"C": None})
    assert why["B"].code == "out.fits" and why["B"].english().startswith("Out: it fits the limits")
    assert why["C"].code == "out.fixed"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counterfactual_on_generated_instances(seed: int) -> None:
    inst = parse_instance(generate(40, 4, seed=seed))
    result = optimise(inst, time_limit=30, gap=0)
    assert result.status == "optimal"
    why = explain_selection(inst, result)
    assert check_every_out(inst, why, result.starts) > 0


def test_totals_per_source_and_per_year_are_named_and_suffice() -> None:
    """Frames as the sources give them: a source's total over the period, a total per year over all sources."""
    doc = instance(
        [
            project("A", [6, 6], 10, funding={"bompenger": 1.0}),
            project("B", [3], 9, start=(2028, 2028), funding={"statlig": 1.0}),
            project("C", [4], 8, start=(2027, 2028), funding={"statlig": 1.0}),
        ],
        {"bompenger": [None, None], "statlig": [None, None]},
        years=(2027, 2028),
        budget_totals={"bompenger": 12.0},
        yearly_totals=[9.0, 9.0],
    )
    inst = parse_instance(doc)
    result = optimise(inst)
    assert result.starts == {"A": 2027, "B": 2028}  # 6 + 3 in 2028 = 9; C (4) fits in neither year
    why = explain_selection(inst, result)
    (limit,) = why["C"].params["breaks"]
    assert limit["kind"] == "year_total" and limit["year"] == 2027 and limit["short"] == pytest.approx(1.0)
    assert "total over all sources" in why["C"].english()
    assert check_every_out(inst, why, result.starts) == 1
    doc["budget_totals"]["bompenger"] = 11.0  # A needs 12 of toll money over the period
    inst = parse_instance(doc)
    result = optimise(inst)
    why = explain_selection(inst, result)
    assert "A" not in result.starts and why["A"].params["breaks"][0]["kind"] == "source_total"
    assert check_every_out(inst, why, result.starts) >= 1


def test_an_earmark_of_one_source_binds_that_source_only() -> None:
    """Askøy's state programme money is earmarked at 5: A (all state) does not fit; B (toll-funded) does."""
    doc = instance(
        [
            project("A", [6], 10, owner="Askøy", funding={"statlig": 1.0}),
            project("B", [6], 8, owner="Askøy", funding={"bompenger": 1.0}),
        ],
        {"bompenger": [20.0], "statlig": [20.0]},
        allocations=[{"dimension": "owner", "value": "Askøy", "max_total": 5.0, "source": "statlig"}],
    )
    inst = parse_instance(doc)
    result = optimise(inst)
    assert result.starts == {"B": 2027}
    why = explain_selection(inst, result)
    (limit,) = why["A"].params["breaks"]
    assert limit == {
        "kind": "allocation",
        "dimension": "owner",
        "value": "Askøy",
        "bound": "max",
        "source": "statlig",
        "short": pytest.approx(1.0),
    }
    assert "from statlig" in why["A"].english()
    assert check_every_out(inst, why, result.starts) == 1
    assert instance_to_dict(inst)["allocations"][0]["source"] == "statlig"
