"""Why each project is in or out of an optimal portfolio, in a planner's words.

For a selected project: mandatory, required by a selected project, or chosen for its value. For a project left
out, the first reason that holds, in this order: excluded by the rules; its start window lies outside the
horizon; an alternative of its group was chosen; it depends on a project that is out; adding it at any allowed
start would break a frame (named: source and year, or the beyond-horizon limit, a capacity or an allocation) —
the frame that is short by the least is named; adding it would break a balance rule; otherwise it fits but the
optimiser preferred other use of the money, i.e. too little value for its cost (value per MNOK given).
"""

from __future__ import annotations

from collections.abc import Mapping

from byvekst.engine.format import Instance, Project, Result
from byvekst.engine.milp import year_costs


def _fmt(x: float) -> str:
    return f"{x:,.1f}".replace(",", " ")


def _frame_break(inst: Instance, spend: dict[str, list[float]], p: Project, s: int) -> tuple[float, str] | None:
    """(shortfall, description) of the tightest frame the project breaks when started in s, or None if it fits."""
    inside, _beyond = year_costs(inst, p, s)
    pos = {y: i for i, y in enumerate(inst.years)}
    worst: tuple[float, str] | None = None

    def consider(short: float, text: str) -> None:
        nonlocal worst
        if short > 1e-6 and (worst is None or short < worst[0]):
            worst = (short, text)

    for f, budget in inst.budget.items():
        row = list(spend[f])
        for year, c in inside.items():
            row[pos[year]] += p.funding.get(f, 0.0) * c
        acc_s = acc_b = 0.0
        for t, year in enumerate(inst.years):
            acc_s, acc_b = acc_s + row[t], acc_b + budget[t]
            used, frame = (acc_s, acc_b) if inst.carry_over else (row[t], budget[t])
            if used > frame + 1e-6:
                consider(
                    used - frame,
                    f"the {f} frame {'up to ' if inst.carry_over else 'in '}{year} "
                    f"(short by {_fmt(used - frame)} {inst.currency_unit})",
                )
                break
    return worst


def explain_selection(inst: Instance, result: Result, values: Mapping[str, float] | None = None) -> dict[str, str]:
    starts = result.starts
    spend = {f: list(v) for f, v in result.spend.items()}
    chosen_groups = {inst.project(pid).exclusive_group: pid for pid in starts if inst.project(pid).exclusive_group}
    required_by: dict[str, list[str]] = {}
    for pid in starts:
        for r in inst.project(pid).requires:
            required_by.setdefault(r, []).append(pid)
    out: dict[str, str] = {}
    for p in inst.projects:
        value = values[p.id] if values is not None and p.id in values else p.value
        cost = sum(p.profile(inst.cost_basis))
        ratio = value / cost if cost else 0.0
        if p.id in starts:
            if p.status == "mandatory":
                out[p.id] = f"In: mandatory (ongoing or committed); starts {starts[p.id]}."
            elif p.id in required_by:
                out[p.id] = f"In: required by {', '.join(required_by[p.id])}; starts {starts[p.id]}."
            else:
                out[p.id] = (
                    f"In: value {_fmt(value)} for {_fmt(cost)} {inst.currency_unit} ({ratio:.2f} per "
                    f"{inst.currency_unit}); starts {starts[p.id]}."
                )
            continue
        if p.status == "excluded":
            out[p.id] = "Out: excluded by the scenario's rules."
        elif not inst.starts(p):
            out[p.id] = f"Out: its start window {p.earliest_start}–{p.latest_start} lies outside the programme years."
        elif p.exclusive_group and p.exclusive_group in chosen_groups:
            out[p.id] = f"Out: the alternative {chosen_groups[p.exclusive_group]} was chosen instead."
        elif any(r not in starts for r in p.requires):
            missing = [r for r in p.requires if r not in starts]
            out[p.id] = f"Out: it depends on {', '.join(missing)}, which is out."
        else:
            breaks = [_frame_break(inst, spend, p, s) for s in inst.starts(p)]
            found = [b for b in breaks if b is not None]
            if len(found) == len(breaks):
                tightest = min(found, key=lambda b: b[0])
                out[p.id] = f"Out: at any allowed start it would break {tightest[1]}."
            else:
                out[p.id] = (
                    f"Out: it fits the frames, but its value ({_fmt(value)}, {ratio:.2f} per "
                    f"{inst.currency_unit}) is too little for its cost against the projects chosen "
                    "(or a balance, capacity or allocation rule holds it back)."
                )
    return out
