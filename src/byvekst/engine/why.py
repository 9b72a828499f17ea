"""Why each project is in or out of a portfolio, as :class:`~byvekst.engine.reasons.Reason` data.

For a selected project: mandatory, required by a selected project, or chosen for its value. For a project left
out, the first reason that holds, in this order: excluded by the rules; its start window lies outside the
horizon; an alternative of its group was chosen; it depends on a project that is out; otherwise the limits it
would break if it were added at its best start *with the rest of the programme as chosen*.

The limits are read from the model itself (:func:`byvekst.engine.milp.build`): every frame-type row (budgets per
source and year, totals per source over the period and per year over all sources, the beyond-horizon limit,
capacity, allocations, balance) is evaluated with the chosen
portfolio plus the project, and every row it would violate is named with the amount it is short by. A budget
with carry-over is one limit per source: the first year it breaks, by the most it is short in any later year
(adding that amount to that year's frame clears every cumulative row after it). The best start is the one that
breaks the fewest limits, then by the least in proportion to their size. Relaxing exactly the named limits by
the named amounts makes room for the project with everything else kept — which the tests check with a solve.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from byvekst.engine.format import Instance, Project, Result
from byvekst.engine.milp import INF, Model, build, year_costs
from byvekst.engine.reasons import Reason

TOL = 1e-6


class _Rows:
    """The model's frame-type rows with their activity at the chosen portfolio, and each column's entries."""

    def __init__(self, inst: Instance, m: Model, starts: Mapping[str, int]) -> None:
        self.inst, self.m = inst, m
        index = {p.id: i for i, p in enumerate(inst.projects)}
        self.col = {pair: c for c, pair in enumerate(m.cols)}
        chosen = {self.col[(index[pid], s)] for pid, s in starts.items() if (index[pid], s) in self.col}
        self.entries: dict[int, list[tuple[int, float]]] = defaultdict(list)
        self.activity = [0.0] * len(m.rows)
        for r, coefs in enumerate(m.rows):
            if not m.info[r].elastic:
                continue
            for c, v in coefs.items():
                self.entries[c].append((r, v))
                if c in chosen:
                    self.activity[r] += v
        self.horizon = {pid: sum(year_costs(inst, inst.project(pid), s)[0].values()) for pid, s in starts.items()}

    def breaks(self, p: Project, pi: int, s: int) -> tuple[list[dict[str, Any]], float]:
        """The limits p would break started in s, and their total shortfall in proportion to each limit."""
        c = self.col.get((pi, s))
        if c is None:
            return [], 0.0
        found: list[dict[str, Any]] = []
        budget: dict[str, dict[str, Any]] = {}
        size = 0.0
        for r, v in self.entries.get(c, []):
            after, lo, hi = self.activity[r] + v, self.m.row_lo[r], self.m.row_hi[r]
            if hi < INF and after > hi + TOL * max(1.0, abs(hi)):
                short, bound, side = after - hi, hi, "max"
            elif lo > -INF and after < lo - TOL * max(1.0, abs(lo)):
                short, bound, side = lo - after, lo, "min"
            else:
                continue
            size += short / max(abs(bound), 1.0)
            info = self.m.info[r]
            if info.kind in ("budget", "year_total"):
                source, year = info.key if info.kind == "budget" else ("*", info.key[0])
                seen = budget.get(source)
                if seen is not None:  # carry-over: one limit per source, raised in its first failing year
                    seen["short"] = max(seen["short"], short)
                    continue
                item: dict[str, Any] = {"kind": info.kind, "year": year, "cumulative": self.inst.carry_over}
                found.append({**item, **({"source": source} if info.kind == "budget" else {}), "short": short})
                if self.inst.carry_over:
                    budget[source] = found[-1]
            else:
                found.append({**self._describe(info.kind, info.key, p, s, side), "short": short})
        return found, size

    def _describe(self, kind: str, key: tuple[Any, ...], p: Project, s: int, side: str) -> dict[str, Any]:
        inst = self.inst
        if kind == "source_total":
            return {"kind": "source_total", "source": key[0]}
        if kind == "capacity":
            cap = inst.capacity[key[0]]
            return {"kind": "capacity", "owner": cap.owner, "year": cap.year}
        if kind == "allocation":
            a = inst.allocations[key[0]]
            return {
                "kind": "allocation",
                "dimension": a.dimension,
                "value": a.value,
                "bound": side,
                **({"source": a.source} if a.source else {}),
            }
        if kind in ("balance_min", "balance_max"):
            b = inst.balance[key[0]]
            mine = sum(year_costs(inst, p, s)[0].values())
            total = sum(self.horizon.values()) + mine
            part = sum(h for pid, h in self.horizon.items() if inst.project(pid).dimension(b.dimension) == b.value)
            part += mine if p.dimension(b.dimension) == b.value else 0.0
            minimum = kind == "balance_min"
            return {
                "kind": "balance",
                "dimension": b.dimension,
                "value": b.value,
                "bound": "min" if minimum else "max",
                "share": part / total if total else 0.0,
                "limit": b.min_share if minimum else b.max_share,
            }
        return {"kind": kind}


def explain_selection(
    inst: Instance,
    result: Result,
    values: Mapping[str, float] | None = None,
    fixed: Mapping[str, int | None] | None = None,
) -> dict[str, Reason]:
    """Why each project is in or out; ``fixed`` as given to ``optimise`` (a person forced it in or out)."""
    starts, fixed = result.starts, fixed or {}
    rows = _Rows(inst, build(inst, values=values), starts)
    chosen_groups = {inst.project(pid).exclusive_group: pid for pid in starts if inst.project(pid).exclusive_group}
    required_by: dict[str, list[str]] = {}
    for pid in starts:
        for r in inst.project(pid).requires:
            required_by.setdefault(r, []).append(pid)
    proven = result.status == "optimal" and (result.gap or 0.0) <= 1e-6
    out: dict[str, Reason] = {}
    for pi, p in enumerate(inst.projects):
        value = values[p.id] if values is not None and p.id in values else p.value
        cost = sum(p.profile(inst.cost_basis))
        per_unit = value / cost if cost else 0.0
        if p.id in starts:
            start = starts[p.id]
            if fixed.get(p.id) is not None:
                out[p.id] = Reason("in.fixed", {"start": start})
            elif p.status == "mandatory":
                out[p.id] = Reason("in.mandatory", {"start": start})
            elif p.id in required_by:
                out[p.id] = Reason("in.required", {"start": start, "by": required_by[p.id]})
            else:
                out[p.id] = Reason("in.value", {"start": start, "value": value, "cost": cost, "per_unit": per_unit})
            continue
        if p.id in fixed:
            out[p.id] = Reason("out.fixed")
        elif p.status == "excluded":
            out[p.id] = Reason("out.excluded")
        elif not inst.starts(p):
            out[p.id] = Reason(
                "out.window",
                {
                    "earliest": p.earliest_start,
                    "latest": p.latest_start,
                    "first": inst.years[0],
                    "last": inst.years[-1],
                },
            )
        elif p.exclusive_group and p.exclusive_group in chosen_groups:
            out[p.id] = Reason("out.alternative", {"chosen": chosen_groups[p.exclusive_group]})
        elif any(r not in starts for r in p.requires):
            out[p.id] = Reason("out.depends", {"missing": [r for r in p.requires if r not in starts]})
        else:
            options = [(s, *rows.breaks(p, pi, s)) for s in inst.starts(p)]
            if any(not breaks for _s, breaks, _size in options):
                out[p.id] = Reason("out.fits", {"value": value, "per_unit": per_unit, "proven": proven})
                continue
            start, breaks, _size = min(options, key=lambda o: (len(o[1]), o[2], o[0]))
            out[p.id] = Reason("out.breaks", {"start": start, "breaks": breaks, "value": value, "per_unit": per_unit})
    return out
