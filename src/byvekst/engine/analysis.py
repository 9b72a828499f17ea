"""Analyses built on the optimiser: the efficient frontier, robust prioritisation across the parties' weights
(core index), the price of fixed frames per party, and the gain over the ranking baseline."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from byvekst.engine.baseline import ranking
from byvekst.engine.format import Allocation, Instance, Result
from byvekst.engine.milp import optimise


@dataclass(frozen=True)
class FrontierPoint:
    factor: float
    budget_total: float
    objective: float | None
    status: str
    selected: tuple[tuple[str, int], ...]


def frontier(
    inst: Instance,
    factors: Sequence[float],
    *,
    time_limit: float = 30.0,
    gap: float = 1e-4,
    progress: Callable[[int, int], None] | None = None,
) -> list[FrontierPoint]:
    """Value against budget level: every yearly frame multiplied by each factor in turn."""
    total = inst.frames_total()
    points = []
    previous: dict[str, int] | None = None
    for i, f in enumerate(factors):
        # Frames grow along the frontier, so the previous point's portfolio still fits: start from it.
        r = optimise(inst, budget_scale=f, time_limit=time_limit, gap=gap, explain_infeasible=False, start=previous)
        previous = r.starts or previous
        points.append(FrontierPoint(float(f), total * f, r.objective, r.status, r.selected))
        if progress:
            progress(i + 1, len(factors))
    return points


class ValueModel(Protocol):
    """A plug-in that turns a set of criterion weights into an (extensive) value per project."""

    def values(self, weights: Mapping[str, float]) -> dict[str, float]: ...


@dataclass(frozen=True)
class LinearValueModel:
    """value_p = size_p · Σ_c w_c · score_pc — weighted scores scaled by the size of the effect, so values add
    up over a portfolio. ``size`` defaults to 1 (scores are then already extensive)."""

    scores: Mapping[str, Mapping[str, float]]
    size: Mapping[str, float] | None = None

    def values(self, weights: Mapping[str, float]) -> dict[str, float]:
        total = sum(weights.values()) or 1.0
        return {
            pid: (self.size or {}).get(pid, 1.0) * sum(weights.get(c, 0.0) / total * s for c, s in row.items())
            for pid, row in self.scores.items()
        }


def sample_weights(intervals: Mapping[str, tuple[float, float]], n: int, seed: int) -> list[dict[str, float]]:
    """``n`` weight vectors drawn uniformly inside the intervals, then normalised to sum to 1."""
    rng = np.random.default_rng(seed)
    names = list(intervals)
    lo = np.array([intervals[c][0] for c in names])
    hi = np.array([intervals[c][1] for c in names])
    draws = lo + (hi - lo) * rng.random((n, len(names)))
    draws /= draws.sum(axis=1, keepdims=True)
    return [dict(zip(names, row.tolist(), strict=True)) for row in draws]


@dataclass(frozen=True)
class Robust:
    weight_sets: dict[str, dict[str, float]]
    portfolios: dict[str, tuple[tuple[str, int], ...]]
    objectives: dict[str, float | None]
    core_index: dict[str, float]

    def classify(self) -> dict[str, str]:
        """'core' (in every optimal portfolio), 'out' (in none) or 'contested'."""
        return {
            pid: "core" if ci >= 1 - 1e-9 else "out" if ci <= 1e-9 else "contested"
            for pid, ci in self.core_index.items()
        }


def robust(
    inst: Instance,
    model: ValueModel,
    weight_sets: Mapping[str, Mapping[str, float]],
    *,
    time_limit: float = 30.0,
    gap: float = 1e-4,
    progress: Callable[[int, int], None] | None = None,
) -> Robust:
    """Solve once per weight set; a project's core index is the share of those optimal portfolios holding it."""
    portfolios: dict[str, tuple[tuple[str, int], ...]] = {}
    objectives: dict[str, float | None] = {}
    counts = dict.fromkeys((p.id for p in inst.projects), 0)
    for i, (name, w) in enumerate(weight_sets.items()):
        r = optimise(inst, values=model.values(w), time_limit=time_limit, gap=gap, explain_infeasible=False)
        portfolios[name] = r.selected
        objectives[name] = r.objective
        for pid, _ in r.selected:
            counts[pid] += 1
        if progress:
            progress(i + 1, len(weight_sets))
    n = max(len(weight_sets), 1)
    return Robust(
        {k: dict(v) for k, v in weight_sets.items()}, portfolios, objectives, {pid: c / n for pid, c in counts.items()}
    )


@dataclass(frozen=True)
class FixedFrames:
    joint: Result
    fixed: Result
    loss: float | None
    loss_share: float | None


def price_fixed_frames(
    inst: Instance, frames: Mapping[str, float], *, time_limit: float = 60.0, gap: float = 1e-4
) -> FixedFrames:
    """Value lost when each named owner may spend at most its fixed frame over the horizon, against joint
    prioritisation of the same instance."""
    joint = optimise(inst, time_limit=time_limit, gap=gap)
    allocations = inst.allocations + tuple(Allocation("owner", o, None, float(f)) for o, f in frames.items())
    fixed = optimise(dataclasses.replace(inst, allocations=allocations), time_limit=time_limit, gap=gap)
    loss = share = None
    if joint.objective is not None and fixed.objective is not None:
        loss = joint.objective - fixed.objective
        share = loss / joint.objective if joint.objective else 0.0
    return FixedFrames(joint, fixed, loss, share)


@dataclass(frozen=True)
class Gain:
    optimum: Result
    baseline: Result
    gain: float | None
    gain_share: float | None


def gain_over_ranking(inst: Instance, optimum: Result | None = None, **kw: float) -> Gain:
    opt = optimum or optimise(inst, **kw)  # type: ignore[arg-type]
    base = ranking(inst)
    if opt.objective is None or base.objective is None:
        return Gain(opt, base, None, None)
    diff = opt.objective - base.objective
    return Gain(opt, base, diff, diff / base.objective if base.objective else None)
