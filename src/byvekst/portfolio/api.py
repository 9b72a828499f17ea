"""JSON endpoints for scenarios and runs: scripts can queue a run, poll its progress and read the result."""

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
from byvekst.portfolio.models import Scenario

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
