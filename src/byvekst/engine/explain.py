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

TOL = 1e-6


def _fmt(x: float) -> str:
    return f"{x:,.1f}".replace(",", " ")


def structural(inst: Instance) -> list[str]:
    out: list[str] = []
    by_id = {p.id: p for p in inst.projects}
    mandatory = [p for p in inst.projects if p.status == "mandatory"]
    for p in mandatory:
        if not inst.starts(p):
            out.append(
                f"{p.id} must be in, but its start window {p.earliest_start}–{p.latest_start} lies outside the "
                f"programme years {inst.years[0]}–{inst.years[-1]}."
            )
        for r in p.requires:
            q = by_id[r]
            if q.status == "excluded":
                out.append(f"{p.id} must be in and requires {q.id}, which is excluded.")
            elif inst.starts(p) and inst.starts(q) and min(inst.starts(q)) > max(inst.starts(p)):
                out.append(
                    f"{p.id} must be in and requires {q.id} to start no later, but {q.id} cannot start before "
                    f"{min(inst.starts(q))} and {p.id} must start by {max(inst.starts(p))}."
                )
            elif not inst.starts(q):
                out.append(f"{p.id} must be in and requires {q.id}, whose start window lies outside the horizon.")
    groups: dict[str, list[str]] = defaultdict(list)
    for p in mandatory:
        if p.exclusive_group is not None:
            groups[p.exclusive_group].append(p.id)
    for g, ids in groups.items():
        if len(ids) > 1:
            out.append(
                f"{' and '.join(ids)} must all be in, but they are alternatives (group {g}): at most one can be chosen."
            )
    return out


def explain(inst: Instance, m: Model, *, time_limit: float = 30.0) -> list[str]:
    h, slacks = to_highs(m, elastic=True)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 1e-6)
    h.run()
    if h.getInfo().primal_solution_status != 2:
        return [
            "The rules on mandatory projects, dependencies and alternatives contradict each other, even with "
            "unlimited frames. Check which projects are mandatory and what they require."
        ]
    x = h.getSolution().col_value
    ncols = len(m.cols)
    forced_starts = {inst.projects[pi].id: s for c, (pi, s) in enumerate(m.cols) if x[c] > 0.5}
    forced = _forced(inst, m)
    lines: list[str] = []
    short_sources: set[str] = set()
    for k, (r, sign) in enumerate(slacks):
        stretch = x[ncols + k]
        if stretch <= TOL * max(1.0, abs(m.row_hi[r] if sign < 0 else m.row_lo[r])):
            continue
        if m.info[r].kind == "budget":
            short_sources.add(str(m.info[r].key[0]))
        else:
            lines.append(_describe(inst, m, r, sign, stretch))
    lines = _budget_lines(inst, forced_starts, short_sources) + lines
    if lines:
        who = ", ".join(forced) if forced else "none"
        lines.append(f"Projects that must be in (mandatory or fixed, and what they require): {who}.")
    return lines or ["No portfolio satisfies the constraints, but no single frame could be named."]


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


def _budget_lines(inst: Instance, starts: dict[str, int], sources: set[str]) -> list[str]:
    """Frames the forced projects overrun, computed from their spend (cumulative with carry-over)."""
    unit = inst.currency_unit
    spend = spend_of(inst, starts)
    out = []
    for f in inst.funding_sources:
        if f not in sources:
            continue
        need_acc = frame_acc = 0.0
        for t, year in enumerate(inst.years):
            need, frame = spend[f][t], inst.budget[f][t]
            need_acc, frame_acc = need_acc + need, frame_acc + frame
            if inst.carry_over and need_acc > frame_acc + TOL:
                out.append(
                    f"The projects that must be in need {_fmt(need_acc)} {unit} of {f} from {inst.years[0]} "
                    f"up to and including {year}; the frames for those years sum to {_fmt(frame_acc)} "
                    f"(short by {_fmt(need_acc - frame_acc)})."
                )
                break
            if not inst.carry_over and need > frame + TOL:
                out.append(
                    f"The projects that must be in need {_fmt(need)} {unit} of {f} in {year}; the frame is "
                    f"{_fmt(frame)} (short by {_fmt(need - frame)})."
                )
    return out


def _describe(inst: Instance, m: Model, r: int, sign: int, stretch: float) -> str:
    info = m.info[r]
    unit = inst.currency_unit
    bound = m.row_hi[r] if sign < 0 else m.row_lo[r]
    need = bound + stretch if sign < 0 else bound - stretch
    if info.kind == "beyond":
        return (
            f"The projects that must be in commit {_fmt(need)} {unit} after {inst.years[-1]}; the limit for "
            f"commitments beyond the horizon is {_fmt(bound)} (over by {_fmt(stretch)})."
        )
    if info.kind in ("balance_min", "balance_max"):
        b = inst.balance[info.key[0]]
        dim = b.dimension.replace("_", " ")
        if info.kind == "balance_min":
            return (
                f"The {dim} {b.value} must take at least {b.min_share:.0%} of the selected cost, but the "
                f"projects that fit give it {_fmt(stretch)} {unit} too little."
            )
        return (
            f"The {dim} {b.value} may take at most {b.max_share:.0%} of the selected cost, but the projects "
            f"that must be in give it {_fmt(stretch)} {unit} too much."
        )
    if info.kind == "allocation":
        a = inst.allocations[info.key[0]]
        dim = a.dimension.replace("_", " ")
        if sign < 0:
            return (
                f"The frame for {dim} {a.value} is at most {_fmt(bound)} {unit} over the period, but its "
                f"projects that must be in need {_fmt(need)} (over by {_fmt(stretch)})."
            )
        return (
            f"The frame for {dim} {a.value} must use at least {_fmt(bound)} {unit} over the period, but its "
            f"projects can use only {_fmt(need)} (short by {_fmt(stretch)})."
        )
    if info.kind == "capacity":
        c = inst.capacity[info.key[0]]
        return (
            f"{c.owner} can carry at most {_fmt(bound)} {unit} of work in {c.year}, but its projects that "
            f"must be in need {_fmt(need)} that year (over by {_fmt(stretch)})."
        )
    return f"Constraint {info.kind} {info.key} cannot be met."
