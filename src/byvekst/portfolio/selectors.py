from __future__ import annotations

from collections.abc import Callable, Collection
from functools import cached_property
from typing import Any, TypeVar

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from byvekst.core.held import Held
from byvekst.engine.format import parse_instance
from byvekst.portfolio.models import ActionProgramme, ProgrammeVersion, Run, Scenario
from byvekst.projects.models import Project

RUN_DATA = ("instance", "result", "analysis")  # a run's documents: large at a thousand candidates


class Documents:
    """A run's documents, decoded, and what is derived from them alone."""

    def __init__(self, instance: Any, result: Any, analysis: Any) -> None:
        self.instance, self.result, self.analysis = instance, result, analysis

    @cached_property
    def frames_total(self) -> float:
        """The money of the run's period, as its instance gives the frames."""
        return parse_instance(self.instance).frames_total() if self.instance else 0.0


# A finished run is stored unchanged (``Run``): its documents, decoded, are held per process under its finish
# time, so the run page and the API decode a thousand candidates once, not on every request.
HELD_RUNS: Held[Documents] = Held(size=16)


V = TypeVar("V")


def for_run(store: Held[V], run: Run, derive: Callable[[], V]) -> V:
    """What is derived from a run's documents alone: held while it is finished (then it never changes), else
    derived now."""
    return store.get(run.pk, run.finished_at, derive) if run.status == Run.Status.DONE else derive()


def documents(run: Run) -> Documents:
    """The run's documents: held when it is finished, else read now."""
    return for_run(HELD_RUNS, run, lambda: Documents(*Run.objects.filter(pk=run.pk).values_list(*RUN_DATA).get()))


def with_documents(run: Run) -> Run:
    """The run (read without its documents) with them."""
    d = documents(run)
    run.instance, run.result, run.analysis = d.instance, d.result, d.analysis
    return run


def run_detail(pk: int) -> Run:
    """The run with its scenario, frames and documents, and the run it adjusts (without its documents: see
    :func:`with_documents`); 404 when there is none."""
    runs = Run.objects.select_related("scenario__frame", "base_run").defer(
        *RUN_DATA, *(f"base_run__{field}" for field in RUN_DATA)
    )
    return with_documents(get_object_or_404(runs, pk=pk))


def previous_run(run: Run) -> Run | None:
    """The finished run of the same scenario made just before this one, to say what changed."""
    previous = (
        Run.objects.filter(scenario_id=run.scenario_id, status=Run.Status.DONE, pk__lt=run.pk)
        .only("pk", "status", "finished_at")
        .order_by("-pk")
        .first()
    )
    return with_documents(previous) if previous else None


RUN_PROJECT_FIELDS = (
    "code",
    "title",
    "status",
    "location",
    "car_trips_per_day",
    "pt_trips_per_day",
    "cycle_trips_per_day",
    "walk_trips_per_day",
)


def run_projects(codes: Collection[str]) -> dict[str, Project]:
    """The sheets of the run's rows a page shows (its chosen projects, the rows of the tables' pages) in one
    query: only the columns the page reads."""
    return {p.code: p for p in Project.objects.filter(code__in=list(codes)).only(*RUN_PROJECT_FIELDS)}


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
