from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from byvekst.portfolio.models import ActionProgramme, Run, Scenario
from byvekst.projects.models import Project


def run_detail(pk: int) -> Run:
    """The run with its scenario and frames; 404 when there is none."""
    return get_object_or_404(Run.objects.select_related("scenario__frame", "base_run"), pk=pk)


def run_projects(run: Run) -> dict[str, Project]:
    """The run's projects in one query, for tables and the map."""
    codes = [p["id"] for p in (run.instance or {}).get("projects", [])]
    return {p.code: p for p in Project.objects.filter(code__in=codes).select_related("owner")}


def spend_chart(run: Run) -> dict[str, Any]:
    """Bars per year (stacked by source) against the yearly frame total, scaled for an inline SVG, with the
    simulated P50–P85 band of each year's spend when the run has a simulation."""
    inst, result = run.instance or {}, run.result or {}
    sim = (run.analysis or {}).get("simulation") or {}
    years = inst.get("years", [])
    sources = inst.get("funding_sources", [])
    spend = result.get("spend", {})
    frames = [sum(inst["budget"][s][t] for s in sources) for t in range(len(years))]
    totals = [sum(spend.get(s, [0] * len(years))[t] for s in sources) for t in range(len(years))]
    top = max([*frames, *totals, 1.0])
    bars = []
    for t, year in enumerate(years):
        y, segments = 250.0, []
        for i, s in enumerate(sources):
            h = 220.0 * spend.get(s, [0] * len(years))[t] / top
            y -= h
            segments.append({"source": s, "y": round(y, 1), "h": round(h, 1), "colour": i})
        bars.append(
            {
                "year": year,
                "x": 60 + t * 110,
                "segments": segments,
                "total": totals[t],
                "frame": frames[t],
                "frame_y": round(250 - 220 * frames[t] / top, 1),
                "p50": (sim.get("year_p50") or [None] * len(years))[t],
                "p85": (sim.get("year_p85") or [None] * len(years))[t],
            }
        )
    return {"bars": bars, "sources": sources, "top": top}


def scenarios() -> QuerySet[Scenario]:
    return Scenario.objects.select_related("frame", "weight_set__party").prefetch_related("runs")


def public_programmes() -> QuerySet[ActionProgramme]:
    return ActionProgramme.objects.filter(is_public=True, stage=ActionProgramme.Stage.ADOPTED).prefetch_related(
        "versions"
    )
