"""Seeded statistical tests of the Monte Carlo and the chance-constrained selection."""

from __future__ import annotations

import math

import numpy as np
import pytest

from byvekst.engine.chance import optimise_chance
from byvekst.engine.format import parse_instance
from byvekst.engine.uncertainty import Z85, fit_lognormal, simulate
from tests.engine.checker import check
from tests.engine.helpers import instance, project


def test_fit_lognormal_recovers_percentiles() -> None:
    mu, sigma = fit_lognormal(100, 130)
    assert math.exp(mu) == pytest.approx(100) and math.exp(mu + Z85 * sigma) == pytest.approx(130)
    # With a consistent P10 the least-squares fit is exact too.
    p10 = 100 * math.exp(-1.2815515655446004 * sigma)
    assert fit_lognormal(100, 130, p10)[1] == pytest.approx(sigma)
    with pytest.raises(ValueError, match="P10 ≤ P50 ≤ P85"):
        fit_lognormal(100, 90)


def test_single_project_p50_and_p85_recovered() -> None:
    inst = parse_instance(instance([project("A", [100], 1, cost_p85_profile=[130])], 1000))
    sim = simulate(inst, {"A": 2027}, draws=20_000, correlation=0.0, seed=7)
    assert sim.total_p50 == pytest.approx(100, rel=0.02)
    assert sim.total_p85 == pytest.approx(130, rel=0.02)
    assert sim.seed == 7 and sim.draws == 20_000


def test_frame_exceedance_probability_of_a_known_case() -> None:
    # The frame equals the P85 cost, so it is exceeded with probability 0.15.
    inst = parse_instance(instance([project("A", [100], 1, cost_p85_profile=[130])], 130))
    sim = simulate(inst, {"A": 2027}, draws=40_000, correlation=0.0, seed=11)
    assert sim.exceed_probability["bompenger"][0] == pytest.approx(0.15, abs=0.01)
    assert sim.any_exceed_probability == pytest.approx(0.15, abs=0.01)


def test_same_seed_same_answer_and_correlation_widens_the_total() -> None:
    projects = [project(f"P{i}", [10], 1, cost_p85_profile=[14]) for i in range(20)]
    inst = parse_instance(instance(projects, 1000))
    starts = {p.id: 2027 for p in inst.projects}
    a = simulate(inst, starts, draws=5000, correlation=0.0, seed=3)
    assert a == simulate(inst, starts, draws=5000, correlation=0.0, seed=3)
    b = simulate(inst, starts, draws=5000, correlation=0.8, seed=3)
    assert (b.total_p85 - b.total_p50) > 2 * (a.total_p85 - a.total_p50)


def test_carry_over_compares_cumulative_spend() -> None:
    inst = parse_instance(
        instance([project("A", [50, 50], 1, cost_p85_profile=[65, 65])], [100, 0], years=(2027, 2028), carry_over=True)
    )
    sim = simulate(inst, {"A": 2027}, draws=20_000, correlation=0.0, seed=5)
    # Year 1: 50 against 100 is almost never exceeded; by year 2, 100 against 100 half of the time.
    assert sim.exceed_probability["bompenger"][0] < 0.01  # a draw above 2 × P50: z > 2.74
    assert sim.exceed_probability["bompenger"][1] == pytest.approx(0.5, abs=0.02)


def test_chance_constraint_is_more_cautious_than_p50() -> None:
    projects = [project(f"P{i}", [10 + i], 20 - i, cost_p85_profile=[13 + 1.3 * i]) for i in range(8)]
    doc = instance(projects, 60)
    inst = parse_instance(doc)
    from byvekst.engine.milp import optimise

    nominal = optimise(inst)
    assert sum(sum(inst.project(p).cost_profile) for p, _ in nominal.selected) == pytest.approx(60)
    robust = optimise_chance(inst, probability=0.85, samples=200, correlation=0.0, seed=1)
    assert robust.status == "optimal" and robust.objective < nominal.objective
    sim = simulate(inst, robust.starts, draws=20_000, correlation=0.0, seed=2)
    assert sim.any_exceed_probability <= 0.2  # SAA with 200 samples: close to the asked 15 %
    from byvekst.engine.format import result_to_dict

    check(doc, result_to_dict(robust))


def test_multiplier_draws_have_median_one() -> None:
    from byvekst.engine.uncertainty import draw_multipliers

    m = draw_multipliers(np.array([0.3, 0.1]), 50_000, 0.5, np.random.default_rng(0))
    assert np.median(m, axis=0) == pytest.approx([1.0, 1.0], abs=0.01)


def test_the_risk_of_breaking_a_frame_counts_the_totals() -> None:
    doc = instance(
        [project("A", [5, 5], 10, funding={"bompenger": 1.0}, cost_p85_profile=[6.5, 6.5])],
        {"bompenger": [None, None]},
        years=(2027, 2028),
        budget_totals={"bompenger": 10.0},
    )
    inst = parse_instance(doc)
    sim = simulate(inst, {"A": 2027}, draws=400, correlation=0.0, seed=1)
    assert sim.exceed_probability["bompenger"] == (0.0, 0.0)  # no yearly frame to break
    assert sim.any_exceed_probability > 0.2  # but the total of 10 is spent exactly at P50: costs above it break it
