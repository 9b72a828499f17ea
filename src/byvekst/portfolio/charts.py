"""The run page's charts as data (``core.charts``): spend against the frames, the efficient frontier, value
against cost. Sources and areas are named, never coded."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from byvekst.core.charts import Chart, Series, value_cost
from byvekst.portfolio.models import Run
from byvekst.projects.models import FUNDING_SOURCES


def source_name(code: str) -> str:
    return str(dict(FUNDING_SOURCES).get(code, code))


def yearly_frames(inst: dict[str, Any]) -> list[float | None]:
    """The money of each year over all sources: the sum of the sources' yearly frames, capped by the yearly total
    where there is one; a year where some source gives only a period total and no yearly total caps it has none."""
    years, budget, caps = inst.get("years", []), inst.get("budget", {}), inst.get("yearly_totals")
    out: list[float | None] = []
    for t in range(len(years)):
        rows = [budget[s][t] for s in inst.get("funding_sources", [])]
        summed = None if any(x is None for x in rows) else sum(rows)
        cap = caps[t] if caps else None
        limit = cap if summed is None else (summed if cap is None else min(summed, cap))
        out.append(None if limit is None else round(limit, 1))
    return out


def spend_chart(run: Run) -> Chart:
    """Bars per year stacked by source, the yearly frame as a line, and the simulated P85 spend when there is one."""
    inst, result = run.instance or {}, run.result or {}
    sim = (run.analysis or {}).get("simulation") or {}
    years = [str(y) for y in inst.get("years", [])]
    sources = inst.get("funding_sources", [])
    spend = result.get("spend", {})
    series = [
        Series(source_name(s), "bar", [round(x, 1) for x in spend.get(s, [0.0] * len(years))], stack="spend")
        for s in sources
        if any(spend.get(s, []))
    ]
    frames = yearly_frames(inst)
    series.append(Series(_("Frame (all sources)"), "line", frames, dashed=True, step=True, color="#1b1f24"))
    if sim.get("year_p85"):
        series.append(
            Series(_("Spend at P85 (simulated)"), "line", [round(x, 1) for x in sim["year_p85"]], color="#a4000f")
        )
    carry = inst.get("carry_over")
    return Chart(
        id="spend-chart",
        title=_("Spend per year and source against the frames (MNOK)"),
        description=_(
            "Stacked bars: the selected projects' spend per year, by funding source; the dashed line: "
            "the frames of all sources together."
        ),
        x_label=_("Year"),
        y_label="MNOK",
        categories=years,
        series=series,
        unit="MNOK",
        notes=[
            _(
                "Unspent money carries over: a year may spend more than its own frame as long as the spend up to "
                "that year stays within the frames up to that year."
            )
            if carry
            else _("Each year's spend stays within that year's frame.")
        ],
    )


def frontier_chart(run: Run) -> Chart | None:
    points = (run.analysis or {}).get("frontier") or []
    if not points:
        return None
    infeasible = [p for p in points if p.get("value") is None]
    chart = Chart(
        id="frontier-chart",
        title=_("Value if all frames were scaled (the efficient frontier)"),
        description=_(
            "The best value reachable for each total budget, when every frame is scaled by the same "
            "factor. Where the line rises steeply, more money buys much value."
        ),
        x_label=_("Total budget (MNOK)"),
        y_label=_("Value"),
        series=[
            Series(
                _("Best value"),
                "line",
                [
                    [
                        round(p["budget"], 1),
                        None if p.get("value") is None else round(p["value"], 2),
                        f"{p['factor']:.0%}",
                    ]
                    for p in points
                ],
            )
        ],
        decimals=1,
        point_label=_("Share of the frames"),
    )
    if infeasible:
        chart.notes.append(
            _("No portfolio fits at %(levels)s of the frames (the mandatory projects alone cost more).")
            % {"levels": ", ".join(f"{p['factor']:.0%}" for p in infeasible)}
        )
    return chart


def run_value_cost(rows: list[dict[str, Any]]) -> Chart:
    return value_cost(
        "value-cost-chart",
        [
            (f"{r['id']} {r['p'].title if r['p'] else ''}".strip(), r["cost"], r["value"], r["start"] is not None)
            for r in rows
        ],
        cost_label=_("Cost (MNOK)"),
        value_label=_("Value"),
        labels={
            "chosen": _("Selected"),
            "others": _("Left out"),
            "title": _("Value against cost for every candidate"),
            "description": _("Each point is a project: to the right, more expensive; higher up, more value."),
            "point": _("Project"),
        },
    )
