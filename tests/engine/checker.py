"""An independent checker: recomputes every constraint and the objective of a result from the raw JSON,
without using the engine's code, so that a modelling error in the engine cannot hide itself."""

from __future__ import annotations

import math
from typing import Any

TOL = 1e-6


def check(doc: dict[str, Any], result: dict[str, Any]) -> float:
    """Raise AssertionError on any violated rule; return the recomputed objective."""
    years = doc["years"]
    y0, last = years[0], years[-1]
    basis = doc.get("cost_basis", "p50")
    projects = {p["id"]: p for p in doc["projects"]}
    chosen = {s["id"]: s["start"] for s in result["selected"]}
    assert len(chosen) == len(result["selected"]), "a project is selected twice"

    def profile(p: dict[str, Any]) -> list[float]:
        return p["cost_p85_profile"] if basis == "p85" else p["cost_profile"]

    spend = {f: [0.0] * len(years) for f in doc["funding_sources"]}
    beyond = 0.0
    in_horizon: dict[str, float] = {}
    owner_year: dict[tuple[str, int], float] = {}
    objective = 0.0
    for pid, s in chosen.items():
        p = projects[pid]
        assert p.get("status", "candidate") != "excluded", f"{pid} is excluded but selected"
        assert p["earliest_start"] <= s <= p["latest_start"] and s in years, f"{pid} starts outside its window"
        objective += p["value"] * (1 + doc.get("discount_rate", 0)) ** -(s - y0)
        for k, c in enumerate(profile(p)):
            year = s + k
            if year > last:
                beyond += c
                continue
            in_horizon[pid] = in_horizon.get(pid, 0.0) + c
            owner_year[(p["owner"], year)] = owner_year.get((p["owner"], year), 0.0) + c
            for f, share in p["funding"].items():
                spend[f][years.index(year)] += share * c
        for r in p.get("requires", []):
            assert r in chosen, f"{pid} requires {r}, which is not selected"
            assert chosen[r] <= s, f"{pid} starts before {r}, which it requires"
    for pid, p in projects.items():
        if p.get("status") == "mandatory":
            assert pid in chosen, f"mandatory {pid} is not selected"
    groups: dict[str, int] = {}
    for pid in chosen:
        g = projects[pid].get("exclusive_group")
        if g is not None:
            groups[g] = groups.get(g, 0) + 1
            assert groups[g] <= 1, f"two alternatives of group {g} are selected"
    for f, row in spend.items():
        budget = [math.inf if b is None else b for b in doc["budget"][f]]
        if f in doc.get("budget_totals", {}):
            assert sum(row) <= doc["budget_totals"][f] + TOL * max(1, sum(row)), (f, "total", sum(row))
        for t in range(len(years)):
            if doc.get("carry_over", False):
                assert sum(row[: t + 1]) <= sum(budget[: t + 1]) + TOL * max(1, sum(budget[: t + 1])), (f, t)
            else:
                assert row[t] <= budget[t] + TOL * max(1, budget[t]), (f, years[t], row[t], budget[t])
        reported = result["spend"][f]
        assert all(abs(a - b) <= 1e-4 * max(1, abs(a)) for a, b in zip(reported, row, strict=True)), (f, reported, row)
    if doc.get("yearly_totals") is not None:
        limits = [math.inf if b is None else b for b in doc["yearly_totals"]]
        for t in range(len(years)):
            used = [sum(row[k] for row in spend.values()) for k in range(len(years))]
            if doc.get("carry_over", False):
                assert sum(used[: t + 1]) <= sum(limits[: t + 1]) + TOL * max(1, sum(used[: t + 1])), ("year", t)
            else:
                assert used[t] <= limits[t] + TOL * max(1, used[t]), ("year", years[t], used[t], limits[t])
    if doc.get("beyond_horizon_budget") is not None:
        assert beyond <= doc["beyond_horizon_budget"] + TOL * max(1, beyond)
    total = sum(in_horizon.values())
    for b in doc.get("balance", []):
        part = sum(c for pid, c in in_horizon.items() if projects[pid][b["dimension"]] == b["value"])
        if b.get("min_share") is not None:
            assert part >= b["min_share"] * total - 1e-6 * max(1, total), b
        if b.get("max_share") is not None:
            assert part <= b["max_share"] * total + 1e-6 * max(1, total), b
    for a in doc.get("allocations", []):
        part = sum(c for pid, c in in_horizon.items() if projects[pid][a["dimension"]] == a["value"])
        if a.get("min_total") is not None:
            assert part >= a["min_total"] - 1e-6 * max(1, part), a
        if a.get("max_total") is not None:
            assert part <= a["max_total"] + 1e-6 * max(1, part), a
    for c in doc.get("capacity", []):
        assert owner_year.get((c["owner"], c["year"]), 0.0) <= c["max_spend"] + 1e-6 * max(1, c["max_spend"]), c
    assert abs(objective - result["objective"]) <= 1e-6 * max(1, abs(objective)), (objective, result["objective"])
    return objective
