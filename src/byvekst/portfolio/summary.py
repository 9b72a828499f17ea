"""What a finished run means, in plain sentences a Council member can read aloud, and what makes two runs
not comparable. Everything here reads a run's stored instance, result and analysis; nothing is solved again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from byvekst.portfolio.explanations import DIMENSIONS, Names, amount, listing, share
from byvekst.portfolio.models import ProgrammeVersion, Run
from byvekst.portfolio.selectors import documents

ROBUST = 0.999  # a core index at 1 (within rounding): in the best portfolio under every party's weights


def cost_of(project: Mapping[str, Any], basis: str) -> float:
    """A candidate's cost in the period on the scenario's cost basis (P50 or P85)."""
    profile = project.get("cost_p85_profile") if basis == "p85" else None
    return float(sum(profile or project["cost_profile"]))


def allowed_starts(project: Mapping[str, Any], years: Sequence[int]) -> list[int]:
    """The start years a person may choose for a candidate: its own window inside the period."""
    return [y for y in years if project["earliest_start"] <= y <= project["latest_start"]]


def starts_of(run: Run) -> dict[str, int]:
    """The chosen projects of a run and their start years."""
    return {s["id"]: s["start"] for s in (run.result or {}).get("selected", [])}


@dataclass(frozen=True)
class Summary:
    """The headline numbers of a run and the sentences that say them."""

    chosen: int
    candidates: int
    cost: float
    frames: float
    sentences: list[str]


def _changes(run: Run, previous: Run | None) -> str:
    if previous is None:
        return _("This is the first finished run of this scenario.")
    now, then = starts_of(run), starts_of(previous)
    came = sorted(set(now) - set(then))
    went = sorted(set(then) - set(now))
    moved = sorted(k for k in set(now) & set(then) if now[k] != then[k])
    parts = []
    if came:
        parts.append(_("in: %(list)s") % {"list": ", ".join(came)})
    if went:
        parts.append(_("out: %(list)s") % {"list": ", ".join(went)})
    if moved:
        parts.append(_("moved: %(list)s") % {"list": ", ".join(f"{k} ({then[k]}→{now[k]})" for k in moved)})
    if not parts:
        return _("The same projects with the same starts as run %(n)s.") % {"n": previous.pk}
    return _("Since run %(n)s: %(changes)s.") % {"n": previous.pk, "changes": "; ".join(parts)}


def one_party_alone(core: Mapping[str, float], sets: int, chosen: set[str], candidates: set[str]) -> str:
    """A warning when one party's weights alone would change the choice: a project in the portfolio under every
    party's weights but one, or out under every party's weights but one."""
    if sets < 2:
        return ""
    drop = sorted(k for k in chosen if abs(core.get(k, 0.0) - (sets - 1) / sets) < 1e-6)
    come = sorted(k for k in candidates - chosen if abs(core.get(k, 0.0) - 1 / sets) < 1e-6)
    parts = []
    if drop:
        parts.append(_("%(list)s would drop out") % {"list": listing(drop[:6])})
    if come:
        parts.append(_("%(list)s would come in") % {"list": listing(come[:6])})
    if not parts:
        return ""
    return _("One party's weights alone change the choice: under them %(parts)s.") % {"parts": "; ".join(parts)}


def risk_sentence(analysis: Mapping[str, Any], names: Names, years: Sequence[int]) -> str | None:
    sim = analysis.get("simulation")
    if not sim:
        return None
    worst = max(
        ((p, source, years[i]) for source, probs in sim["exceed_probability"].items() for i, p in enumerate(probs)),
        default=None,
    )
    text = _("If costs vary as the sheets' P50 and P85 say, the chance that some frame is broken is %(p)s.") % {
        "p": share(sim["any_exceed_probability"])
    }
    if worst and worst[0] > 0:
        text += " " + _("The frame most at risk is %(source)s in %(year)s (%(p)s).") % {
            "source": names.source(worst[1]),
            "year": worst[2],
            "p": share(worst[0]),
        }
    return text


def run_summary(run: Run, names: Names, previous: Run | None) -> Summary:
    inst, analysis = run.instance or {}, run.analysis or {}
    projects = {p["id"]: p for p in inst.get("projects", [])}
    basis = inst.get("cost_basis", "p50")
    chosen = starts_of(run)
    cost = sum(sum(v) for v in (run.result or {}).get("spend", {}).values())
    frames = documents(run).frames_total
    sentences = []
    if chosen:
        sentences.append(
            ngettext(
                "%(n)s of %(m)s candidate projects is in the portfolio.",
                "%(n)s of %(m)s candidate projects are in the portfolio.",
                len(chosen),
            )
            % {"n": len(chosen), "m": len(projects)}
            + " "
            + _(
                "Their cost in the period (%(basis)s) is %(cost)s %(unit)s "
                "of the frames' %(frames)s %(unit)s (%(share)s)."
            )
            % {
                "basis": basis.upper(),
                "cost": amount(cost),
                "frames": amount(frames),
                "unit": names.unit,
                "share": share(cost / frames) if frames else "–",
            }
        )
    else:
        sentences.append(_("No portfolio fits the frames and rules; the reasons are below."))
    core = analysis.get("core_index")
    if core and chosen:
        robust = sorted(k for k in chosen if core.get(k, 0) >= ROBUST)
        shaky = sorted((k for k in chosen if core.get(k, 0) < ROBUST), key=lambda k: core.get(k, 0))
        sentences.append(
            ngettext(
                "%(n)s of them is in the best portfolio whatever party's weights are used (core index 1).",
                "%(n)s of them are in the best portfolio whatever party's weights are used (core index 1).",
                len(robust),
            )
            % {"n": len(robust)}
            if robust
            else _("None of them is in the best portfolio under every party's weights.")
        )
        alone = one_party_alone(core, int(analysis.get("core_sets") or 0), set(chosen), set(projects))
        if alone:
            sentences.append(alone)
        if shaky:
            sentences.append(
                _("The choice depends most on the weights for %(list)s.")
                % {"list": listing([f"{projects[k]['name']} ({k})" for k in shaky[:3] if k in projects])}
            )
    risk = risk_sentence(analysis, names, inst.get("years", []))
    if risk:
        sentences.append(risk)
    sentences.append(_changes(run, previous))
    return Summary(len(chosen), len(projects), cost, frames, sentences)


def _weights(run: Run) -> str:
    s = run.scenario
    return f"{s.criteria_set_id}:{s.weight_set_id}"


def compare_warnings(runs: Sequence[Run]) -> list[str]:
    """What differs between runs other than the choice itself, so that a reader does not compare unlike things."""
    if len(runs) < 2:
        return []
    checks = [
        (lambda r: (r.instance or {}).get("cost_basis", "p50"), _("The runs use different cost bases (P50/P85).")),
        (_weights, _("The runs use different criteria or weights.")),
        (
            lambda r: repr([(r.instance or {}).get(k) for k in ("budget", "budget_totals", "yearly_totals", "years")]),
            _("The runs have different frames."),
        ),
        (
            lambda r: repr(
                sorted(
                    (p["id"], p["value"], p["cost_profile"], p["earliest_start"], p["latest_start"])
                    for p in (r.instance or {}).get("projects", [])
                )
            ),
            _("The runs were made from different project data (candidates, values, costs or start windows)."),
        ),
        (lambda r: repr(sorted((r.fixed or {}).items())), _("Some runs have manual adjustments.")),
    ]
    return [text for key, text in checks if len({key(r) for r in runs}) > 1]


def value_sentence(run: Run) -> str:
    objective = (run.result or {}).get("objective")
    baseline = (run.analysis or {}).get("baseline")
    if objective is None:
        return ""
    text = _("The portfolio's total value is %(v)s points (the sum of the chosen projects' values).") % {
        "v": amount(objective)
    }
    if baseline and objective:
        text += " " + _(
            "Choosing projects one by one by value per krone until the money runs out would give %(b)s, %(share)s less."
        ) % {"b": amount(baseline["objective"]), "share": share(max(0.0, baseline["gain"]) / objective)}
    return text


def frontier_sentence(run: Run) -> str:
    points = {round(p["factor"], 2): p for p in (run.analysis or {}).get("frontier", [])}
    here, more, less = points.get(1.0), points.get(1.2), points.get(0.8)
    if not here or not here["value"]:
        return ""
    parts = []
    if more and more["value"] is not None:
        parts.append(
            _("with 20 %% more money in every frame the value would rise by %(p)s")
            % {"p": share((more["value"] - here["value"]) / here["value"])}
        )
    if less and less["value"] is not None:
        parts.append(
            _("with 20 %% less it would fall by %(p)s") % {"p": share((here["value"] - less["value"]) / here["value"])}
        )
    return (_("How much the frames matter: %(parts)s.") % {"parts": "; ".join(parts)}) if parts else ""


def balance_rule(rule: Mapping[str, Any], names: Names) -> str:
    """A scenario's balance rule in words: "the area Nordøst gets at least 10 % of the money"."""
    where = f"{DIMENSIONS.get(rule['dimension'], rule['dimension'])} {names.place(str(rule['value']))}"
    parts = []
    if rule.get("min_share") is not None:
        parts.append(_("at least %(share)s") % {"share": share(rule["min_share"])})
    if rule.get("max_share") is not None:
        parts.append(_("at most %(share)s") % {"share": share(rule["max_share"])})
    return _("%(where)s gets %(limits)s of the money") % {"where": where, "limits": listing(parts)}


@dataclass(frozen=True)
class RevisionChanges:
    """What a revision run changes against the programme version in force (rows are the run page's rows)."""

    version: ProgrammeVersion
    under_way: list[dict[str, Any]]
    added: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    moved: list[tuple[dict[str, Any], int, int]]  # (row, adopted start, new start)
    added_cost: float
    removed_cost: float

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.moved)


def revision_changes(run: Run, rows: Sequence[dict[str, Any]]) -> RevisionChanges | None:
    """Against the adopted version the revision started from: the projects kept because they are under way, the
    ones that come in, go out (with the run's reason) or move. ``rows`` are the run page's project rows."""
    revision = run.scenario.revision or {}
    if not revision.get("version"):
        return None
    version = ProgrammeVersion.objects.filter(pk=revision["version"]).select_related("programme").first()
    if version is None:
        return None
    adopted = {s["code"]: s["start"] for s in version.selection}
    fixed = {c for c, o in revision.get("overrides", {}).items() if o.get("fixed")}
    by_code = {r["id"]: r for r in rows}
    chosen = {r["id"] for r in rows if r["start"] is not None}
    added = [by_code[c] for c in sorted(chosen - set(adopted))]
    removed = [
        by_code.get(c) or {"id": c, "p": None, "start": None, "why": "", "cost": 0.0}
        for c in sorted(set(adopted) - chosen)
    ]
    return RevisionChanges(
        version=version,
        under_way=[by_code[c] for c in sorted(fixed & chosen)],
        added=added,
        removed=removed,
        moved=[
            (by_code[c], adopted[c], by_code[c]["start"])
            for c in sorted((chosen & set(adopted)) - fixed)
            if by_code[c]["start"] != adopted[c]
        ],
        added_cost=sum(r["cost"] for r in added),
        removed_cost=sum(r["cost"] for r in removed),
    )


EFFECTS = ("car_trips_per_day", "pt_trips_per_day", "cycle_trips_per_day", "walk_trips_per_day")


def goal_contribution(chosen: Sequence[Any]) -> str | None:
    """What the chosen projects are expected to do for the zero-growth goal, from their sheets' effect figures
    (change in car trips, new public-transport, cycling and walking trips per day); None without figures."""
    with_figures = [p for p in chosen if p is not None and any(getattr(p, f) is not None for f in EFFECTS)]
    if not with_figures:
        return None
    total = {f: sum(getattr(p, f) or 0 for p in with_figures) for f in EFFECTS}

    def whole(x: int, sign: bool = False) -> str:
        text = number_format(abs(x), 0, use_l10n=True, force_grouping=True)
        return ("−" if x < 0 else "+" if sign and x > 0 else "") + text

    return _(
        "The chosen projects are expected to change car trips by %(car)s a day and add %(pt)s public-transport, "
        "%(cycle)s cycling and %(walk)s walking trips a day (from the %(n)s of %(all)s sheets with effect figures)."
    ) % {
        "car": whole(total["car_trips_per_day"], sign=True),
        "pt": whole(total["pt_trips_per_day"]),
        "cycle": whole(total["cycle_trips_per_day"]),
        "walk": whole(total["walk_trips_per_day"]),
        "n": len(with_figures),
        "all": len(chosen),
    }
