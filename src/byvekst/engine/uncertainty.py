"""Cost uncertainty: a lognormal per project fitted to its percentiles, Monte Carlo over a portfolio, and a
sample-average chance constraint.

Distribution. A project's total cost ``X`` is lognormal, ``ln X ~ N(μ, σ²)``, with ``μ = ln P50``. σ is the
least-squares fit of ``ln(Pq/P50) = σ·z_q`` over the percentiles given: P85 (``z = 1.0364``) and, when
known, P10 (``z = −1.2816``). With only P50 and P85: ``σ = ln(P85/P50) / 1.0364``. Lognormal because cost
estimates are right-skewed and strictly positive, and because Norwegian practice states P50 and P85 (the
styringsramme and kostnadsramme), which fix a lognormal exactly. A draw scales the P50 yearly profile by
``X / P50`` (the profile's shape is kept).

Correlation. A one-factor Gaussian copula: ``Z_p = √ρ·W + √(1−ρ)·E_p`` with common ``W`` and independent
``E_p``, so every pair of projects has correlation ρ in the normal scores (market-wide price changes hit all
projects; ρ = 0 is independence).

Seeded with ``numpy.random.default_rng(seed)``; the seed is part of the result.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from byvekst.engine.format import Instance
from byvekst.engine.milp import year_costs

Z85 = 1.0364333894937898  # Φ⁻¹(0.85)
Z10 = -1.2815515655446004  # Φ⁻¹(0.10)


def fit_lognormal(p50: float, p85: float, p10: float | None = None) -> tuple[float, float]:
    """(μ, σ) of the lognormal with median ``p50`` fitted to ``p85`` (and ``p10`` when given)."""
    if p50 <= 0:
        raise ValueError("P50 must be positive to fit a lognormal")
    if p85 < p50 or (p10 is not None and not 0 < p10 <= p50):
        raise ValueError("percentiles must satisfy 0 < P10 ≤ P50 ≤ P85")
    points = [(Z85, math.log(p85 / p50))]
    if p10 is not None:
        points.append((Z10, math.log(p10 / p50)))
    sigma = sum(z * y for z, y in points) / sum(z * z for z, _ in points)
    return math.log(p50), max(sigma, 0.0)


def project_sigmas(inst: Instance, ids: list[str], p10: Mapping[str, float] | None = None) -> np.ndarray:
    out = []
    for pid in ids:
        p = inst.project(pid)
        p50 = sum(p.cost_profile)
        p85 = sum(p.cost_p85_profile) if p.cost_p85_profile is not None else p50
        out.append(fit_lognormal(p50, p85, (p10 or {}).get(pid))[1] if p50 > 0 else 0.0)
    return np.array(out)


def draw_multipliers(sigmas: np.ndarray, draws: int, correlation: float, rng: np.random.Generator) -> np.ndarray:
    """(draws × projects) cost multipliers X/P50 under the one-factor Gaussian copula."""
    if not 0.0 <= correlation <= 1.0:
        raise ValueError("correlation must lie in [0, 1]")
    common = rng.standard_normal((draws, 1))
    own = rng.standard_normal((draws, len(sigmas)))
    z = math.sqrt(correlation) * common + math.sqrt(1.0 - correlation) * own
    return np.exp(z * sigmas[None, :])


@dataclass(frozen=True)
class Simulation:
    seed: int
    draws: int
    correlation: float
    years: tuple[int, ...]
    spend_p50: dict[str, tuple[float, ...]]
    spend_p85: dict[str, tuple[float, ...]]
    exceed_probability: dict[str, tuple[float, ...]]  # per source and year (cumulative frames with carry-over)
    any_exceed_probability: float
    total_p50: float
    total_p85: float
    total_mean: float
    year_p50: tuple[float, ...]  # all sources together, per year
    year_p85: tuple[float, ...]


def simulate(
    inst: Instance,
    starts: Mapping[str, int],
    *,
    draws: int = 10_000,
    correlation: float = 0.3,
    seed: int = 2027,
    p10: Mapping[str, float] | None = None,
) -> Simulation:
    """Monte Carlo over the costs of a given portfolio (project id -> start year), always from the P50 profile."""
    rng = np.random.default_rng(seed)
    ids = list(starts)
    sources, years = inst.funding_sources, inst.years
    pos = {y: i for i, y in enumerate(years)}
    nf, ny = len(sources), len(years)
    base = np.zeros((len(ids), nf * ny))
    for i, pid in enumerate(ids):
        p = inst.project(pid)
        inside, _ = year_costs(inst, p, starts[pid], "p50")
        for year, c in inside.items():
            for fi, f in enumerate(sources):
                base[i, fi * ny + pos[year]] += p.funding.get(f, 0.0) * c
    mult = draw_multipliers(project_sigmas(inst, ids, p10), draws, correlation, rng)
    spend = (mult @ base).reshape(draws, nf, ny)
    budget = np.array([inst.budget[f] for f in sources])
    compared = np.cumsum(spend, axis=2) if inst.carry_over else spend
    frames = np.cumsum(budget, axis=1) if inst.carry_over else budget
    over = compared > frames[None, :, :] + 1e-9
    broken = over.any(axis=(1, 2))
    for i, f in enumerate(sources):  # a source's total over the period
        if f in inst.budget_totals:
            broken |= spend[:, i, :].sum(axis=1) > inst.budget_totals[f] + 1e-9
    if inst.yearly_totals is not None:  # the totals per year over all sources
        per_year = spend.sum(axis=1)
        limits = np.array(inst.yearly_totals)
        if inst.carry_over:
            per_year, limits = np.cumsum(per_year, axis=1), np.cumsum(limits)
        broken |= (per_year > limits[None, :] + 1e-9).any(axis=1)
    totals = spend.sum(axis=(1, 2))
    return Simulation(
        seed=seed,
        draws=draws,
        correlation=correlation,
        years=years,
        spend_p50={f: tuple(np.quantile(spend[:, i, :], 0.5, axis=0).tolist()) for i, f in enumerate(sources)},
        spend_p85={f: tuple(np.quantile(spend[:, i, :], 0.85, axis=0).tolist()) for i, f in enumerate(sources)},
        exceed_probability={f: tuple(over[:, i, :].mean(axis=0).tolist()) for i, f in enumerate(sources)},
        any_exceed_probability=float(broken.mean()),
        total_p50=float(np.quantile(totals, 0.5)),
        total_p85=float(np.quantile(totals, 0.85)),
        total_mean=float(totals.mean()),
        year_p50=tuple(np.quantile(spend.sum(axis=1), 0.5, axis=0).tolist()),
        year_p85=tuple(np.quantile(spend.sum(axis=1), 0.85, axis=0).tolist()),
    )


def simulation_to_dict(sim: Simulation) -> dict[str, object]:
    return {"format": "byvekst.simulation/1", **{k: v for k, v in sim.__dict__.items()}}
