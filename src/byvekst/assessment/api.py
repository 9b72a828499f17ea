"""JSON endpoints for evaluation criteria: criteria sets with the decision that adopted them, the parties' weights
(AHP, swing, direct), the aggregate, and scores on project sheets; same services and policy as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, StrictBool

from byvekst.assessment import selectors, services
from byvekst.assessment.models import CriteriaSet, Criterion, Score, WeightSet
from byvekst.assessment.rankings import rankings
from byvekst.core.policy import require
from byvekst.core.schema import Code, Limit, Offset, Page, ProjectCode, Slug, page_of, text
from byvekst.governance.models import Party
from byvekst.projects.models import Project

router = Router(tags=["assessment"])

Judgement = Annotated[float, Field(ge=1 / 9, le=9, allow_inf_nan=False)]
Points = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class CriterionOut(Schema):
    code: str
    name: str
    description: str
    kind: str
    scale_min: int
    scale_max: int
    levels: dict[str, str]
    higher_is_better: bool
    source_field: str
    missing: str = Field("zero", description='a project without data: "zero" (no effect) or "mean" (the average)')


class CriteriaSetOut(Schema):
    number: int
    name: str
    status: str
    adopted_on: dt.date | None
    decision: str = Field(
        "", alias="decision_number", description="the decision that adopted it (GET /api/decisions/…)"
    )
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(obj: CriteriaSet) -> Any:
        return list(obj.criteria.all())


class WeightSetOut(Schema):
    party: str | None = Field(None, alias="party.slug", description="null for the aggregate")
    method: str
    weights: dict[str, float]
    consistency_ratio: float | None
    inputs: dict[str, Any]
    updated_at: dt.datetime


class WeightsIn(Schema):
    method: Literal["ahp", "swing", "direct"]
    judgements: dict[str, Judgement] = Field(
        {}, max_length=400, description='AHP: "codeA|codeB" (A before B in the set\'s order) -> 1/9…9'
    )
    points: dict[Code, Points] = Field({}, max_length=50, description="swing or direct: criterion code -> points")


class ScoreIn(Schema):
    criterion: Code = Field(..., min_length=1)
    value: int = Field(..., ge=-100, le=100)
    justification: text(5000, required=True)  # type: ignore[valid-type]


class ScoreOut(Schema):
    criterion: str = Field(..., alias="criterion.code")
    value: int
    justification: str
    status: str


def _current() -> CriteriaSet:
    found = selectors.current_set()
    if found is None:
        raise Http404
    return found


def _set(number: int) -> CriteriaSet:
    return get_object_or_404(CriteriaSet.objects.prefetch_related("criteria"), number=number)


@router.get("/criteria-sets", response=list[CriteriaSetOut])
def list_criteria_sets(request: HttpRequest) -> Any:
    require(request.user, "criteria.view")
    return CriteriaSet.objects.prefetch_related("criteria").order_by("-number")


class CriterionIn(Schema):
    model_config = ConfigDict(strict=True)  # 0 is not false, false is not 0

    code: Code = Field(..., min_length=1)
    name: text(120, required=True)  # type: ignore[valid-type]
    description: text(2000) = ""  # type: ignore[valid-type]
    kind: Literal["judgement", "computed"]
    scale_min: int = Field(-4, ge=-10, le=10)
    scale_max: int = Field(4, ge=-10, le=10)
    levels: dict[str, text(300)] = Field({}, max_length=21)  # type: ignore[valid-type]
    higher_is_better: StrictBool = True
    source_field: Literal["", "car_trips_reduced", "vehicle_km_reduced", "sustainable_trips", "net_benefit"] = ""
    reference: float = Field(1.0, gt=0, le=1e9)
    missing: Literal["zero", "mean"] = "zero"


class CriteriaSetIn(Schema):
    name: text(200, required=True)  # type: ignore[valid-type]
    criteria: list[CriterionIn] = Field(..., min_length=1, max_length=30)


@router.post("/criteria-sets", response={201: CriteriaSetOut})
def create_criteria_set(request: HttpRequest, payload: CriteriaSetIn) -> Any:
    """A draft set of criteria; the Steering Group's decision adopts it (put it forward as a case)."""
    require(request.user, "criteria.edit", None)
    codes = [c.code for c in payload.criteria]
    if len(set(codes)) != len(codes):
        raise ValidationError({"criteria": _("Each criterion needs its own code.")})
    computed = [c for c in payload.criteria if c.kind == "computed" and not c.source_field]
    if computed:
        raise ValidationError(
            {"criteria": _("%(c)s is computed but names no source on the sheet.") % {"c": computed[0].code}}
        )
    cs = services.criteria_set_create(
        actor=request.user, name=payload.name, criteria=[c.dict() for c in payload.criteria]
    )
    return Status(201, _set(cs.number))


@router.get("/criteria-sets/{number}", response=CriteriaSetOut)
def get_criteria_set(request: HttpRequest, number: int) -> Any:
    require(request.user, "criteria.view")
    return _set(number)


@router.get("/criteria-sets/{number}/weights", response=list[WeightSetOut])
def list_weights(request: HttpRequest, number: int) -> Any:
    require(request.user, "criteria.view")
    return WeightSet.objects.filter(criteria_set=_set(number)).select_related("party").order_by("party__order")


class RankedOut(Schema):
    place: int
    project: str = Field(..., alias="code")
    title: str
    cost_p50: float | None = Field(None, alias="cost")
    value: float
    value_per_mnok: float | None
    coverage: float = Field(..., description="the share of the weight resting on criteria with data (0–1)")
    breakdown: dict[str, float] = Field(..., description="criterion code -> weighted points; they add up to value")


@router.get("/criteria-sets/{number}/ranking", response=Page[RankedOut])
def ranking(request: HttpRequest, number: int, weights: str = "", limit: Limit = 100, offset: Offset = 0) -> Any:
    """The assessed sheets ranked by value under a weight set (``weights``: the id of a weight set of this criteria
    set; empty: the aggregate, or the first). Computed once per change of the sheets, scores or weights."""
    require(request.user, "criteria.view")
    cs = _set(number)
    weight_sets = list(cs.weight_sets.select_related("party"))
    chosen = next((w for w in weight_sets if str(w.pk) == weights), None)
    if weights and chosen is None:
        raise ValidationError({"weights": _("This criteria set has no weight set with that id.")})
    chosen = chosen or next((w for w in weight_sets if w.party is None), weight_sets[0] if weight_sets else None)
    if chosen is None:
        raise ValidationError({"weights": _("No weights yet: enter weights before the ranking can be computed.")})
    return page_of(rankings(cs, list(cs.criteria.all()), weight_sets).rows(chosen), limit, offset)


@router.put("/criteria-sets/{number}/weights/{party}", response=WeightSetOut)
def enter_weights(request: HttpRequest, number: int, party: Slug, payload: WeightsIn) -> Any:
    """A party's weights, entered by its member of the Prioritisation Council (or the secretariat)."""
    cs, who = _set(number), get_object_or_404(Party, slug=party)
    require(request.user, "weights.enter", who)
    if payload.method == "ahp":
        return services.weights_ahp(actor=request.user, criteria_set=cs, party=who, judgements=payload.judgements)
    enter = services.weights_swing if payload.method == "swing" else services.weights_direct
    key = "points" if payload.method == "swing" else "values"
    return enter(actor=request.user, criteria_set=cs, party=who, **{key: payload.points})


@router.post("/criteria-sets/{number}/aggregate", response=WeightSetOut)
def aggregate_weights(request: HttpRequest, number: int) -> Any:
    cs = _set(number)
    require(request.user, "criteria.edit", None)
    return services.weights_aggregate(actor=request.user, criteria_set=cs)


@router.get("/projects/{code}/scores", response=list[ScoreOut])
def list_scores(request: HttpRequest, code: ProjectCode) -> Any:
    project = get_object_or_404(Project, code=code)
    require(request.user, "project.view", project)
    return Score.objects.filter(project=project).select_related("criterion").order_by("criterion__order")


@router.post("/projects/{code}/scores", response={201: ScoreOut})
def propose_score(request: HttpRequest, code: ProjectCode, payload: ScoreIn) -> Any:
    """A score proposed by the working group (or the secretariat), for the coordination function to review."""
    project = get_object_or_404(Project, code=code)
    require(request.user, "score.propose", project)
    criterion = get_object_or_404(Criterion, criteria_set=_current(), code=payload.criterion)
    return Status(
        201,
        services.score_propose(
            actor=request.user,
            project=project,
            criterion=criterion,
            value=payload.value,
            justification=payload.justification,
        ),
    )


@router.post("/projects/{code}/scores/{criterion}/review", response=ScoreOut)
def review_score(request: HttpRequest, code: ProjectCode, criterion: Code) -> Any:
    project = get_object_or_404(Project, code=code)
    require(request.user, "score.review", project)
    score = get_object_or_404(
        Score.objects.select_related("criterion", "project"), project=project, criterion__code=criterion
    )
    return services.score_review(actor=request.user, score=score)
