from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from byvekst.engine.mcda import (
    CriterionSpec,
    MatrixError,
    aggregate_judgements,
    ahp_weights,
    coverage,
    direct_weights,
    inconsistent_judgements,
    matrix_from_judgements,
    points,
    project_values,
    ranking,
    swing_weights,
    total,
    weight_stability,
)

# Saaty, T. L. (2008), "Decision making with the analytic hierarchy process", Int. J. Services Sciences 1(1),
# pp. 83–98: relative consumption of drinks in the United States. Published priorities: coffee .177, wine .019,
# tea .042, beer .116, soda .190, milk .129, water .327; consistency ratio about 0.022.
DRINKS = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]
DRINKS_MATRIX = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]
DRINKS_WEIGHTS = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]


def test_saaty_drinks_example() -> None:
    w, cr = ahp_weights(DRINKS_MATRIX)
    assert w == pytest.approx(DRINKS_WEIGHTS, abs=0.0015)
    assert cr == pytest.approx(0.022, abs=0.002)


def test_consistency_ratio_against_random_index() -> None:
    # A 3×3 matrix with one judgement broken: λmax from numpy, CI/RI with RI(3) = 0.58 (Saaty 1980).
    a = [[1, 2, 8], [1 / 2, 1, 2], [1 / 8, 1 / 2, 1]]
    _w, cr = ahp_weights(a)
    lam = max(np.linalg.eigvals(np.array(a)).real)
    assert cr == pytest.approx((lam - 3) / 2 / 0.58)
    assert inconsistent_judgements(a, top=1)[0][:2] in [(0, 1), (0, 2), (1, 2)]


def test_perfectly_consistent_matrix_has_ratio_zero() -> None:
    w = [0.5, 0.3, 0.2]
    a = [[wi / wj for wj in w] for wi in w]
    got, cr = ahp_weights(a)
    assert got == pytest.approx(w) and cr == pytest.approx(0.0, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9]), min_size=6, max_size=6))
def test_weights_sum_to_one_and_permute_with_the_criteria(upper: list[float]) -> None:
    pairs = list(itertools.combinations(range(4), 2))
    a = np.array(matrix_from_judgements(4, dict(zip(pairs, upper, strict=True))))
    w, cr = ahp_weights(a.tolist())
    assert sum(w) == pytest.approx(1.0) and cr >= 0
    perm = [2, 0, 3, 1]
    wp, crp = ahp_weights(a[np.ix_(perm, perm)].tolist())
    assert wp == pytest.approx([w[i] for i in perm], abs=1e-9) and crp == pytest.approx(cr)


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 2], [2, 1]], "not reciprocal"),
        ([[1, 0], [0, 1]], "positive"),
        ([[1, -3], [-1 / 3, 1]], "positive"),
        ([[1, 2, 3], [1 / 2, 1, 4]], "square"),
        ([], "square"),
        ([[2, 1], [1, 2]], "diagonal"),
        ([["a", 1], [1, 1]], "numbers"),
    ],
)
def test_invalid_matrices_are_refused(matrix: list, message: str) -> None:
    with pytest.raises(MatrixError, match=message):
        ahp_weights(matrix)


def test_geometric_mean_aggregation_is_reciprocal() -> None:
    a = matrix_from_judgements(3, {(0, 1): 3, (0, 2): 5, (1, 2): 2})
    b = matrix_from_judgements(3, {(0, 1): 1 / 3, (0, 2): 1, (1, 2): 2})
    g = np.array(aggregate_judgements([a, b]))
    assert g[0, 1] == pytest.approx(1.0) and g[0, 2] == pytest.approx(5**0.5)
    assert np.allclose(g * g.T, 1.0)


def test_swing_and_direct() -> None:
    assert swing_weights({"a": 100, "b": 50, "c": 50}) == {"a": 0.5, "b": 0.25, "c": 0.25}
    with pytest.raises(ValueError, match="100"):
        swing_weights({"a": 80, "b": 50})
    assert direct_weights({"a": 2, "b": 6}) == {"a": 0.25, "b": 0.75}


SPECS = [
    CriterionSpec("klima", "judgement", -4, 4),
    CriterionSpec("bil", "computed", reference=1000, higher_is_better=False),
]
RAW = {"A": {"klima": 4, "bil": -500}, "B": {"klima": 0, "bil": -2000}, "C": {"klima": -4, "bil": 0}}


def test_breakdown_adds_up_and_is_extensive() -> None:
    values = project_values(SPECS, {"klima": 0.5, "bil": 0.5}, RAW)
    assert values["A"] == {"klima": 5.0, "bil": 2.5} and total(values["A"]) == 7.5
    assert values["B"]["klima"] == 0.0 and values["C"]["klima"] == -5.0  # neutral adds nothing, harm subtracts
    assert values["B"]["bil"] == 2 * project_values(SPECS, {"bil": 0.5}, {"x": {"bil": -1000}})["x"]["bil"]


def test_weight_stability_interval() -> None:
    # Points: A klima 10, bil 5; B klima 0, bil 20; C klima −10, bil 0. With w the klima weight:
    # A = 10w + 5(1 − w), B = 20(1 − w); they cross at 25w = 15, w = 0.6, so A stays first for w in [0.6, 1].
    stab = weight_stability(SPECS, {"klima": 0.8, "bil": 0.2}, RAW, top=1)
    assert stab["klima"] == pytest.approx((0.6, 1.0))
    assert stab["bil"] == pytest.approx((0.0, 0.4))


def test_missing_data_is_explicit_and_coverage_says_how_much_rests_on_data() -> None:
    specs = [
        CriterionSpec("trips", "computed", reference=100.0, missing="mean"),
        CriterionSpec("safety", "judgement", scale_min=-4, scale_max=4),
    ]
    weights = {"trips": 0.75, "safety": 0.25}
    raw = {
        "A": {"trips": 200.0, "safety": 2.0},
        "B": {"trips": None, "safety": 4.0},
        "C": {"trips": 0.0, "safety": None},
    }
    values = project_values(specs, weights, raw)
    assert values["B"]["trips"] == pytest.approx(0.75 * 10.0)  # the average of A (20 points) and C (0), not 0
    assert values["C"]["safety"] == 0.0  # "zero": no effect
    known = coverage(specs, weights, raw)
    assert known == {"A": 1.0, "B": 0.25, "C": 0.75}


def _stability_by_every_crossing(specs, weights, raw, top):  # type: ignore[no-untyped-def]
    """The definition, checked the slow way: every crossing of every pair, the top set recomputed at each."""
    pts = {pid: {s.code: points(s, row.get(s.code)) for s in specs} for pid, row in raw.items()}
    ids, out = list(pts), {}
    for s in specs:
        c, w0 = s.code, weights.get(s.code, 0.0)
        rest = 1.0 - w0

        def value(pid, t, c=c, rest=rest):  # type: ignore[no-untyped-def]
            others = sum(weights.get(d, 0.0) * v for d, v in pts[pid].items() if d != c)
            return t * pts[pid][c] + ((1.0 - t) / rest if rest > 1e-12 else 0.0) * others

        def top_set(t):  # type: ignore[no-untyped-def]
            return frozenset(ranking({pid: value(pid, t) for pid in ids})[:top])

        base, crossings = top_set(w0), set()
        for i, p in enumerate(ids):
            for q in ids[i + 1 :]:
                a0, a1 = value(p, 0.0) - value(q, 0.0), value(p, 1.0) - value(q, 1.0)
                if a0 != a1 and 0.0 < a0 / (a0 - a1) < 1.0:
                    crossings.add(a0 / (a0 - a1))
        lo = next((t for t in sorted(crossings, reverse=True) if t < w0 and top_set(t - 1e-9) != base), 0.0)
        hi = next((t for t in sorted(crossings) if t > w0 and top_set(t + 1e-9) != base), 1.0)
        out[c] = (lo, hi)
    return out


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-4, 4), st.integers(0, 2000), st.integers(-4, 4)), min_size=3, max_size=25),
    st.floats(0.05, 0.9),
    st.floats(0.05, 0.9),
    st.integers(1, 5),
)
def test_weight_stability_equals_the_definition(
    rows: list[tuple[int, int, int]], w1: float, w2: float, top: int
) -> None:
    specs = [
        CriterionSpec("a", "judgement", scale_min=-4, scale_max=4),
        CriterionSpec("b", "computed", reference=500.0),
        CriterionSpec("c", "judgement", scale_min=-4, scale_max=4),
    ]
    total_w = w1 + w2 + 0.5
    weights = {"a": w1 / total_w, "b": w2 / total_w, "c": 0.5 / total_w}
    raw = {f"P{i}": {"a": a, "b": b, "c": c} for i, (a, b, c) in enumerate(rows)}
    fast = weight_stability(specs, weights, raw, top=top)
    slow = _stability_by_every_crossing(specs, weights, raw, top)
    for code in fast:
        assert fast[code] == pytest.approx(slow[code], abs=1e-7), (code, fast[code], slow[code])
