"""JSON endpoints for frames, scenarios, runs and action programmes: scripts can queue a run, poll its progress
and read the result, and read each programme version with the decision that made it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, StrictBool

from byvekst.assessment.models import WeightSet
from byvekst.core.policy import require
from byvekst.core.schema import MNOK, Code, ProjectCode, Seed, Year, text
from byvekst.portfolio import selectors, services
from byvekst.portfolio.adapter import scenario_from_instance, scenario_to_instance
from byvekst.portfolio.models import ActionProgramme, FrameVersion, Scenario
from byvekst.projects.models import Project

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


class ScenarioIn(Schema):
    """A scenario from the quality-assured sheets: frames (by number), candidates, value model and rules."""

    name: text(200, required=True)  # type: ignore[valid-type]
    frames: int = Field(..., description="the number of the frames version (GET /api/frames)")
    projects: list[ProjectCode] = Field(..., min_length=1, max_length=5000)
    cost_basis: Literal["p50", "p85"] = "p50"
    weight_set: int | None = Field(None, description="a weight set id (GET /api/criteria-sets/{n}/weights)")
    mandatory: list[ProjectCode] = Field([], max_length=5000)
    excluded: list[ProjectCode] = Field([], max_length=5000)
    owner_capacity: dict[text(100), MNOK] = Field({}, max_length=50)  # type: ignore[valid-type]


@router.post("/scenarios", response={201: ScenarioOut})
def create_scenario(request: HttpRequest, payload: ScenarioIn) -> Any:
    require(request.user, "portfolio.plan")
    frame = FrameVersion.objects.filter(number=payload.frames).first()
    if frame is None:
        raise ValidationError({"frames": _("No frames with the number %(n)s.") % {"n": payload.frames}})
    projects = list(Project.objects.filter(code__in=payload.projects))
    missing = sorted(set(payload.projects) - {p.code for p in projects})
    if missing:
        raise ValidationError({"projects": _("No project with the id %(c)s.") % {"c": missing[0]}})
    weight_set = None
    if payload.weight_set is not None:
        weight_set = WeightSet.objects.filter(pk=payload.weight_set).first()
        if weight_set is None:
            raise ValidationError({"weight_set": _("No weight set with the id %(n)s.") % {"n": payload.weight_set}})
    scenario = services.scenario_create(
        actor=request.user,
        name=payload.name,
        frame=frame,
        projects=projects,
        cost_basis=payload.cost_basis,
        weight_set=weight_set,
        mandatory=payload.mandatory,
        excluded=payload.excluded,
        owner_capacity={k: float(v) for k, v in payload.owner_capacity.items()},
    )
    return Status(201, scenario)


class InstanceIn(Schema):
    """A ``byvekst.portfolio/1`` document; its keys are checked by the format's own reader (errors name the key)."""

    model_config = ConfigDict(extra="allow")


@router.post("/scenarios/import", response={201: ScenarioOut})
def import_scenario(request: HttpRequest, payload: InstanceIn) -> Any:
    """A ``byvekst.portfolio/1`` instance as the body: draft frames and a scenario of the projects it names."""
    require(request.user, "portfolio.plan")
    doc = json.loads(request.body)  # the whole document: ninja keeps only declared keys of a schema
    return Status(201, scenario_from_instance(actor=request.user, doc=doc))


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
    amounts: dict[str, list[float | None]] = Field(
        ..., description="MNOK per funding source and year; null: the year has no frame of its own for the source"
    )
    totals: dict[str, float] = Field({}, description="MNOK per funding source over the whole period")
    year_totals: list[float | None] | None = Field(None, description="MNOK per year over all sources")
    allocations: list[dict[str, Any]]
    carry_over: bool
    decision: str | None = Field(
        None, alias="decision.number", description="the decision that adopted them (GET /api/decisions/…)"
    )


@router.get("/frames", response=list[FrameOut])
def list_frames(request: HttpRequest) -> Any:
    require(request.user, "portfolio.view")
    return FrameVersion.objects.select_related("decision").order_by("-number")


class FrameIn(Schema):
    """A new version of the frames (a draft): as the sources give them — per source and year, per source over the
    period (``totals``), per year over all sources (``year_totals``), or a mix."""

    name: text(200, required=True)  # type: ignore[valid-type]
    first_year: Year
    years: int = Field(4, ge=1, le=12)
    amounts: dict[Code, list[MNOK | None]] = Field({}, max_length=20)
    totals: dict[Code, MNOK] = Field({}, max_length=20)
    year_totals: list[MNOK | None] | None = Field(None, max_length=12)
    carry_over: StrictBool = True
    price_basis: text(40) = "2026-kroner"  # type: ignore[valid-type]


@router.post("/frames", response={201: FrameOut})
def create_frame(request: HttpRequest, payload: FrameIn) -> Any:
    require(request.user, "portfolio.plan")
    data = payload.dict()
    frame = services.frame_create(
        actor=request.user,
        name=data["name"],
        first_year=data["first_year"],
        years=data["years"],
        amounts={k: [None if x is None else float(x) for x in v] for k, v in data["amounts"].items()},
        totals={k: float(v) for k, v in data["totals"].items()},
        year_totals=None
        if data["year_totals"] is None
        else [None if x is None else float(x) for x in data["year_totals"]],
        carry_over=data["carry_over"],
        price_basis=data["price_basis"],
    )
    return Status(201, frame)


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


class ProposeIn(Schema):
    name: text(200, required=True)  # type: ignore[valid-type]


@router.post("/runs/{pk}/programme", response={201: ProgrammeOut})
def propose_programme(request: HttpRequest, pk: int, payload: ProposeIn) -> Any:
    """Samordningsfunksjonen proposes a finished run as the action programme; this opens its case."""
    run = selectors.run_detail(pk)
    require(request.user, "programme.advance", None)
    officer: Any = request.user  # signed in: the policy refuses anonymous writes
    return Status(201, services.programme_propose(actor=officer, run=run, name=payload.name, officer=officer))


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


class AmendIn(Schema):
    changes: dict[ProjectCode, Year | None] = Field(
        ..., max_length=500, description="project id -> new start year, or null to take it out"
    )
    reason: text(2000, required=True)  # type: ignore[valid-type]


@router.post("/programmes/{pk}/versions", response={201: ProgrammeVersionOut})
def amend_programme(request: HttpRequest, pk: int, payload: AmendIn) -> Any:
    """A change to the proposal before the Council's recommendation: a new version with its reason."""
    programme = get_object_or_404(ActionProgramme, pk=pk)
    require(request.user, "programme.advance", programme)
    services.programme_amend(actor=request.user, programme=programme, changes=payload.changes, reason=payload.reason)
    return Status(201, selectors.programme_versions(programme).first())
