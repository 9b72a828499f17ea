"""Tiny instances whose optimum is worked out by hand, one per constraint family."""

from __future__ import annotations

import pytest

from tests.engine.helpers import instance, project, solve, starts


def test_knapsack_single_year() -> None:
    # A+C = 16 (cost 10) beats B+C = 13 and A alone = 10.
    r = solve(instance([project("A", [6], 10), project("B", [5], 7), project("C", [4], 6)], 10))
    assert r["status"] == "optimal" and starts(r) == {"A": 2027, "C": 2027}
    assert r["objective"] == pytest.approx(16) and r["gap"] <= 1e-4
    assert r["spend"] == {"bompenger": [10.0]}


def test_carry_over_lets_money_be_saved_but_not_borrowed() -> None:
    a = project("A", [8], 10, start=(2027, 2028))
    assert solve(instance([a], [5, 5], years=(2027, 2028)))["selected"] == []
    r = solve(instance([a], [5, 5], years=(2027, 2028), carry_over=True))
    assert starts(r) == {"A": 2028}  # 5 + 5 saved covers 8 in 2028; 2027 alone (5) does not
    b = project("B", [8], 10, start=(2027, 2027))
    assert solve(instance([b], [5, 5], years=(2027, 2028), carry_over=True))["selected"] == []  # no borrowing


def test_discounting_by_start_year() -> None:
    a = project("A", [5], 100, start=(2027, 2028))
    r = solve(instance([a], [10, 10], years=(2027, 2028), discount_rate=0.1))
    assert starts(r) == {"A": 2027} and r["objective"] == pytest.approx(100)
    r = solve(instance([a], [1, 10], years=(2027, 2028), discount_rate=0.1))
    assert starts(r) == {"A": 2028} and r["objective"] == pytest.approx(100 / 1.1)


def test_multi_year_profile_and_funding_split() -> None:
    a = project("A", [4, 6], 10, start=(2027, 2028), funding={"bompenger": 0.5, "stat": 0.5})
    r = solve(instance([a], {"bompenger": [2, 3], "stat": [2, 3]}, years=(2027, 2028)))
    assert starts(r) == {"A": 2027} and r["spend"] == {"bompenger": [2.0, 3.0], "stat": [2.0, 3.0]}


def test_beyond_horizon_commitments() -> None:
    a = project("A", [1, 10], 10)
    assert solve(instance([a], 5, beyond_horizon_budget=5))["selected"] == []
    assert starts(solve(instance([a], 5, beyond_horizon_budget=20))) == {"A": 2027}
    assert starts(solve(instance([a], 5))) == {"A": 2027}  # no limit: beyond-horizon cost counts nowhere


def test_mandatory_and_excluded() -> None:
    projects = [project("A", [8], 1, status="mandatory"), project("B", [8], 50), project("C", [2], 3)]
    assert starts(solve(instance(projects, 10))) == {"A": 2027, "C": 2027}
    projects[0]["status"] = "candidate"
    projects[1]["status"] = "excluded"
    assert starts(solve(instance(projects, 10))) == {"A": 2027, "C": 2027}


def test_requires_with_start_order() -> None:
    a = project("A", [3], 1, start=(2028, 2029))
    b = project("B", [3], 10, start=(2027, 2029), requires=["A"])
    r = solve(instance([a, b], [10, 10, 10], years=(2027, 2028, 2029)))
    assert starts(r) == {"A": 2028, "B": 2028}  # B would rather start 2027 (no discount tie) but A cannot
    # Without money for A, B cannot be chosen at all.
    r = solve(
        instance(
            [a, b],
            {"bompenger": [10, 10, 10]},
            years=(2027, 2028, 2029),
            capacity=[
                {"owner": "Bergen kommune", "year": 2028, "max_spend": 0},
                {"owner": "Bergen kommune", "year": 2029, "max_spend": 0},
            ],
        )
    )
    assert r["selected"] == []


def test_exclusive_group_takes_the_better_alternative() -> None:
    projects = [
        project("A", [3], 10, exclusive_group="g"),
        project("B", [3], 8, exclusive_group="g"),
        project("C", [3], 1),
    ]
    assert starts(solve(instance(projects, 10))) == {"A": 2027, "C": 2027}


def test_balance_share() -> None:
    # X1+X2 (value 19) gives area Vest no share; the best balanced portfolio is X1+Y (value 12).
    projects = [project("X1", [6], 10), project("X2", [6], 9), project("Y", [4], 2, area="Vest")]
    assert starts(solve(instance(projects, 12))) == {"X1": 2027, "X2": 2027}
    r = solve(instance(projects, 12, balance=[{"dimension": "area", "value": "Vest", "min_share": 0.25}]))
    assert starts(r) == {"X1": 2027, "Y": 2027} and r["objective"] == pytest.approx(12)
    r = solve(instance(projects, 12, balance=[{"dimension": "area", "value": "Sentrum", "max_share": 0.5}]))
    # Sentrum at most half: X1+Y gives Sentrum 60 %, any Sentrum project alone 100 %; only Y alone fits.
    assert starts(r) == {"Y": 2027} and r["objective"] == pytest.approx(2)


def test_capacity_moves_a_start() -> None:
    a = project("A", [6], 10, start=(2027, 2028))
    r = solve(
        instance(
            [a],
            [10, 10],
            years=(2027, 2028),
            discount_rate=0.04,
            capacity=[{"owner": "Bergen kommune", "year": 2027, "max_spend": 5}],
        )
    )
    assert starts(r) == {"A": 2028}


def test_allocations_as_fixed_frames() -> None:
    projects = [project("A", [6], 10, owner="Askøy kommune"), project("B", [6], 5)]
    alloc = [{"dimension": "owner", "value": "Askøy kommune", "max_total": 5}]
    assert starts(solve(instance(projects, 12, allocations=alloc))) == {"B": 2027}
    alloc = [{"dimension": "owner", "value": "Bergen kommune", "min_total": 6}]
    assert starts(solve(instance(projects, 6, allocations=alloc))) == {"B": 2027}


def test_p85_cost_basis() -> None:
    a = project("A", [5], 10, cost_p85_profile=[7])
    b = project("B", [5], 9, cost_p85_profile=[5.5])
    assert starts(solve(instance([a, b], 12))) == {"A": 2027, "B": 2027}
    assert starts(solve(instance([a, b], 12, cost_basis="p85"))) == {"A": 2027}


def test_fixed_start_and_forced_out() -> None:
    from byvekst.engine.format import parse_instance
    from byvekst.engine.milp import optimise

    doc = instance([project("A", [5], 10, start=(2027, 2028)), project("B", [5], 9)], [10, 10], years=(2027, 2028))
    inst = parse_instance(doc)
    assert optimise(inst, fixed={"A": 2028}).starts == {"A": 2028, "B": 2027}
    assert optimise(inst, fixed={"A": None}).starts == {"B": 2027}


def test_empty_instance() -> None:
    r = solve(instance([], 10))
    assert r["status"] == "optimal" and r["objective"] == 0 and r["selected"] == []
