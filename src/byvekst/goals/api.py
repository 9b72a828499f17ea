"""JSON endpoints of goal achievement: indicators with their yearly values (and, for the byindeks, the chained
level and the three-year rolling mean), values in, and the byindeks from point data."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from byvekst.core.policy import require
from byvekst.core.schema import Limit, Offset, Page, Search, Year, text
from byvekst.goals import selectors, services
from byvekst.goals.models import BenefitPlan, Indicator
from byvekst.projects.models import Project

router = Router(tags=["goals"])


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    source: str
    reference_year: int
    target: str
    direction: str
    kind: str
    is_main: bool
    values: dict[int, float] = Field(..., description="year -> value (for the byindeks: the yearly index)")
    levels: dict[int, float] = Field(..., description="the byindeks: year -> level against the reference year")
    rolling: dict[int, float] = Field(..., description="the byindeks: year -> three-year rolling mean level")
    demo: bool = Field(..., description="some values are demo data")


def _out(indicator: Indicator) -> dict[str, Any]:
    s = selectors.series(indicator)
    return {
        **{k: getattr(indicator, k) for k in ("code", "name", "unit", "source", "reference_year", "target")},
        **{k: getattr(indicator, k) for k in ("direction", "kind", "is_main")},
        "values": s.values,
        "levels": s.levels,
        "rolling": s.rolling,
        "demo": s.demo,
    }


class ValueIn(Schema):
    year: Year
    month: int | None = Field(None, ge=1, le=12)
    value: float = Field(..., ge=-1e12, le=1e12, allow_inf_nan=False)
    note: text(300) = ""  # type: ignore[valid-type]


class ByindeksIn(Schema):
    year: Year
    current: str = Field(
        ..., max_length=2_000_000, description="CSV: punkt;tidspunkt;lengdeklasse;antall;fulltallighet"
    )
    previous: str = Field(..., max_length=2_000_000, description="the same for the year before")


@router.get("/indicators", response=list[IndicatorOut])
def list_indicators(request: HttpRequest) -> Any:
    require(request.user, "goals.view")
    return [_out(i) for i in selectors.indicators()]


class ProgressOut(Schema):
    programme: str | None = Field(None, description="the action programme version in force")
    years: list[int]
    planned: dict[int, float] = Field(..., description="MNOK per year: the projects' cost profiles at their starts")
    reported: dict[int, float] = Field(..., description="MNOK per year: spent this year in the newest reports")
    index: dict[str, dict[int, float]] = Field(..., description="indicator code -> year -> reference year = 100")
    links: dict[str, dict[str, list[str]]] = Field(..., description="indicator code -> criteria and focus areas")


@router.get("/indicators/progress", response=ProgressOut)
def indicator_progress(request: HttpRequest) -> Any:
    """The indicators beside the programme's spend per year (the page /mal/forbruk/)."""
    require(request.user, "goals.view")
    p = selectors.progress()
    return {
        "programme": str(p.programme) if p.programme else None,
        "years": p.years,
        "planned": p.planned,
        "reported": p.reported,
        "index": p.index,
        "links": {
            s.indicator.code: {"criteria": s.indicator.criteria, "focus_areas": s.indicator.focus_areas}
            for s in p.indicators
        },
    }


@router.get("/indicators/{code}", response=IndicatorOut)
def get_indicator(request: HttpRequest, code: str) -> Any:
    require(request.user, "goals.view")
    return _out(get_object_or_404(Indicator, code=code))


@router.post("/indicators/{code}/values", response={201: IndicatorOut})
def add_value(request: HttpRequest, code: str, payload: ValueIn) -> Any:
    indicator = get_object_or_404(Indicator, code=code)
    require(request.user, "goals.manage", indicator)
    services.value_set(actor=request.user, indicator=indicator, **payload.dict())
    return Status(201, _out(indicator))


@router.post("/indicators/byindeks/compute", response={201: IndicatorOut})
def compute_byindeks(request: HttpRequest, payload: ByindeksIn) -> Any:
    """The byindeks of a year from the points' hourly counts (the request body is limited by BYVEKST_BODY_MAX_KB)."""
    require(request.user, "goals.manage")
    services.byindeks_import(actor=request.user, year=payload.year, current=payload.current, previous=payload.previous)
    return Status(201, _out(get_object_or_404(Indicator, code=services.BYINDEKS)))


class PlanOut(Schema):
    id: int
    project: str
    indicator: str | None
    measure: str
    unit: str
    baseline: float
    baseline_year: int
    target: float
    target_year: int
    method: str
    responsible: str
    expected: float
    realised: float | None = Field(None, description="the latest measurement minus the baseline")
    share: float | None = Field(None, description="realised over expected")


def _plans(qs: Any) -> list[dict[str, Any]]:
    """The plans with what is realised, read in two queries whatever their number."""
    return [
        {
            **{f: getattr(r.plan, f) for f in ("id", "measure", "unit", "baseline", "baseline_year", "target")},
            **{f: getattr(r.plan, f) for f in ("target_year", "method", "responsible", "expected")},
            "project": r.plan.project.code,
            "indicator": r.plan.indicator.code if r.plan.indicator else None,
            "realised": r.realised,
            "share": r.share,
        }
        for r in selectors.benefit_rows(qs)
    ]


class PlanIn(Schema):
    measure: text(200, required=True)  # type: ignore[valid-type]
    unit: text(40, required=True)  # type: ignore[valid-type]
    indicator: str = Field("", max_length=40)
    baseline: float = Field(..., ge=-1e12, le=1e12, allow_inf_nan=False)
    baseline_year: Year
    target: float = Field(..., ge=-1e12, le=1e12, allow_inf_nan=False)
    target_year: Year
    method: text(300, required=True)  # type: ignore[valid-type]
    responsible: text(200, required=True)  # type: ignore[valid-type]


class RealisationIn(Schema):
    year: Year
    value: float = Field(..., ge=-1e12, le=1e12, allow_inf_nan=False)
    source: Literal["status_report", "measurement", "after_evaluation"]
    note: text(300) = ""  # type: ignore[valid-type]


@router.get("/benefit-plans", response=Page[PlanOut])
def list_plans(request: HttpRequest, project: Search = "", limit: Limit = 100, offset: Offset = 0) -> Any:
    require(request.user, "goals.view")
    qs = BenefitPlan.objects.order_by("project__code", "pk")
    qs = qs.filter(project__code=project) if project else qs
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": _plans(qs[offset : offset + limit])}


@router.post("/projects/{code}/benefit-plans", response={201: PlanOut})
def add_plan(request: HttpRequest, code: str, payload: PlanIn) -> Any:
    project = get_object_or_404(Project, code=code)
    require(request.user, "benefit.edit", project)
    data = payload.dict()
    indicator = get_object_or_404(Indicator, code=data.pop("indicator")) if payload.indicator else None
    plan = services.plan_create(actor=request.user, project=project, indicator=indicator, data=data)
    return Status(201, _plans(BenefitPlan.objects.filter(pk=plan.pk))[0])


@router.post("/benefit-plans/{pk}/realisations", response={201: PlanOut})
def add_realisation(request: HttpRequest, pk: int, payload: RealisationIn) -> Any:
    plan = get_object_or_404(BenefitPlan.objects.select_related("project"), pk=pk)
    require(request.user, "benefit.edit", plan.project)
    services.realisation_add(actor=request.user, plan=plan, **payload.dict())
    return Status(201, _plans(BenefitPlan.objects.filter(pk=plan.pk))[0])
