"""Explanations as data. The engine says *what* holds — a code and its numbers, ids and codes — and the reader's
language is chosen where it is shown: English here (result files, the command line), bokmål and English in the
portal from the same codes (``byvekst.portfolio.explanations``).

Codes and their parameters (amounts in the instance's currency unit, shares as fractions):

=================== =========================================================================================
``in.fixed``        start: a person forced it in
``in.mandatory``    start
``in.required``     start, by (ids of the selected projects that require it)
``in.value``        start, value, cost, per_unit
``out.fixed``       –: a person forced it out
``out.excluded``    –
``out.window``      earliest, latest, first, last
``out.alternative`` chosen
``out.depends``     missing (ids)
``out.breaks``      start, value, per_unit, breaks (see below): at its best start it would break these limits,
                    all of them, by these amounts, with the rest of the programme as chosen
``out.fits``        value, per_unit: it fits, but the solution is not proven optimal
``conflict.*``      why no portfolio satisfies the rules (``window``, ``requires_excluded``, ``requires_late``,
                    ``requires_outside``, ``alternatives``, ``contradiction``, ``budget``, ``beyond``,
                    ``balance_min``, ``balance_max``, ``allocation_max``, ``allocation_min``, ``capacity``,
                    ``forced``, ``unnamed``, ``chance``)
``ranking.*``       rules the ranking baseline breaks (``balance_min``, ``balance_max``, ``allocation_min``,
                    ``committed``)
``text``            text: a sentence read back from an older result file
=================== =========================================================================================

A *break* is ``{"kind": ..., "short": amount, ...}`` with kind ``budget`` (source, year, cumulative),
``beyond``, ``capacity`` (owner, year), ``allocation`` (dimension, value, bound: "max" or "min") or
``balance`` (dimension, value, bound, share: the share after adding the project, limit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reason:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, **self.params}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Reason:
        return cls(str(d["code"]), {k: v for k, v in d.items() if k != "code"})

    def english(self, unit: str = "MNOK") -> str:
        render = ENGLISH.get(self.code)
        return render(self.params, unit) if render else self.code


def fmt(x: float) -> str:
    return f"{x:,.1f}".replace(",", " ")


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _break(b: Mapping[str, Any], unit: str) -> str:
    short = f"{fmt(b['short'])} {unit}"
    kind = b["kind"]
    if kind == "budget":
        when = "up to and including" if b.get("cumulative") else "in"
        return f"the {b['source']} frame {when} {b['year']} (short by {short})"
    if kind == "source_total":
        return f"the {b['source']} total for the period (short by {short})"
    if kind == "year_total":
        when = "up to and including" if b.get("cumulative") else "in"
        return f"the total over all sources {when} {b['year']} (short by {short})"
    if kind == "beyond":
        return f"the limit for commitments after the programme years (over by {short})"
    if kind == "capacity":
        return f"the capacity of {b['owner']} in {b['year']} (over by {short})"
    if kind == "allocation":
        side = "frame" if b["bound"] == "max" else "minimum"
        source = f" from {b['source']}" if b.get("source") else ""
        return f"the {side} for {b['dimension'].replace('_', ' ')} {b['value']}{source} (by {short})"
    if kind == "balance":
        side = "at most" if b["bound"] == "max" else "at least"
        return (
            f"the rule that {b['dimension'].replace('_', ' ')} {b['value']} takes {side} {_pct(b['limit'])} of the "
            f"cost (it would be {_pct(b['share'])})"
        )
    return str(kind)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


P = Mapping[str, Any]
ENGLISH: dict[str, Callable[[P, str], str]] = {
    "in.fixed": lambda p, u: f"In: forced in by a manual adjustment; starts {p['start']}.",
    "in.mandatory": lambda p, u: f"In: mandatory (ongoing or committed); starts {p['start']}.",
    "in.required": lambda p, u: f"In: required by {', '.join(p['by'])}; starts {p['start']}.",
    "in.value": lambda p, u: (
        f"In: value {fmt(p['value'])} for {fmt(p['cost'])} {u} ({p['per_unit']:.2f} per {u}); starts {p['start']}."
    ),
    "out.fixed": lambda p, u: "Out: forced out by a manual adjustment.",
    "out.excluded": lambda p, u: "Out: excluded by the scenario's rules.",
    "out.window": lambda p, u: (
        f"Out: its start window {p['earliest']}–{p['latest']} lies outside the programme years "
        f"{p['first']}–{p['last']}."
    ),
    "out.alternative": lambda p, u: f"Out: the alternative {p['chosen']} was chosen instead.",
    "out.depends": lambda p, u: f"Out: it depends on {', '.join(p['missing'])}, which is out.",
    "out.breaks": lambda p, u: (
        f"Out: with the rest of the programme as chosen, starting it in {p['start']} (its best start) would break "
        f"{_and([_break(b, u) for b in p['breaks']])}; the money went to projects with more value per {u} "
        f"(it has {p['per_unit']:.2f})."
    ),
    "out.fits": lambda p, u: (
        f"Out: it fits the limits, but the solution is not proven optimal; value {fmt(p['value'])} "
        f"({p['per_unit']:.2f} per {u})."
    ),
    "conflict.window": lambda p, u: (
        f"{p['project']} must be in, but its start window {p['earliest']}–{p['latest']} lies outside the "
        f"programme years {p['first']}–{p['last']}."
    ),
    "conflict.requires_excluded": lambda p, u: (
        f"{p['project']} must be in and requires {p['required']}, which is excluded."
    ),
    "conflict.requires_late": lambda p, u: (
        f"{p['project']} must be in and requires {p['required']} to start no later, but {p['required']} cannot "
        f"start before {p['required_earliest']} and {p['project']} must start by {p['latest']}."
    ),
    "conflict.requires_outside": lambda p, u: (
        f"{p['project']} must be in and requires {p['required']}, whose start window lies outside the horizon."
    ),
    "conflict.alternatives": lambda p, u: (
        f"{_and(list(p['projects']))} must all be in, but they are alternatives (group {p['group']}): at most one "
        "can be chosen."
    ),
    "conflict.contradiction": lambda p, u: (
        "The rules on mandatory projects, dependencies and alternatives contradict each other, even with "
        "unlimited frames. Check which projects are mandatory and what they require."
    ),
    "conflict.budget": lambda p, u: (
        f"The projects that must be in need {fmt(p['need'])} {u} of {p['source']} "
        + (f"from {p['from']} up to and including {p['year']}" if p["cumulative"] else f"in {p['year']}")
        + f"; the frame{'s for those years sum' if p['cumulative'] else ' is'} {fmt(p['frame'])} "
        f"(short by {fmt(p['short'])})."
    ),
    "conflict.source_total": lambda p, u: (
        f"The projects that must be in need {fmt(p['need'])} {u} of {p['source']} over the period; its total is "
        f"{fmt(p['limit'])} (over by {fmt(p['over'])})."
    ),
    "conflict.year_total": lambda p, u: (
        f"The projects that must be in need {fmt(p['need'])} {u} from all sources "
        + ("up to and including " if p["cumulative"] else "in ")
        + f"{p['year']}; the total is {fmt(p['limit'])} (over by {fmt(p['over'])})."
    ),
    "conflict.beyond": lambda p, u: (
        f"The projects that must be in commit {fmt(p['need'])} {u} after {p['last']}; the limit for commitments "
        f"beyond the horizon is {fmt(p['limit'])} (over by {fmt(p['over'])})."
    ),
    "conflict.balance_min": lambda p, u: (
        f"The {p['dimension'].replace('_', ' ')} {p['value']} must take at least {_pct(p['share'])} of the selected "
        f"cost, but the projects that fit give it {fmt(p['short'])} {u} too little."
    ),
    "conflict.balance_max": lambda p, u: (
        f"The {p['dimension'].replace('_', ' ')} {p['value']} may take at most {_pct(p['share'])} of the selected "
        f"cost, but the projects that must be in give it {fmt(p['over'])} {u} too much."
    ),
    "conflict.allocation_max": lambda p, u: (
        f"The frame for {p['dimension'].replace('_', ' ')} {p['value']} is at most {fmt(p['limit'])} {u} over the "
        f"period, but its projects that must be in need {fmt(p['need'])} (over by {fmt(p['over'])})."
    ),
    "conflict.allocation_min": lambda p, u: (
        f"The frame for {p['dimension'].replace('_', ' ')} {p['value']} must use at least {fmt(p['limit'])} {u} "
        f"over the period, but its projects can use only {fmt(p['need'])} (short by {fmt(p['short'])})."
    ),
    "conflict.capacity": lambda p, u: (
        f"{p['owner']} can carry at most {fmt(p['limit'])} {u} of work in {p['year']}, but its projects that must "
        f"be in need {fmt(p['need'])} that year (over by {fmt(p['over'])})."
    ),
    "conflict.forced": lambda p, u: (
        f"Projects that must be in (mandatory or fixed, and what they require): {', '.join(p['projects']) or 'none'}."
    ),
    "conflict.unnamed": lambda p, u: "No portfolio satisfies the constraints, but no single frame could be named.",
    "conflict.chance": lambda p, u: (
        f"Even the mandatory projects break the frames in more than {_pct(p['risk'])} of the cost scenarios."
    ),
    "ranking.balance_min": lambda p, u: (
        f"The ranking gives {p['dimension']} {p['value']} {_pct(p['share'])} of the cost; the rule asks at least "
        f"{_pct(p['limit'])}."
    ),
    "ranking.balance_max": lambda p, u: (
        f"The ranking gives {p['dimension']} {p['value']} {_pct(p['share'])} of the cost; the rule allows at most "
        f"{_pct(p['limit'])}."
    ),
    "ranking.allocation_min": lambda p, u: (
        f"The ranking spends {fmt(p['spent'])} on {p['dimension']} {p['value']}; its frame asks at least "
        f"{fmt(p['limit'])}."
    ),
    "ranking.committed": lambda p, u: f"The committed projects alone exceed the {p['source']} frame in {p['year']}.",
    "text": lambda p, u: str(p["text"]),
}
