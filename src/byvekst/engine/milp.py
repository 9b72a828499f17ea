"""Exact portfolio selection as a mixed-integer programme, solved with HiGHS.

Formulation (``../shared/spec/portfolio-format.md``). For every project ``p`` and allowed start year ``s``
(``earliest ≤ s ≤ latest``, ``s`` in the horizon ``T``) a binary ``x[p,s]`` says "p starts in s". With
``c_p[k]`` the cost in the k-th year of p (P50 or P85 profile) and ``φ_pf`` p's share of source f:

    maximise   Σ v_p (1+r)^-(s−t0) x[p,s]
    subject to Σ_s x[p,s] ≤ 1                     (= 1 if mandatory; no columns if excluded)
               S_ft = Σ φ_pf c_p[t−s] x[p,s]        spend of source f in year t
               S_ft ≤ B_ft                          (no carry-over)   or
               Σ_{τ≤t} S_fτ ≤ Σ_{τ≤t} B_fτ          (carry-over: save, never borrow)
               Σ_t S_ft ≤ B_f                       a source's total over the period (if given)
               Σ_f S_ft ≤ B_t  (or cumulative)      a total per year over all sources (if given)
               Σ c_p[k] x[p,s] over s+k > t_last ≤ B_beyond          (if given)
               Σ_{s'≤s} x[q,s'] ≥ Σ_{s'≤s} x[p,s']  for every start s of p, when p requires q
               Σ_{p∈g} Σ_s x[p,s] ≤ 1               for each exclusive group g
               lo·H ≤ H_v ≤ hi·H                     balance; H = in-horizon cost, H_v that of group v
               lo ≤ H_v ≤ hi                         allocations (H_v of one source when the earmark names one)
               H_{owner,t} ≤ cap                     capacity per owner and year

Cumulative budget rows were measured against a sparse form with carry variables (``S + k_t − k_{t−1} ≤ B``):
the cumulative rows solved the 400-project benchmark instances as fast or faster, so they stay. The "requires"
rows need no big-M: q must have started by every year in which p may have started. Every row
carries a :class:`RowInfo` so that an infeasible model can be explained in a planner's words (``explain``).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from byvekst.engine.format import Instance, Project, Result
from byvekst.engine.reasons import Reason

INF = highspy.kHighsInf
HEURISTIC_EFFORT = 0.3


@dataclass(frozen=True)
class RowInfo:
    kind: str  # select | budget | source_total | year_total | beyond | requires | exclusive | balance_min |
    # balance_max | allocation | capacity
    key: tuple[Any, ...] = ()
    elastic: bool = False  # a frame-type row that the elastic relaxation may stretch


@dataclass
class Model:
    inst: Instance
    cols: list[tuple[int, int]] = field(default_factory=list)  # binary columns: (project index, start year)
    spend: dict[tuple[str, int], dict[int, float]] = field(default_factory=dict)  # (source, year) -> {col: MNOK}
    obj: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    rows: list[dict[int, float]] = field(default_factory=list)
    row_lo: list[float] = field(default_factory=list)
    row_hi: list[float] = field(default_factory=list)
    info: list[RowInfo] = field(default_factory=list)
    by_project: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    def add_row(self, coefs: dict[int, float], lo: float, hi: float, info: RowInfo) -> None:
        self.rows.append({c: v for c, v in coefs.items() if v != 0.0})
        self.row_lo.append(lo)
        self.row_hi.append(hi)
        self.info.append(info)


def year_costs(inst: Instance, p: Project, start: int, basis: str | None = None) -> tuple[dict[int, float], float]:
    """(cost per horizon year, cost falling after the horizon) of p started in ``start``."""
    last = inst.years[-1]
    inside: dict[int, float] = {}
    beyond = 0.0
    for k, c in enumerate(p.profile(basis or inst.cost_basis)):
        year = start + k
        if year > last:
            beyond += c
        else:
            inside[year] = inside.get(year, 0.0) + c
    return inside, beyond


def build(
    inst: Instance,
    *,
    values: Mapping[str, float] | None = None,
    fixed: Mapping[str, int | None] | None = None,
    budget_scale: float = 1.0,
) -> Model:
    """Build the model. ``values`` overrides project values (a value-model plug-in); ``fixed`` forces a project
    to start in a given year (int) or to stay out (None); ``budget_scale`` multiplies every yearly frame."""
    m = Model(inst)
    fixed = fixed or {}
    years, sources = inst.years, inst.funding_sources
    spend: dict[tuple[str, int], dict[int, float]] = defaultdict(dict)
    beyond_row: dict[int, float] = {}
    horizon_cost: dict[int, float] = {}
    owner_year: dict[tuple[str, int], dict[int, float]] = defaultdict(dict)

    for pi, p in enumerate(inst.projects):
        if p.status == "excluded" or (p.id in fixed and fixed[p.id] is None):
            continue
        starts = inst.starts(p)
        if p.id in fixed:
            starts = [s for s in starts if s == fixed[p.id]]
        value = float(values[p.id]) if values is not None and p.id in values else p.value
        for s in starts:
            col = len(m.cols)
            m.cols.append((pi, s))
            m.obj.append(value * inst.discount(s))
            m.lower.append(0.0)
            m.upper.append(1.0)
            m.by_project[pi].append(col)
            inside, beyond = year_costs(inst, p, s)
            for year, c in inside.items():
                for f, share in p.funding.items():
                    if share:
                        spend[(f, year)][col] = spend[(f, year)].get(col, 0.0) + share * c
                owner_year[(p.owner, year)][col] = c
            if beyond:
                beyond_row[col] = beyond
            horizon_cost[col] = sum(inside.values())

    for pi, p in enumerate(inst.projects):
        cols = m.by_project.get(pi, [])
        must = p.status == "mandatory" or (p.id in fixed and fixed[p.id] is not None)
        if must or cols:
            m.add_row(dict.fromkeys(cols, 1.0), 1.0 if must else 0.0, 1.0, RowInfo("select", (p.id,)))

    m.spend = dict(spend)
    for f in sources:
        budget = [b * budget_scale for b in inst.budget[f]]
        acc: dict[int, float] = {}
        for t, year in enumerate(years):
            limit = sum(budget[: t + 1]) if inst.carry_over else budget[t]
            if inst.carry_over:
                for c, v in spend[(f, year)].items():
                    acc[c] = acc.get(c, 0.0) + v
            if limit < INF:  # a year without a frame of its own (the source gives a total only)
                row = dict(acc) if inst.carry_over else spend[(f, year)]
                m.add_row(row, -INF, limit, RowInfo("budget", (f, year), elastic=True))
    for f, total in inst.budget_totals.items():
        whole: dict[int, float] = defaultdict(float)
        for year in years:
            for c, v in spend[(f, year)].items():
                whole[c] += v
        m.add_row(dict(whole), -INF, total * budget_scale, RowInfo("source_total", (f,), elastic=True))
    if inst.yearly_totals is not None:
        running: dict[int, float] = defaultdict(float)
        for t, year in enumerate(years):
            this: dict[int, float] = defaultdict(float)
            for f in sources:
                for c, v in spend[(f, year)].items():
                    this[c] += v
            if inst.carry_over:
                for c, v in this.items():
                    running[c] += v
            limit = (sum(inst.yearly_totals[: t + 1]) if inst.carry_over else inst.yearly_totals[t]) * budget_scale
            if limit < INF:
                row = dict(running) if inst.carry_over else dict(this)
                m.add_row(row, -INF, limit, RowInfo("year_total", (year,), elastic=True))

    if inst.beyond_horizon_budget is not None:
        m.add_row(beyond_row, -INF, inst.beyond_horizon_budget, RowInfo("beyond", (), elastic=True))

    index = {p.id: i for i, p in enumerate(inst.projects)}
    for pi, p in enumerate(inst.projects):
        p_cols = m.by_project.get(pi, [])
        for req in p.requires:
            q_cols = m.by_project.get(index[req], [])
            for s in sorted({m.cols[c][1] for c in p_cols}):
                coefs = {c: 1.0 for c in q_cols if m.cols[c][1] <= s}
                for c in p_cols:
                    if m.cols[c][1] <= s:
                        coefs[c] = coefs.get(c, 0.0) - 1.0
                m.add_row(coefs, 0.0, INF, RowInfo("requires", (p.id, req, s)))

    groups: dict[str, list[int]] = defaultdict(list)
    for pi, p in enumerate(inst.projects):
        if p.exclusive_group is not None:
            groups[p.exclusive_group].extend(m.by_project.get(pi, []))
    for g, cols in groups.items():
        m.add_row(dict.fromkeys(cols, 1.0), -INF, 1.0, RowInfo("exclusive", (g,)))

    def in_group(col: int, dimension: str, value: str) -> bool:
        return inst.projects[m.cols[col][0]].dimension(dimension) == value

    for i, b in enumerate(inst.balance):
        if b.min_share is not None:
            coefs = {
                c: h * ((1.0 if in_group(c, b.dimension, b.value) else 0.0) - b.min_share)
                for c, h in horizon_cost.items()
            }
            m.add_row(coefs, 0.0, INF, RowInfo("balance_min", (i,), elastic=True))
        if b.max_share is not None:
            coefs = {
                c: h * ((1.0 if in_group(c, b.dimension, b.value) else 0.0) - b.max_share)
                for c, h in horizon_cost.items()
            }
            m.add_row(coefs, -INF, 0.0, RowInfo("balance_max", (i,), elastic=True))
    for i, a in enumerate(inst.allocations):
        if a.source is None:
            coefs = {c: h for c, h in horizon_cost.items() if in_group(c, a.dimension, a.value)}
        else:  # an earmark of one source: what the group spends of that source in the period
            coefs = defaultdict(float)
            for year in years:
                for c, v in spend[(a.source, year)].items():
                    if in_group(c, a.dimension, a.value):
                        coefs[c] += v
            coefs = dict(coefs)
        lo = a.min_total if a.min_total is not None else -INF
        hi = a.max_total if a.max_total is not None else INF
        m.add_row(coefs, lo, hi, RowInfo("allocation", (i,), elastic=True))
    for i, cap in enumerate(inst.capacity):
        m.add_row(owner_year[(cap.owner, cap.year)], -INF, cap.max_spend, RowInfo("capacity", (i,), elastic=True))
    return m


def to_highs(m: Model, *, elastic: bool = False) -> tuple[highspy.Highs, list[tuple[int, int]]]:
    """A HiGHS object holding the model. With ``elastic`` the frame rows get slack columns and the objective
    becomes "minimise the relative stretch of the frames"; the returned list maps slack column -> (row, sign)."""
    ncols = len(m.cols)
    obj = list(m.obj)
    lower, upper = list(m.lower), list(m.upper)
    integrality = [highspy.HighsVarType.kInteger] * ncols
    rows = [dict(r) for r in m.rows]
    slacks: list[tuple[int, int]] = []
    if elastic:
        # A tiny cost per project keeps projects out of the relaxed solution unless a rule needs them.
        obj = [1e-6] * ncols
        for r, info in enumerate(m.info):
            if not info.elastic:
                continue
            for sign, bound in ((-1, m.row_hi[r]), (1, m.row_lo[r])):
                if abs(bound) >= INF:
                    continue
                col = ncols + len(slacks)
                rows[r][col] = float(sign)
                slacks.append((r, sign))
                obj.append(1.0 / max(abs(bound), 1.0))
                lower.append(0.0)
                upper.append(INF)
                integrality.append(highspy.HighsVarType.kContinuous)
    lp = highspy.HighsLp()
    lp.num_col_ = len(obj)
    lp.num_row_ = len(rows)
    lp.col_cost_ = np.array(obj, dtype=float)
    lp.col_lower_ = np.array(lower, dtype=float)
    lp.col_upper_ = np.array(upper, dtype=float)
    lp.row_lower_ = np.array(m.row_lo, dtype=float)
    lp.row_upper_ = np.array(m.row_hi, dtype=float)
    starts, index, value = [0], [], []
    for coefs in rows:
        for c in sorted(coefs):
            index.append(c)
            value.append(coefs[c])
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    lp.integrality_ = integrality
    lp.sense_ = highspy.ObjSense.kMinimize if elastic else highspy.ObjSense.kMaximize
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    return h, slacks


def spend_of(inst: Instance, starts: Mapping[str, int], basis: str | None = None) -> dict[str, tuple[float, ...]]:
    """Spend per source and horizon year of a selection (project id -> start year)."""
    pos = {y: i for i, y in enumerate(inst.years)}
    out = {f: [0.0] * len(inst.years) for f in inst.funding_sources}
    for pid, s in starts.items():
        p = inst.project(pid)
        inside, _ = year_costs(inst, p, s, basis)
        for year, c in inside.items():
            for f, share in p.funding.items():
                out[f][pos[year]] += share * c
    return {f: tuple(v) for f, v in out.items()}


def objective_of(inst: Instance, starts: Mapping[str, int], values: Mapping[str, float] | None = None) -> float:
    total = 0.0
    for pid, s in starts.items():
        v = values[pid] if values is not None and pid in values else inst.project(pid).value
        total += v * inst.discount(s)
    return total


def optimise(
    inst: Instance,
    *,
    time_limit: float = 60.0,
    gap: float = 1e-4,
    values: Mapping[str, float] | None = None,
    fixed: Mapping[str, int | None] | None = None,
    budget_scale: float = 1.0,
    explain_infeasible: bool = True,
    start: Mapping[str, int] | None = None,
) -> Result:
    """Solve the instance; an infeasible one comes back with its ``reasons`` (``explanation`` in words)."""
    from byvekst.engine.explain import explain, structural

    started = time.perf_counter()
    conflicts = structural(inst)
    if conflicts:
        return _infeasible(inst, conflicts, time.perf_counter() - started)
    m = build(inst, values=values, fixed=fixed, budget_scale=budget_scale)
    h, _ = to_highs(m)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(gap))
    # Measured on the benchmark instances (bench/RESULTS.md): more primal heuristics halve the time to prove
    # 0.01 % on 400-project 4-year instances (12 → 7 s, 27 → 11 s) and change nothing on the others.
    h.setOptionValue("mip_heuristic_effort", HEURISTIC_EFFORT)
    if start:
        # A known portfolio (e.g. the previous point of a frontier) as the incumbent: HiGHS checks it and
        # prunes with it from the first node. An infeasible start is simply ignored by HiGHS.
        wanted = set(start.items())
        sol = highspy.HighsSolution()
        sol.col_value = [1.0 if (inst.projects[pi].id, s) in wanted else 0.0 for pi, s in m.cols]
        sol.value_valid = True
        h.setSolution(sol)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    has_solution = info.primal_solution_status == 2 or status == highspy.HighsModelStatus.kOptimal
    if status == highspy.HighsModelStatus.kModelEmpty:
        return _result(inst, "optimal", {}, 0.0, time.perf_counter() - started, values)
    if status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        why = explain(inst, m, time_limit=min(time_limit, 30.0)) if explain_infeasible else []
        return _infeasible(inst, why, time.perf_counter() - started)
    if not has_solution:
        return Result(
            inst.name,
            "no_solution",
            None,
            info.mip_dual_bound,
            None,
            time.perf_counter() - started,
            (),
            _zero_spend(inst),
        )
    x = h.getSolution().col_value
    starts = {inst.projects[pi].id: s for col, (pi, s) in enumerate(m.cols) if x[col] > 0.5}
    label = "optimal" if status == highspy.HighsModelStatus.kOptimal else "feasible"
    return _result(inst, label, starts, info.mip_dual_bound, time.perf_counter() - started, values)


def _zero_spend(inst: Instance) -> dict[str, tuple[float, ...]]:
    return {f: tuple(0.0 for _ in inst.years) for f in inst.funding_sources}


def _infeasible(inst: Instance, why: list[Reason], seconds: float) -> Result:
    return Result(
        inst.name, "infeasible", None, None, None, seconds, (), _zero_spend(inst), tuple(why), inst.currency_unit
    )


def _result(
    inst: Instance,
    status: str,
    starts: dict[str, int],
    bound: float,
    seconds: float,
    values: Mapping[str, float] | None,
) -> Result:
    objective = objective_of(inst, starts, values)
    bound = max(bound, objective) if np.isfinite(bound) else objective
    gap = (bound - objective) / max(abs(objective), 1e-9)
    order = {p.id: i for i, p in enumerate(inst.projects)}
    selected = tuple(sorted(starts.items(), key=lambda kv: order[kv[0]]))
    return Result(inst.name, status, objective, bound, max(gap, 0.0), seconds, selected, spend_of(inst, starts))
