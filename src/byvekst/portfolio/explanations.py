"""The engine's explanations (:mod:`byvekst.engine.reasons`) in the reader's language, with names instead of
codes: funding sources, areas and focus areas by their names, numbers in the reader's format."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from byvekst.governance.selectors import config_entries, current_config
from byvekst.projects.models import FUNDING_SOURCES


@dataclass(frozen=True)
class Names:
    """Names for the codes an instance uses (sources, areas, focus areas), read once per page."""

    sources: Mapping[str, str] = field(default_factory=dict)
    places: Mapping[str, str] = field(default_factory=dict)
    unit: str = "MNOK"

    @classmethod
    def current(cls, unit: str = "MNOK", areas: Iterable[Any] | None = None) -> Names:
        """The names in the configuration in force; ``areas``: its areas when the caller has read them already."""
        entries = config_entries(current_config())
        places = {e.code: e.name for e in (entries["areas"] if areas is None else areas)}
        places.update((e.code, e.name) for e in entries["focus_areas"])
        return cls({k: str(v) for k, v in FUNDING_SOURCES}, places, unit)

    def source(self, code: str) -> str:
        return self.sources.get(code, code)

    def place(self, code: str) -> str:
        return self.places.get(code, code)


DIMENSIONS = {
    "area": gettext_lazy("the area"),
    "focus_area": gettext_lazy("the focus area"),
    "owner": gettext_lazy("the owner"),
}


def amount(x: Any) -> str:
    return number_format(round(float(x), 1), 1, use_l10n=True, force_grouping=True)


def ratio(x: Any) -> str:
    return number_format(round(float(x), 2), 2, use_l10n=True)


def share(x: Any) -> str:
    return f"{number_format(round(float(x) * 100), 0, use_l10n=True)} %"


def listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else _("%(a)s and %(b)s") % {"a": ", ".join(items[:-1]), "b": items[-1]}


def _where(p: Mapping[str, Any], names: Names) -> str:
    where = f"{DIMENSIONS.get(p['dimension'], p['dimension'])} {names.place(str(p['value']))}"
    if p.get("source"):  # an earmark of one funding source
        return _("%(where)s from %(source)s") % {"where": where, "source": names.source(p["source"])}
    return where


def _break(b: Mapping[str, Any], n: Names) -> str:
    short = f"{amount(b['short'])} {n.unit}"
    kind = b["kind"]
    if kind == "budget":
        if b.get("cumulative"):
            return _("the frame for %(source)s up to and including %(year)s (short by %(short)s)") % {
                "source": n.source(b["source"]),
                "year": b["year"],
                "short": short,
            }
        return _("the frame for %(source)s in %(year)s (short by %(short)s)") % {
            "source": n.source(b["source"]),
            "year": b["year"],
            "short": short,
        }
    if kind == "source_total":
        return _("the total for %(source)s over the period (short by %(short)s)") % {
            "source": n.source(b["source"]),
            "short": short,
        }
    if kind == "year_total":
        text = (
            _("the total over all sources up to and including %(year)s (short by %(short)s)")
            if b.get("cumulative")
            else _("the total over all sources in %(year)s (short by %(short)s)")
        )
        return text % {"year": b["year"], "short": short}
    if kind == "beyond":
        return _("the limit for commitments after the programme years (over by %(short)s)") % {"short": short}
    if kind == "capacity":
        return _("the capacity of %(owner)s in %(year)s (over by %(short)s)") % {
            "owner": b["owner"],
            "year": b["year"],
            "short": short,
        }
    if kind == "allocation":
        text = (
            _("the earmarked frame for %(where)s (over by %(short)s)")
            if b["bound"] == "max"
            else _("the minimum for %(where)s (short by %(short)s)")
        )
        return text % {"where": _where(b, n), "short": short}
    if kind == "balance":
        text = (
            _("the rule that %(where)s takes at most %(limit)s of the cost (it would be %(share)s)")
            if b["bound"] == "max"
            else _("the rule that %(where)s takes at least %(limit)s of the cost (it would be %(share)s)")
        )
        return text % {"where": _where(b, n), "limit": share(b["limit"]), "share": share(b["share"])}
    return _("a limit of the model")


P = Mapping[str, Any]
WORDS: dict[str, Callable[[P, Names], str]] = {
    "in.fixed": lambda p, n: _("In: forced in by a manual adjustment; starts %(start)s.") % p,
    "in.mandatory": lambda p, n: _("In: mandatory (ongoing or committed); starts %(start)s.") % p,
    "in.required": lambda p, n: (
        _("In: required by %(by)s; starts %(start)s.") % {"by": ", ".join(p["by"]), "start": p["start"]}
    ),
    "in.value": lambda p, n: (
        _("In: value %(value)s for %(cost)s %(unit)s (%(ratio)s per %(unit)s); starts %(start)s.")
        % {**p, "value": amount(p["value"]), "cost": amount(p["cost"]), "unit": n.unit, "ratio": ratio(p["per_unit"])}
    ),
    "out.fixed": lambda p, n: _("Out: forced out by a manual adjustment."),
    "out.excluded": lambda p, n: _("Out: excluded by the scenario's rules."),
    "out.window": lambda p, n: (
        _("Out: its start window %(earliest)s–%(latest)s lies outside the programme years %(first)s–%(last)s.") % p
    ),
    "out.alternative": lambda p, n: _("Out: the alternative %(chosen)s was chosen instead.") % p,
    "out.depends": lambda p, n: (
        _("Out: it depends on %(missing)s, which is out.") % {"missing": ", ".join(p["missing"])}
    ),
    "out.breaks": lambda p, n: (
        _(
            "Out: with the rest of the programme as chosen, starting it in %(start)s (its best start) would break "
            "%(breaks)s. The money went to projects with more value per %(unit)s (this one has %(ratio)s)."
        )
        % {
            "start": p["start"],
            "breaks": listing([_break(b, n) for b in p["breaks"]]),
            "unit": n.unit,
            "ratio": ratio(p["per_unit"]),
        }
    ),
    "out.fits": lambda p, n: (
        _(
            "Out: it fits the limits, but the optimiser stopped before proving the best choice; its value is "
            "%(value)s (%(ratio)s per %(unit)s)."
        )
        % {"value": amount(p["value"]), "ratio": ratio(p["per_unit"]), "unit": n.unit}
    ),
    "conflict.window": lambda p, n: (
        _(
            "%(project)s must be in, but its start window %(earliest)s–%(latest)s lies outside the programme years "
            "%(first)s–%(last)s."
        )
        % p
    ),
    "conflict.requires_excluded": lambda p, n: (
        _("%(project)s must be in and requires %(required)s, which is excluded.") % p
    ),
    "conflict.requires_late": lambda p, n: (
        _(
            "%(project)s must be in and requires %(required)s to start no later, but %(required)s cannot start before "
            "%(required_earliest)s and %(project)s must start by %(latest)s."
        )
        % p
    ),
    "conflict.requires_outside": lambda p, n: (
        _("%(project)s must be in and requires %(required)s, whose start window lies outside the programme years.") % p
    ),
    "conflict.alternatives": lambda p, n: (
        _("%(projects)s must all be in, but they are alternatives: at most one can be chosen.")
        % {"projects": listing(list(p["projects"]))}
    ),
    "conflict.contradiction": lambda p, n: _(
        "The rules on mandatory projects, dependencies and alternatives contradict each other, even with "
        "unlimited frames. Check which projects are mandatory and what they require."
    ),
    "conflict.budget": lambda p, n: (
        (
            _(
                "The projects that must be in need %(need)s %(unit)s of %(source)s from %(from)s up to and including "
                "%(year)s; the frames for those years sum to %(frame)s (short by %(short)s)."
            )
            if p["cumulative"]
            else _(
                "The projects that must be in need %(need)s %(unit)s of %(source)s in %(year)s; the frame is "
                "%(frame)s (short by %(short)s)."
            )
        )
        % {
            **p,
            "need": amount(p["need"]),
            "frame": amount(p["frame"]),
            "short": amount(p["short"]),
            "unit": n.unit,
            "source": n.source(p["source"]),
        }
    ),
    "conflict.source_total": lambda p, n: (
        _(
            "The projects that must be in need %(need)s %(unit)s of %(source)s over the period; its total is "
            "%(limit)s (over by %(over)s)."
        )
        % {
            "need": amount(p["need"]),
            "limit": amount(p["limit"]),
            "over": amount(p["over"]),
            "unit": n.unit,
            "source": n.source(p["source"]),
        }
    ),
    "conflict.year_total": lambda p, n: (
        (
            _(
                "The projects that must be in need %(need)s %(unit)s from all sources up to and including %(year)s; "
                "the total is %(limit)s (over by %(over)s)."
            )
            if p["cumulative"]
            else _(
                "The projects that must be in need %(need)s %(unit)s from all sources in %(year)s; the total is "
                "%(limit)s (over by %(over)s)."
            )
        )
        % {**p, "need": amount(p["need"]), "limit": amount(p["limit"]), "over": amount(p["over"]), "unit": n.unit}
    ),
    "conflict.beyond": lambda p, n: (
        _(
            "The projects that must be in commit %(need)s %(unit)s after %(last)s; the limit for commitments after the "
            "programme years is %(limit)s (over by %(over)s)."
        )
        % {**p, "need": amount(p["need"]), "limit": amount(p["limit"]), "over": amount(p["over"]), "unit": n.unit}
    ),
    "conflict.balance_min": lambda p, n: (
        _(
            "%(where)s must take at least %(share)s of the selected cost, but the projects that fit give it %(short)s "
            "%(unit)s too little."
        )
        % {"where": _where(p, n).capitalize(), "share": share(p["share"]), "short": amount(p["short"]), "unit": n.unit}
    ),
    "conflict.balance_max": lambda p, n: (
        _(
            "%(where)s may take at most %(share)s of the selected cost, but the projects that must be in give it "
            "%(over)s %(unit)s too much."
        )
        % {"where": _where(p, n).capitalize(), "share": share(p["share"]), "over": amount(p["over"]), "unit": n.unit}
    ),
    "conflict.allocation_max": lambda p, n: (
        _(
            "The frame for %(where)s is at most %(limit)s %(unit)s over the period, but its projects that must be in "
            "need %(need)s (over by %(over)s)."
        )
        % {
            "where": _where(p, n),
            "limit": amount(p["limit"]),
            "need": amount(p["need"]),
            "over": amount(p["over"]),
            "unit": n.unit,
        }
    ),
    "conflict.allocation_min": lambda p, n: (
        _(
            "The frame for %(where)s must use at least %(limit)s %(unit)s over the period, but its projects can use "
            "only %(need)s (short by %(short)s)."
        )
        % {
            "where": _where(p, n),
            "limit": amount(p["limit"]),
            "need": amount(p["need"]),
            "short": amount(p["short"]),
            "unit": n.unit,
        }
    ),
    "conflict.capacity": lambda p, n: (
        _(
            "%(owner)s can carry at most %(limit)s %(unit)s of work in %(year)s, but its projects that must be in need "
            "%(need)s that year (over by %(over)s)."
        )
        % {**p, "limit": amount(p["limit"]), "need": amount(p["need"]), "over": amount(p["over"]), "unit": n.unit}
    ),
    "conflict.forced": lambda p, n: (
        _("Projects that must be in (mandatory or fixed, and what they require): %(p)s.")
        % {"p": ", ".join(p["projects"]) or "–"}
    ),
    "conflict.unnamed": lambda p, n: _(
        "No portfolio satisfies the rules, but no single frame could be named. Try the scenario without its balance "
        "rules."
    ),
    "conflict.chance": lambda p, n: (
        _("Even the mandatory projects break the frames in more than %(risk)s of the cost scenarios.")
        % {"risk": share(p["risk"])}
    ),
    "ranking.balance_min": lambda p, n: (
        _("The ranking gives %(where)s %(share)s of the cost; the rule asks at least %(limit)s.")
        % {"where": _where(p, n), "share": share(p["share"]), "limit": share(p["limit"])}
    ),
    "ranking.balance_max": lambda p, n: (
        _("The ranking gives %(where)s %(share)s of the cost; the rule allows at most %(limit)s.")
        % {"where": _where(p, n), "share": share(p["share"]), "limit": share(p["limit"])}
    ),
    "ranking.allocation_min": lambda p, n: (
        _("The ranking spends %(spent)s %(unit)s on %(where)s; its frame asks at least %(limit)s.")
        % {"where": _where(p, n), "spent": amount(p["spent"]), "limit": amount(p["limit"]), "unit": n.unit}
    ),
    "ranking.committed": lambda p, n: (
        _("The committed projects alone exceed the frame for %(source)s in %(year)s.")
        % {"source": n.source(p["source"]), "year": p["year"]}
    ),
}


def words(reason: Any, names: Names) -> str:
    """One explanation as a sentence in the reader's language. A reason stored before explanations became data
    (a plain English string) is not shown as such: the reader is asked to run the scenario again."""
    if not isinstance(reason, Mapping) or reason.get("code") not in WORDS:
        return _("An explanation from an older run; run the scenario again to read it in your language.")
    params = {k: v for k, v in reason.items() if k != "code"}
    return WORDS[reason["code"]](params, names)
