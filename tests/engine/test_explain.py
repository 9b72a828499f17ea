from __future__ import annotations

from tests.engine.helpers import instance, project, solve


def test_mandatory_projects_over_the_frame_are_named_with_numbers() -> None:
    projects = [
        project("A", [300], 1, status="mandatory"),
        project("B", [212], 1, status="mandatory"),
        project("C", [10], 5),
    ]
    r = solve(instance(projects, 480))
    assert r["status"] == "infeasible" and r["selected"] == []
    text = " ".join(r["explanation"])
    assert "need 512.0 MNOK of bompenger in 2027; the frame is 480.0 (short by 32.0)" in text
    assert "A, B" in text


def test_carry_over_explanation_speaks_of_cumulative_frames() -> None:
    projects = [project("A", [8, 8], 1, status="mandatory")]
    r = solve(instance(projects, [5, 5], years=(2027, 2028), carry_over=True))
    assert "up to and including 2028" in " ".join(r["explanation"]) or "up to and including 2027" in " ".join(
        r["explanation"]
    )


def test_start_window_outside_horizon() -> None:
    r = solve(instance([project("A", [1], 1, start=(2031, 2032), status="mandatory")], 10))
    assert r["status"] == "infeasible"
    assert "start window 2031–2032 lies outside the programme years 2027–2027" in r["explanation"][0]


def test_two_mandatory_alternatives() -> None:
    projects = [
        project("A", [1], 1, status="mandatory", exclusive_group="g"),
        project("B", [1], 1, status="mandatory", exclusive_group="g"),
    ]
    assert "they are alternatives" in solve(instance(projects, 10))["explanation"][0]


def test_mandatory_requires_excluded() -> None:
    projects = [project("A", [1], 1, status="mandatory", requires=["B"]), project("B", [1], 1, status="excluded")]
    assert solve(instance(projects, 10))["explanation"] == ["A must be in and requires B, which is excluded."]


def test_capacity_and_balance_and_allocation_conflicts() -> None:
    projects = [project("A", [6], 1, status="mandatory")]
    r = solve(instance(projects, 10, capacity=[{"owner": "Bergen kommune", "year": 2027, "max_spend": 4}]))
    assert "Bergen kommune can carry at most 4.0 MNOK of work in 2027" in r["explanation"][0]
    r = solve(instance(projects, 10, balance=[{"dimension": "area", "value": "Vest", "min_share": 0.2}]))
    assert "area Vest must take at least 20%" in r["explanation"][0]
    r = solve(instance(projects, 10, allocations=[{"dimension": "owner", "value": "Bergen kommune", "max_total": 5}]))
    assert "at most 5.0 MNOK over the period" in r["explanation"][0]


def test_beyond_horizon_conflict() -> None:
    r = solve(instance([project("A", [1, 9], 1, status="mandatory")], 10, beyond_horizon_budget=4))
    assert "commit 9.0 MNOK after 2027" in r["explanation"][0]
