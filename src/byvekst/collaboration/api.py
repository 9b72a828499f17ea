"""JSON endpoints of the disagreement ladder; same services and policy as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from byvekst.cases.models import Case
from byvekst.collaboration import services
from byvekst.collaboration.models import Disagreement
from byvekst.core.policy import require
from byvekst.core.schema import Limit, Offset, Page, Slug, page_of, text
from byvekst.governance.models import Party
from byvekst.projects.models import Project

router = Router(tags=["collaboration"])


class PositionOut(Schema):
    party: str = Field(..., alias="party.slug")
    text: str


class DisagreementOut(Schema):
    id: int
    title: str
    case: str | None
    project: str | None = Field(None, alias="project.code")
    level: int
    level_name: str
    forum: str = Field(..., alias="forum.slug")
    level_since: dt.datetime
    due: dt.datetime
    status: str
    outcome: str
    reservation: str
    positions: list[PositionOut]

    @staticmethod
    def resolve_case(obj: Disagreement) -> str | None:
        return obj.case.number if obj.case else None

    @staticmethod
    def resolve_level_name(obj: Disagreement) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_positions(obj: Disagreement) -> Any:
        return list(obj.positions.all())


class DisagreementIn(Schema):
    title: text(300, required=True)  # type: ignore[valid-type]
    case: str = Field("", max_length=20, description="a case number (2026/14), or")
    project: str = Field("", max_length=20, description="a project id")
    level: int = Field(1, ge=1, le=4, description="1 working group, 2 coordination, 3 Council, 4 Steering Group")
    party: Slug = Field(..., description="your party's slug")
    position: text(5000, required=True)  # type: ignore[valid-type]


class PositionIn(Schema):
    party: Slug
    text: text(5000, required=True)  # type: ignore[valid-type]


class ResolveIn(Schema):
    outcome: text(5000, required=True)  # type: ignore[valid-type]
    reservation: text(5000) = ""  # type: ignore[valid-type]


def _qs() -> Any:
    return Disagreement.objects.select_related("forum", "case", "project").prefetch_related("positions__party")


@router.get("/disagreements", response=Page[DisagreementOut])
def list_disagreements(
    request: HttpRequest,
    status: Literal["", "open", "resolved"] = "",
    level: int | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Any:
    """Disagreements, the highest level and the oldest first, in pages."""
    require(request.user, "disagreement.view")
    qs = _qs().order_by("-level", "level_since")
    if status:
        qs = qs.filter(status=status)
    if level is not None:
        qs = qs.filter(level=level)
    return page_of(qs, limit, offset)


@router.get("/disagreements/{pk}", response=DisagreementOut)
def get_disagreement(request: HttpRequest, pk: int) -> Any:
    require(request.user, "disagreement.view")
    return get_object_or_404(_qs(), pk=pk)


@router.post("/disagreements", response={201: DisagreementOut})
def register_disagreement(request: HttpRequest, payload: DisagreementIn) -> Any:
    require(request.user, "disagreement.register")
    party = get_object_or_404(Party, slug=payload.party)
    require(request.user, "disagreement.speak_for", party)
    year, _sep, seq = payload.case.partition("/")
    case = Case.objects.filter(year=year, seq=seq).first() if year.isdigit() and seq.isdigit() else None
    project = Project.objects.filter(code=payload.project).first() if payload.project else None
    if (payload.case and case is None) or (payload.project and project is None):
        raise ValidationError({"case" if payload.case else "project": "Not found."})
    made = services.disagreement_register(
        actor=request.user,
        title=payload.title,
        level=payload.level,
        positions={party: payload.position},
        case=case,
        project=project,
    )
    return Status(201, get_object_or_404(_qs(), pk=made.pk))


@router.post("/disagreements/{pk}/positions", response=DisagreementOut)
def set_position(request: HttpRequest, pk: int, payload: PositionIn) -> Any:
    disagreement = get_object_or_404(_qs(), pk=pk)
    party = get_object_or_404(Party, slug=payload.party)
    require(request.user, "disagreement.position", (disagreement, party))
    services.position_set(actor=request.user, disagreement=disagreement, party=party, text=payload.text)
    return get_object_or_404(_qs(), pk=pk)


@router.post("/disagreements/{pk}/lift", response=DisagreementOut)
def lift(request: HttpRequest, pk: int) -> Any:
    disagreement = get_object_or_404(_qs(), pk=pk)
    require(request.user, "disagreement.lift", disagreement)
    return services.disagreement_lift(actor=request.user, disagreement=disagreement)


@router.post("/disagreements/{pk}/resolve", response=DisagreementOut)
def resolve(request: HttpRequest, pk: int, payload: ResolveIn) -> Any:
    disagreement = get_object_or_404(_qs(), pk=pk)
    require(request.user, "disagreement.resolve", disagreement)
    return services.disagreement_resolve(actor=request.user, disagreement=disagreement, **payload.dict())
