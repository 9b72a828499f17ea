"""Criteria weights and a value model anyone can follow.

* :func:`ahp_weights` — Saaty's AHP: the priority vector is the principal right eigenvector of the reciprocal
  pairwise-comparison matrix (normalised to sum 1); ``λmax`` is its eigenvalue; ``CI = (λmax − n)/(n − 1)``;
  ``CR = CI / RI(n)`` with Saaty's random index (Saaty 1980, *The Analytic Hierarchy Process*, table 1.7:
  0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49 for n = 1…10). A CR above 0.10 calls for revision;
  :func:`inconsistent_judgements` names the judgements that deviate most from ``w_i / w_j``.
* :func:`aggregate_judgements` — several parties' matrices combined by the element-wise geometric mean
  (aggregation of individual judgements, which keeps the result reciprocal).
* :func:`swing_weights` — SWING: the swing from worst to best on the most important criterion gets 100 points,
  the others get points relative to it; weights are points over their sum.
* :func:`project_values` — the value model. Each criterion turns a project into *points*. Judgement scores
  map linearly: on a consequence scale (−4…+4) the neutral 0 gives 0 points and ±4 gives ±10, so a project
  without effect adds nothing; on a 0…5 scale the worst level gives 0 and the best 10. Computed criteria
  (zero-growth effect, net benefit …) are extensive quantities and give ``quantity / reference × 10`` points,
  so a project twice the size gets twice the points. Judgement scales are written as absolute magnitudes
  ("a large effect for the whole region"), which keeps them extensive too. A project's value is
  ``Σ_c w_c · points_pc``; the breakdown is the list of terms, which adds up to the value exactly.
* :func:`weight_stability` — for each weight, the interval of that weight (the others rescaled in proportion)
  within which the top-k set of the ranking stays the same, found exactly from the pairwise crossing points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
RECIPROCAL_TOLERANCE = 1e-6


class MatrixError(ValueError):
    """A pairwise-comparison matrix that AHP cannot use; the message says why."""


def _check(matrix: Sequence[Sequence[float]]) -> np.ndarray:
    try:
        a = np.array(matrix, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MatrixError("the matrix must hold numbers only") from exc
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise MatrixError(f"the matrix must be square and non-empty, not {a.shape}")
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise MatrixError("every judgement must be a positive number (1/9 … 9)")
    if not np.allclose(np.diag(a), 1.0):
        raise MatrixError("the diagonal must be 1 (each criterion is as important as itself)")
    bad = np.argwhere(np.abs(a * a.T - 1.0) > RECIPROCAL_TOLERANCE)
    if bad.size:
        i, j = bad[0]
        raise MatrixError(
            f"the matrix is not reciprocal: a[{i}][{j}] = {a[i, j]:g} but a[{j}][{i}] = {a[j, i]:g}"
            f" (it must be 1/{a[i, j]:g})"
        )
    return a


def ahp_weights(matrix: Sequence[Sequence[float]]) -> tuple[list[float], float]:
    """(weights summing to 1, consistency ratio) of a reciprocal pairwise-comparison matrix."""
    a = _check(matrix)
    n = a.shape[0]
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    w = w / w.sum()
    if n <= 2:
        return w.tolist(), 0.0
    lam = float(values[k].real)
    ci = (lam - n) / (n - 1)
    ri = RANDOM_INDEX[n - 1] if n <= len(RANDOM_INDEX) else RANDOM_INDEX[-1]
    return w.tolist(), max(ci / ri, 0.0)


def inconsistent_judgements(matrix: Sequence[Sequence[float]], top: int = 3) -> list[tuple[int, int, float, float]]:
    """The judgements furthest from the ratio the weights imply: (i, j, given a_ij, implied w_i/w_j)."""
    a = _check(matrix)
    w = np.array(ahp_weights(matrix)[0])
    n = a.shape[0]
    out = []
    for i in range(n):
        for j in range(i + 1, n):
            implied = w[i] / w[j]
            out.append((abs(np.log(a[i, j] / implied)), i, j, float(a[i, j]), float(implied)))
    out.sort(reverse=True)
    return [(i, j, given, implied) for _d, i, j, given, implied in out[:top]]


def aggregate_judgements(matrices: Sequence[Sequence[Sequence[float]]]) -> list[list[float]]:
    """Element-wise geometric mean of several parties' matrices (the result is reciprocal again)."""
    if not matrices:
        raise MatrixError("no judgements to aggregate")
    arrays = [_check(m) for m in matrices]
    if len({x.shape for x in arrays}) != 1:
        raise MatrixError("the matrices to aggregate must have the same size")
    return np.exp(np.mean([np.log(x) for x in arrays], axis=0)).tolist()


def matrix_from_judgements(n: int, upper: Mapping[tuple[int, int], float]) -> list[list[float]]:
    """A full reciprocal matrix from the judgements above the diagonal ({(i, j): a_ij}, i < j)."""
    a = np.ones((n, n))
    for (i, j), v in upper.items():
        if not (0 <= i < j < n):
            raise MatrixError(f"judgement ({i}, {j}) is not above the diagonal of a {n}×{n} matrix")
        if v <= 0:
            raise MatrixError("every judgement must be a positive number (1/9 … 9)")
        a[i, j], a[j, i] = v, 1.0 / v
    return a.tolist()


def swing_weights(points: Mapping[str, float]) -> dict[str, float]:
    """SWING: points with 100 for the most important swing; weights are points over their sum."""
    if not points:
        raise ValueError("give points for at least one criterion")
    if any(p < 0 or p > 100 for p in points.values()):
        raise ValueError("SWING points lie between 0 and 100")
    if max(points.values()) != 100:
        raise ValueError("the most important swing gets 100 points")
    total = sum(points.values())
    return {c: p / total for c, p in points.items()}


def direct_weights(values: Mapping[str, float]) -> dict[str, float]:
    if any(v < 0 for v in values.values()) or sum(values.values()) <= 0:
        raise ValueError("direct weights must be non-negative and not all zero")
    total = sum(values.values())
    return {c: v / total for c, v in values.items()}


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    kind: str  # "judgement" | "computed"
    scale_min: float = 0.0
    scale_max: float = 5.0
    higher_is_better: bool = True
    reference: float = 1.0  # for computed criteria: the quantity worth 10 points
    missing: str = "zero"  # a project without data: "zero" (no effect) or "mean" (the average of those with data)


def points(spec: CriterionSpec, raw: float | None) -> float:
    if raw is None:
        return 0.0
    if spec.kind == "computed":
        q = raw if spec.higher_is_better else -raw
        return q / spec.reference * 10.0 if spec.reference else 0.0
    sign = 1.0 if spec.higher_is_better else -1.0
    if spec.scale_min < 0 < spec.scale_max:
        # A consequence scale (−4…+4): the neutral level is worth nothing, so "no effect" adds no value.
        return sign * 10.0 * raw / max(-spec.scale_min, spec.scale_max)
    span = spec.scale_max - spec.scale_min
    if span <= 0:
        return 0.0
    frac = (raw - spec.scale_min) / span
    return 10.0 * (frac if spec.higher_is_better else 1.0 - frac)


def project_values(
    specs: Sequence[CriterionSpec], weights: Mapping[str, float], raw: Mapping[str, Mapping[str, float | None]]
) -> dict[str, dict[str, float]]:
    """{project: {criterion: w·points}}; each project's terms sum to its value (see :func:`total`). A project
    without data on a criterion gets what the criterion's ``missing`` policy says: no effect, or the average
    points of the projects that have data (never a silent guess: :func:`coverage` says how much rests on data)."""
    fill: dict[str, float] = {}
    for s in specs:
        known = [points(s, row[s.code]) for row in raw.values() if row.get(s.code) is not None]
        fill[s.code] = sum(known) / len(known) if s.missing == "mean" and known else 0.0
    return {
        pid: {
            s.code: weights.get(s.code, 0.0) * (points(s, row[s.code]) if row.get(s.code) is not None else fill[s.code])
            for s in specs
        }
        for pid, row in raw.items()
    }


def coverage(
    specs: Sequence[CriterionSpec], weights: Mapping[str, float], raw: Mapping[str, Mapping[str, float | None]]
) -> dict[str, float]:
    """{project: the share of the weight that rests on criteria with data for it} (1.0: everything is known)."""
    whole = sum(weights.get(s.code, 0.0) for s in specs)
    return {
        pid: (sum(weights.get(s.code, 0.0) for s in specs if row.get(s.code) is not None) / whole if whole else 0.0)
        for pid, row in raw.items()
    }


def total(breakdown: Mapping[str, float]) -> float:
    return float(sum(breakdown.values()))


def ranking(values: Mapping[str, float]) -> list[str]:
    return sorted(values, key=lambda p: (-values[p], p))


def weight_stability(
    specs: Sequence[CriterionSpec],
    weights: Mapping[str, float],
    raw: Mapping[str, Mapping[str, float | None]],
    top: int = 5,
) -> dict[str, tuple[float, float]]:
    """For each criterion c: the interval [lo, hi] of w_c (others rescaled in proportion) within which the set of
    the ``top`` best projects does not change.

    With w_c = t every project's value is a line in t: v_p(t) = t·x_p + (1 − t)/(1 − w_c)·o_p, where x_p are its
    points on c and o_p its weighted points on the others. Reordering within the top set, or within the rest,
    changes nothing; the set changes first where a project outside it overtakes one inside it. So only the
    ``top`` × (N − ``top``) pairs across the boundary are examined — O(C·top·N), not every pair of projects."""
    pts = {pid: {s.code: points(s, row.get(s.code)) for s in specs} for pid, row in raw.items()}
    out: dict[str, tuple[float, float]] = {}
    for s in specs:
        c, w0 = s.code, weights.get(s.code, 0.0)
        rest = 1.0 - w0
        lines = {}
        for pid, row in pts.items():
            others = sum(weights.get(d, 0.0) * v for d, v in row.items() if d != c)
            base = others / rest if rest > 1e-12 else 0.0
            lines[pid] = (base, row[c] - base)  # v(t) = base + t · slope
        at_w0 = {pid: a + b * w0 for pid, (a, b) in lines.items()}
        inside = set(ranking(at_w0)[:top])
        lo, hi = 0.0, 1.0
        for p in inside:
            ap, bp = lines[p]
            for q, (aq, bq) in lines.items():
                if q in inside or bq == bp:
                    continue
                t = (ap - aq) / (bq - bp)  # where q's line meets p's
                if bq > bp and w0 < t < 1.0:
                    hi = min(hi, t)  # q overtakes p as w_c grows
                elif bq < bp and 0.0 < t < w0:
                    lo = max(lo, t)  # q overtakes p as w_c shrinks
        out[c] = (lo, hi)
    return out
