from __future__ import annotations

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


def scenarios() -> QuerySet[Scenario]:
    return Scenario.objects.select_related("frame", "weight_set__party").prefetch_related("runs")


def public_programmes() -> QuerySet[ActionProgramme]:
    return ActionProgramme.objects.filter(is_public=True, stage=ActionProgramme.Stage.ADOPTED).prefetch_related(
        "versions"
    )
