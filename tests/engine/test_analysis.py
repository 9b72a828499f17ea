from __future__ import annotations

import pytest

from byvekst.engine.analysis import (
    LinearValueModel,
    frontier,
    gain_over_ranking,
    price_fixed_frames,
    robust,
    sample_weights,
)
from byvekst.engine.baseline import ranking
from byvekst.engine.format import parse_instance, result_to_dict
from byvekst.engine.generate import generate
from byvekst.engine.milp import optimise
from tests.engine.checker import check
from tests.engine.helpers import instance, project


def test_ranking_takes_best_ratio_first_and_loses_to_the_optimum() -> None:
    # Ratios: A 1.6, B 1.4, C 1.5. Ranking takes A (6) then C (4): 16. The optimum is the same here...
    doc = instance([project("A", [6], 9.6), project("B", [5], 7), project("C", [4], 6)], 10)
    assert ranking(parse_instance(doc)).starts == {"A": 2027, "C": 2027}
    # ...but with budget 11 ranking takes A then C (10) and stops; the optimum takes A+B (11): 16.6 > 15.6.
    doc = instance([project("A", [6], 9.6), project("B", [5], 7), project("C", [4], 6)], 11)
    g = gain_over_ranking(parse_instance(doc))
    assert g.baseline.objective == pytest.approx(15.6) and g.optimum.objective == pytest.approx(16.6)
    assert g.gain == pytest.approx(1.0) and g.gain_share == pytest.approx(1 / 15.6)


def test_ranking_respects_dependencies_groups_and_reports_ignored_balance() -> None:
    doc = instance(
        [
            project("A", [2], 10, requires=["B"]),
            project("B", [2], 1),
            project("C", [2], 9, exclusive_group="g"),
            project("D", [2], 8, exclusive_group="g"),
        ],
        10,
        balance=[{"dimension": "area", "value": "Vest", "min_share": 0.1}],
    )
    r = ranking(parse_instance(doc))
    assert "D" not in r.starts and "C" in r.starts
    assert r.status == "infeasible" and "Vest" in r.explanation[0]


def test_frontier_is_monotone() -> None:
    inst = parse_instance(generate(30, 4, seed=3))
    points = frontier(inst, [0.5, 0.75, 1.0, 1.25])
    values = [p.objective for p in points]
    assert all(v is not None for v in values)
    assert values == sorted(values)  # type: ignore[type-var]


def test_core_index_over_party_weights() -> None:
    # Two criteria; A scores on "klima", B on "kollektiv"; only one fits. C is good under both weights.
    doc = instance([project("A", [5], 0), project("B", [5], 0), project("C", [5], 0)], 10)
    model = LinearValueModel(
        {"A": {"klima": 10, "kollektiv": 0}, "B": {"klima": 0, "kollektiv": 10}, "C": {"klima": 8, "kollektiv": 8}}
    )
    r = robust(
        parse_instance(doc),
        model,
        {"Bergen": {"klima": 0.8, "kollektiv": 0.2}, "Askøy": {"klima": 0.2, "kollektiv": 0.8}},
    )
    assert r.core_index == {"A": 0.5, "B": 0.5, "C": 1.0}
    assert r.classify() == {"A": "contested", "B": "contested", "C": "core"}


def test_sample_weights_stay_in_the_box_and_sum_to_one() -> None:
    ws = sample_weights({"a": (0.2, 0.4), "b": (0.6, 0.8)}, 50, seed=1)
    assert len(ws) == 50 and all(sum(w.values()) == pytest.approx(1) for w in ws)
    assert ws == sample_weights({"a": (0.2, 0.4), "b": (0.6, 0.8)}, 50, seed=1)


def test_fixed_frames_cost_value() -> None:
    # Askøy has the best project but a fixed frame of 5 keeps it out.
    doc = instance([project("A", [6], 20, owner="Askøy kommune"), project("B", [6], 5), project("C", [6], 4)], 12)
    f = price_fixed_frames(parse_instance(doc), {"Askøy kommune": 5.0})
    assert f.joint.objective == pytest.approx(25) and f.fixed.objective == pytest.approx(9)
    assert f.loss == pytest.approx(16) and f.loss_share == pytest.approx(16 / 25)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_instances_pass_the_independent_checker(seed: int) -> None:
    doc = generate(60, 4, seed=seed)
    inst = parse_instance(doc)
    result = result_to_dict(optimise(inst, time_limit=20, gap=1e-3))
    assert result["status"] in ("optimal", "feasible")
    check(doc, result)
    base = ranking(inst)
    assert result["objective"] >= base.objective - 1e-6


def test_ten_year_horizon_instance_checks() -> None:
    doc = generate(40, 10, seed=4)
    result = result_to_dict(optimise(parse_instance(doc), time_limit=20, gap=1e-3))
    check(doc, result)
