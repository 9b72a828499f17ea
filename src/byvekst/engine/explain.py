"""Why no portfolio fits, in a planner's words.

Two steps. First, structural conflicts that need no arithmetic (a mandatory project whose start window lies
outside the horizon, one that requires an excluded project, two mandatory alternatives). Then an *elastic
relaxation*: every frame-type row (budgets, beyond-horizon, balance, allocations, capacity) gets a slack
column, and the relaxed model minimises the total slack relative to each frame's size. The rows that must be
stretched are the conflicting frames; their activity in the relaxed solution is what the forced projects need.
"""

from __future__ import annotations

from collections import defaultdict

from byvekst.engine.format import Instance
from byvekst.engine.milp import Model, spend_of, to_highs
from byvekst.engine.reasons import Reason

TOL = 1e-6


def structural(inst: Instance) -> list[Reason]:
    out: list[Reason] = []
    by_id = {p.id: p for p in inst.projects}
    mandatory = [p for p in inst.projects if p.status == "mandatory"]
    horizon = {"first": inst.years[0], "last": inst.years[-1]}
    for p in mandatory:
        if not inst.starts(p):
            out.append(
                Reason(
                    "conflict.window",
                    {"project": p.id, "earliest": p.earliest_start, "latest": p.latest_start, **horizon},
                )
            )
        for r in p.requires:
            q = by_id[r]
            if q.status == "excluded":
                out.append(Reason("conflict.requires_excluded", {"project": p.id, "required": q.id}))
            elif inst.starts(p) and inst.starts(q) and min(inst.starts(q)) > max(inst.starts(p)):
                out.append(
                    Reason(
                        "conflict.requires_late",
                        {
                            "project": p.id,
                            "required": q.id,
                            "required_earliest": min(inst.starts(q)),
                            "latest": max(inst.starts(p)),
                        },
                    )
                )
            elif not inst.starts(q):
                out.append(Reason("conflict.requires_outside", {"project": p.id, "required": q.id}))
    groups: dict[str, list[str]] = defaultdict(list)
    for p in mandatory:
        if p.exclusive_group is not None:
            groups[p.exclusive_group].append(p.id)
    for g, ids in groups.items():
        if len(ids) > 1:
            out.append(Reason("conflict.alternatives", {"projects": ids, "group": g}))
    return out


def explain(inst: Instance, m: Model, *, time_limit: float = 30.0) -> list[Reason]:
    h, slacks = to_highs(m, elastic=True)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 1e-6)
    h.run()
    if h.getInfo().primal_solution_status != 2:
        return [Reason("conflict.contradiction")]
    x = h.getSolution().col_value
    ncols = len(m.cols)
    forced_starts = {inst.projects[pi].id: s for c, (pi, s) in enumerate(m.cols) if x[c] > 0.5}
    forced = _forced(inst, m)
    reasons: list[Reason] = []
    short_sources: set[str] = set()
    for k, (r, sign) in enumerate(slacks):
        stretch = x[ncols + k]
        if stretch <= TOL * max(1.0, abs(m.row_hi[r] if sign < 0 else m.row_lo[r])):
            continue
        if m.info[r].kind == "budget":
            short_sources.add(str(m.info[r].key[0]))
        else:
            reasons.append(_describe(inst, m, r, sign, stretch))
    reasons = _budget_reasons(inst, forced_starts, short_sources) + reasons
    if reasons:
        reasons.append(Reason("conflict.forced", {"projects": forced}))
    return reasons or [Reason("conflict.unnamed")]


def _forced(inst: Instance, m: Model) -> list[str]:
    """Mandatory or fixed projects (their selection row says "= 1") and everything they require, transitively."""
    todo = [str(info.key[0]) for r, info in enumerate(m.info) if info.kind == "select" and m.row_lo[r] >= 1]
    seen: set[str] = set()
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            todo.extend(inst.project(pid).requires)
    order = {p.id: i for i, p in enumerate(inst.projects)}
    return sorted(seen, key=order.__getitem__)


def _budget_reasons(inst: Instance, starts: dict[str, int], sources: set[str]) -> list[Reason]:
    """Frames the forced projects overrun, computed from their spend (cumulative with carry-over)."""
    spend = spend_of(inst, starts)
    out = []
    for f in inst.funding_sources:
        if f not in sources:
            continue
        need_acc = frame_acc = 0.0
        for t, year in enumerate(inst.years):
            need, frame = spend[f][t], inst.budget[f][t]
            need_acc, frame_acc = need_acc + need, frame_acc + frame
            used, limit = (need_acc, frame_acc) if inst.carry_over else (need, frame)
            if used > limit + TOL:
                out.append(
                    Reason(
                        "conflict.budget",
                        {
                            "source": f,
                            "from": inst.years[0],
                            "year": year,
                            "cumulative": inst.carry_over,
                            "need": used,
                            "frame": limit,
                            "short": used - limit,
                        },
                    )
                )
                if inst.carry_over:
                    break
    return out


def _describe(inst: Instance, m: Model, r: int, sign: int, stretch: float) -> Reason:
    info = m.info[r]
    bound = m.row_hi[r] if sign < 0 else m.row_lo[r]
    need = bound + stretch if sign < 0 else bound - stretch
    if info.kind == "beyond":
        return Reason("conflict.beyond", {"need": need, "limit": bound, "over": stretch, "last": inst.years[-1]})
    if info.kind == "source_total":
        return Reason("conflict.source_total", {"source": info.key[0], "need": need, "limit": bound, "over": stretch})
    if info.kind == "year_total":
        return Reason(
            "conflict.year_total",
            {"year": info.key[0], "cumulative": inst.carry_over, "need": need, "limit": bound, "over": stretch},
        )
    if info.kind in ("balance_min", "balance_max"):
        b = inst.balance[info.key[0]]
        if info.kind == "balance_min":
            return Reason(
                "conflict.balance_min",
                {"dimension": b.dimension, "value": b.value, "share": b.min_share, "short": stretch},
            )
        return Reason(
            "conflict.balance_max", {"dimension": b.dimension, "value": b.value, "share": b.max_share, "over": stretch}
        )
    if info.kind == "allocation":
        a = inst.allocations[info.key[0]]
        where = {
            "dimension": a.dimension,
            "value": a.value,
            "limit": bound,
            "need": need,
            **({"source": a.source} if a.source else {}),
        }
        if sign < 0:
            return Reason("conflict.allocation_max", {**where, "over": stretch})
        return Reason("conflict.allocation_min", {**where, "short": stretch})
    if info.kind == "capacity":
        c = inst.capacity[info.key[0]]
        return Reason(
            "conflict.capacity", {"owner": c.owner, "year": c.year, "limit": bound, "need": need, "over": stretch}
        )
    return Reason("conflict.unnamed", {"kind": info.kind})
