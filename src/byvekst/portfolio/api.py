"""JSON endpoints for frames, scenarios, runs and action programmes: scripts can queue a run, poll its progress
and read the result, and read each programme version with the decision that made it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from byvekst.core.policy import require
from byvekst.core.schema import ProjectCode, Seed, Year
from byvekst.portfolio import selectors, services
from byvekst.portfolio.adapter import scenario_to_instance
from byvekst.portfolio.models import ActionProgramme, FrameVersion, Scenario

router = Router(tags=["portfolio"])


class ScenarioOut(Schema):
    id: int
    name: str
    frame: str = Field(..., alias="frame.name")
    cost_basis: str
    created_at: dt.datetime


class RunIn(Schema):
    fixed: dict[ProjectCode, Year | None] = Field(
        {}, max_length=500, description="project id -> forced start year, or null to force out"
    )
    seed: Seed = 2027


class RunOut(Schema):
    id: int
    scenario: int = Field(..., alias="scenario_id")
    status: str
    progress: int
    message: str
    seed: int
    fixed: dict[str, Any]
    result: dict[str, Any] | None
    analysis: dict[str, Any]


@router.get("/scenarios", response=list[ScenarioOut])
def list_scenarios(request: HttpRequest) -> Any:
    require(request.user, "portfolio.view")
    return selectors.scenarios()


@router.get("/scenarios/{pk}/instance", response=dict[str, Any])
def scenario_instance(request: HttpRequest, pk: int) -> Any:
    scenario = get_object_or_404(Scenario, pk=pk)
    require(request.user, "portfolio.view", scenario)
    return scenario_to_instance(scenario)[0]


@router.post("/scenarios/{pk}/runs", response={202: RunOut})
def queue_run(request: HttpRequest, pk: int, payload: RunIn) -> Any:
    scenario = get_object_or_404(Scenario, pk=pk)
    require(request.user, "portfolio.plan", scenario)
    return Status(
        202, services.run_enqueue(actor=request.user, scenario=scenario, fixed=payload.fixed, seed=payload.seed)
    )


@router.get("/runs/{pk}", response=RunOut)
def get_run(request: HttpRequest, pk: int) -> Any:
    run = selectors.run_detail(pk)
    require(request.user, "portfolio.view", run)
    return run


class FrameOut(Schema):
    number: int
    name: str
    status: str
    price_basis: str
    first_year: int
    years: int
    amounts: dict[str, list[float]] = Field(..., description="MNOK per funding source and year")
    allocations: list[dict[str, Any]]
    carry_over: bool
    decision: str | None = Field(
        None, alias="decision.number", description="the decision that adopted them (GET /api/decisions/…)"
    )


@router.get("/frames", response=list[FrameOut])
def list_frames(request: HttpRequest) -> Any:
    require(request.user, "portfolio.view")
    return FrameVersion.objects.select_related("decision").order_by("-number")


@router.get("/frames/{number}", response=FrameOut)
def get_frame(request: HttpRequest, number: int) -> Any:
    require(request.user, "portfolio.view")
    return get_object_or_404(FrameVersion.objects.select_related("decision"), number=number)


class ProgrammeOut(Schema):
    id: int
    name: str
    first_year: int
    last_year: int
    stage: str
    public: bool = Field(..., alias="is_public")
    case: str | None = Field(None, alias="case.number")


class ProgrammeVersionOut(Schema):
    number: int
    stage: str
    reason: str
    made_by: str | None = Field(None, alias="treatment.body_name", description="the forum or body whose treatment")
    decision: str | None = Field(None, alias="decision.number", description="the decision that made this version")
    run: int | None = Field(None, alias="run_id")
    selection: list[dict[str, Any]]
    created_at: dt.datetime


def _programme(request: HttpRequest, pk: int) -> ActionProgramme:
    return get_object_or_404(selectors.visible_programmes(request.user), pk=pk)


@router.get("/programmes", response=list[ProgrammeOut])
def list_programmes(request: HttpRequest) -> Any:
    """Action programmes, newest first, at every stage."""
    return selectors.visible_programmes(request.user)


@router.get("/programmes/{pk}", response=ProgrammeOut)
def get_programme(request: HttpRequest, pk: int) -> Any:
    return _programme(request, pk)


@router.get("/programmes/{pk}/versions", response=list[ProgrammeVersionOut])
def list_programme_versions(request: HttpRequest, pk: int) -> Any:
    """Every version, newest first: the proposal, changes with their reasons, the Council's recommendation, the
    Steering Group's decision and the adopted programme."""
    return selectors.programme_versions(_programme(request, pk))
