from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from byvekst.portfolio.models import ActionProgramme, ProgrammeVersion, Run, Scenario
from byvekst.projects.models import Project


def run_detail(pk: int) -> Run:
    """The run with its scenario and frames; 404 when there is none."""
    return get_object_or_404(Run.objects.select_related("scenario__frame", "base_run"), pk=pk)


def previous_run(run: Run) -> Run | None:
    """The finished run of the same scenario made just before this one, to say what changed."""
    return (
        Run.objects.filter(scenario_id=run.scenario_id, status=Run.Status.DONE, pk__lt=run.pk)
        .only("pk", "result")
        .order_by("-pk")
        .first()
    )


RUN_PROJECT_FIELDS = (
    "code",
    "title",
    "location",
    "car_trips_per_day",
    "pt_trips_per_day",
    "cycle_trips_per_day",
    "walk_trips_per_day",
)


def run_projects(run: Run) -> dict[str, Project]:
    """The run's projects in one query, for its tables, map and goal contribution: only the columns those read
    (a run of a thousand candidates would otherwise load a thousand whole sheets)."""
    codes = [p["id"] for p in (run.instance or {}).get("projects", [])]
    return {p.code: p for p in Project.objects.filter(code__in=codes).only(*RUN_PROJECT_FIELDS)}


def scenarios() -> QuerySet[Scenario]:
    return Scenario.objects.select_related("frame", "weight_set__party", "weight_set__criteria_set")


def visible_programmes(user: Any) -> QuerySet[ActionProgramme]:
    """Programmes a person may read (``programme.view``): all when signed in, the public ones otherwise."""
    programmes = ActionProgramme.objects.select_related("case").order_by("-created_at")
    return programmes if getattr(user, "is_authenticated", False) else programmes.filter(is_public=True)


def programme_versions(programme: ActionProgramme) -> QuerySet[ProgrammeVersion]:
    return programme.versions.select_related("decision", "treatment__forum", "treatment__body")


def public_programmes() -> QuerySet[ActionProgramme]:
    """Adopted programmes with the decisions that made them (the Council's recommendation, the Steering Group's
    decision) for the public page."""
    made = ProgrammeVersion.objects.filter(
        stage__in=[ActionProgramme.Stage.RECOMMENDATION, ActionProgramme.Stage.DECISION], decision__isnull=False
    ).select_related("decision__item__meeting__forum")
    return ActionProgramme.objects.filter(is_public=True, stage=ActionProgramme.Stage.ADOPTED).prefetch_related(
        Prefetch("versions", queryset=made.order_by("number"), to_attr="decided_versions")
    )
