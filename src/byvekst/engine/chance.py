"""Robust selection with a chance constraint, by sample-average approximation (SAA).

Draw ``N`` cost scenarios (the multipliers of :mod:`byvekst.engine.uncertainty`). Scenario ``k`` holds when
every frame (per source and year, cumulative with carry-over) is kept with the scenario's costs. A binary
``z_k`` marks a scenario allowed to fail; ``Σ z_k ≤ ⌊(1−α)·N⌋``. Each frame row of scenario ``k`` reads
``Σ m_kp·a_p,col·x_col − M_k·z_k ≤ B`` with ``M_k`` the scenario's largest possible spend on that row, so a
failed scenario relaxes all its rows. The deterministic rows (selection, dependencies, balance, capacity,
allocations) stay as in :mod:`byvekst.engine.milp`; the nominal budget rows are replaced by the scenarios.
"""

from __future__ import annotations

import math
import time

import highspy
import numpy as np

from byvekst.engine.format import Instance, Result
from byvekst.engine.milp import INF, _infeasible, _result, build, to_highs
from byvekst.engine.reasons import Reason
from byvekst.engine.uncertainty import draw_multipliers, project_sigmas


def optimise_chance(
    inst: Instance,
    *,
    probability: float = 0.85,
    samples: int = 100,
    correlation: float = 0.3,
    seed: int = 2027,
    time_limit: float = 60.0,
    gap: float = 1e-4,
) -> Result:
    started = time.perf_counter()
    m = build(inst)
    ids = [p.id for p in inst.projects]
    rng = np.random.default_rng(seed)
    mult = draw_multipliers(project_sigmas(inst, ids), samples, correlation, rng)  # samples × projects
    keep = [r for r, info in enumerate(m.info) if info.kind != "budget"]
    m.rows = [m.rows[r] for r in keep]
    m.row_lo = [m.row_lo[r] for r in keep]
    m.row_hi = [m.row_hi[r] for r in keep]
    m.info = [m.info[r] for r in keep]
    # The frame rows per scenario: yearly, or cumulative with carry-over (few scenarios keep this small).
    base_rows: list[dict[int, float]] = []
    base_hi: list[float] = []
    for f in inst.funding_sources:
        acc: dict[int, float] = {}
        for t, year in enumerate(inst.years):
            row = m.spend.get((f, year), {})
            if inst.carry_over:
                for c, v in row.items():
                    acc[c] = acc.get(c, 0.0) + v
                base_rows.append(dict(acc))
                base_hi.append(sum(inst.budget[f][: t + 1]))
            else:
                base_rows.append(dict(row))
                base_hi.append(inst.budget[f][t])
    h, _ = to_highs(m)
    z0 = h.getNumCol()
    h.addVars(samples, np.zeros(samples), np.ones(samples))
    h.changeColsIntegrality(
        samples, np.arange(z0, z0 + samples, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * samples)
    )
    for k in range(samples):
        for row, hi in zip(base_rows, base_hi, strict=True):
            cols = list(row)
            vals = [row[c] * mult[k, m.cols[c][0]] for c in cols]
            big = max(sum(v for v in vals if v > 0) - hi, 0.0)
            if big <= 0:
                continue  # this scenario cannot break this frame whatever is chosen
            idx = np.array([*cols, z0 + k], dtype=np.int32)
            h.addRow(-INF, hi, len(idx), idx, np.array([*vals, -big]))
    allowed = math.floor((1.0 - probability) * samples + 1e-9)
    h.addRow(-INF, float(allowed), samples, np.arange(z0, z0 + samples, dtype=np.int32), np.ones(samples))
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(gap))
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    if status == highspy.HighsModelStatus.kInfeasible:
        return _infeasible(
            inst,
            [Reason("conflict.chance", {"risk": 1 - probability})],
            time.perf_counter() - started,
        )
    if info.primal_solution_status != 2:
        return Result(inst.name, "no_solution", None, None, None, time.perf_counter() - started, (), {})
    x = h.getSolution().col_value
    starts = {inst.projects[pi].id: s for c, (pi, s) in enumerate(m.cols) if x[c] > 0.5}
    label = "optimal" if status == highspy.HighsModelStatus.kOptimal else "feasible"
    return _result(inst, label, starts, info.mip_dual_bound, time.perf_counter() - started, None)
