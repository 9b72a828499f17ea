"""The spreadsheet method, as a baseline: rank by value per krone and take each project at its earliest start
while the frames allow.

Mandatory projects go first (at their earliest start that fits, else their earliest start regardless, as a
committed project would). Then candidates in order of ``value / total cost`` (the cost basis of the instance):
each takes the earliest start at which budgets (with the instance's carry-over rule), the beyond-horizon limit,
capacity and allocation maxima still hold, its required projects are already in and started no later, and no
alternative of its group is in. Balance rules and allocation minima are not considered by a ranking; the
result says so when they are broken.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping

from byvekst.engine.format import Allocation, Instance, Project, Result
from byvekst.engine.milp import objective_of, spend_of, year_costs
from byvekst.engine.reasons import Reason


class _Ledger:
    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.spend = {f: [0.0] * len(inst.years) for f in inst.funding_sources}
        self.beyond = 0.0
        self.owner_year: dict[tuple[str, int], float] = defaultdict(float)
        self.alloc = [0.0] * len(inst.allocations)
        self.pos = {y: i for i, y in enumerate(inst.years)}

    def _effects(self, p: Project, s: int) -> tuple[dict[int, float], float]:
        return year_costs(self.inst, p, s)

    def fits(self, p: Project, s: int) -> bool:
        inst = self.inst
        inside, beyond = self._effects(p, s)
        for f, budget in inst.budget.items():
            row = list(self.spend[f])
            for year, c in inside.items():
                row[self.pos[year]] += p.funding.get(f, 0.0) * c
            if inst.carry_over:
                acc_s = acc_b = 0.0
                for t in range(len(row)):
                    acc_s += row[t]
                    acc_b += budget[t]
                    if acc_s > acc_b + 1e-9:
                        return False
            elif any(row[t] > budget[t] + 1e-9 for t in range(len(row))):
                return False
        if inst.budget_totals or inst.yearly_totals is not None:
            trial = {f: list(row) for f, row in self.spend.items()}
            for f in trial:
                for year, c in inside.items():
                    trial[f][self.pos[year]] += p.funding.get(f, 0.0) * c
            if inst.totals_broken(trial):
                return False
        if inst.beyond_horizon_budget is not None and self.beyond + beyond > inst.beyond_horizon_budget + 1e-9:
            return False
        for cap in inst.capacity:
            if cap.owner == p.owner and self.owner_year[(p.owner, cap.year)] + inside.get(cap.year, 0.0) > (
                cap.max_spend + 1e-9
            ):
                return False
        for i, a in enumerate(inst.allocations):
            if (
                a.max_total is not None
                and p.dimension(a.dimension) == a.value
                and self.alloc[i] + earmarked(a, p, inside) > (a.max_total + 1e-9)
            ):
                return False
        return True

    def take(self, p: Project, s: int) -> None:
        inside, beyond = self._effects(p, s)
        for year, c in inside.items():
            for f, share in p.funding.items():
                self.spend[f][self.pos[year]] += share * c
            self.owner_year[(p.owner, year)] += c
        self.beyond += beyond
        for i, a in enumerate(self.inst.allocations):
            if p.dimension(a.dimension) == a.value:
                self.alloc[i] += earmarked(a, p, inside)


def earmarked(a: Allocation, p: Project, inside: Mapping[int, float]) -> float:
    """What a project counts against an earmark: its cost in the period, or its part from the earmark's source."""
    return sum(inside.values()) * (1.0 if a.source is None else p.funding.get(a.source, 0.0))


def ranking(inst: Instance) -> Result:
    started = time.perf_counter()
    ledger = _Ledger(inst)
    starts: dict[str, int] = {}
    groups: set[str] = set()

    def try_take(p: Project, force: bool) -> None:
        if p.exclusive_group is not None and p.exclusive_group in groups:
            return
        for s in inst.starts(p):
            if all(r in starts and starts[r] <= s for r in p.requires) and ledger.fits(p, s):
                break
        else:
            if not (force and inst.starts(p)):
                return
            s = inst.starts(p)[0]
        ledger.take(p, s)
        starts[p.id] = s
        if p.exclusive_group is not None:
            groups.add(p.exclusive_group)

    for p in sorted((p for p in inst.projects if p.status == "mandatory"), key=lambda p: p.earliest_start):
        try_take(p, force=True)

    def ratio(p: Project) -> float:
        cost = sum(p.profile(inst.cost_basis))
        return p.value / cost if cost > 0 else float("inf")

    for p in sorted((p for p in inst.projects if p.status == "candidate"), key=ratio, reverse=True):
        try_take(p, force=False)
    broken = _broken_rules(inst, starts)
    objective = objective_of(inst, starts)
    order = {p.id: i for i, p in enumerate(inst.projects)}
    return Result(
        inst.name,
        "infeasible" if broken else "feasible",
        objective,
        None,
        None,
        time.perf_counter() - started,
        tuple(sorted(starts.items(), key=lambda kv: order[kv[0]])),
        spend_of(inst, starts),
        tuple(broken),
        inst.currency_unit,
    )


def _broken_rules(inst: Instance, starts: dict[str, int]) -> list[Reason]:
    """Rules the ranking does not look at, checked afterwards: balance, allocation minima, committed overruns."""
    inside = {pid: sum(year_costs(inst, inst.project(pid), s)[0].values()) for pid, s in starts.items()}
    total = sum(inside.values())
    out = []
    for b in inst.balance:
        part = sum(c for pid, c in inside.items() if inst.project(pid).dimension(b.dimension) == b.value)
        share = part / total if total else 0.0
        where = {"dimension": b.dimension, "value": b.value, "share": share}
        if b.min_share is not None and share < b.min_share - 1e-9:
            out.append(Reason("ranking.balance_min", {**where, "limit": b.min_share}))
        if b.max_share is not None and share > b.max_share + 1e-9:
            out.append(Reason("ranking.balance_max", {**where, "limit": b.max_share}))
    for a in inst.allocations:
        part = sum(
            c * (1.0 if a.source is None else inst.project(pid).funding.get(a.source, 0.0))
            for pid, c in inside.items()
            if inst.project(pid).dimension(a.dimension) == a.value
        )
        if a.min_total is not None and part < a.min_total - 1e-9:
            out.append(
                Reason(
                    "ranking.allocation_min",
                    {"dimension": a.dimension, "value": a.value, "spent": part, "limit": a.min_total},
                )
            )
    ledger_ok = _Ledger(inst)
    for pid, s in starts.items():
        ledger_ok.take(inst.project(pid), s)
    for f, row in ledger_ok.spend.items():
        frames = inst.budget[f]
        for t in range(len(row)):
            used = sum(row[: t + 1]) if inst.carry_over else row[t]
            frame = sum(frames[: t + 1]) if inst.carry_over else frames[t]
            if used > frame + 1e-6:
                out.append(Reason("ranking.committed", {"source": f, "year": inst.years[t]}))
                break
    return out
