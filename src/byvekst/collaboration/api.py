"""JSON endpoints of the disagreement ladder; same services and policy as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from byvekst.cases.models import Case
from byvekst.collaboration import services
from byvekst.collaboration.models import Disagreement, ThemeDay
from byvekst.collaboration.timeuse import time_use
from byvekst.core.policy import require
from byvekst.core.schema import Limit, Moment, Offset, Page, Slug, page_of, text
from byvekst.governance.models import Forum, Party
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


class ThemeDayOut(Schema):
    id: int
    topic: str
    focus_area: str = Field(..., alias="focus_area_code")
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    organiser: str = Field(..., alias="organiser.username")
    status: str
    outcome: str
    invited_forums: list[str]
    registered: int
    attended: int

    @staticmethod
    def resolve_invited_forums(obj: ThemeDay) -> list[str]:
        return [f.slug for f in obj.invited_forums.all()]

    @staticmethod
    def resolve_registered(obj: ThemeDay) -> int:
        return len(obj.registrations.all())

    @staticmethod
    def resolve_attended(obj: ThemeDay) -> int:
        return sum(1 for r in obj.registrations.all() if r.attended)


class ThemeDayIn(Schema):
    topic: text(300, required=True)  # type: ignore[valid-type]
    starts_at: Moment
    ends_at: Moment
    place: text(200, required=True)  # type: ignore[valid-type]
    focus_area: Slug = ""
    forums: list[Slug] = Field([], max_length=50)
    parties: list[Slug] = Field([], max_length=50)


class HeldIn(Schema):
    attended: list[str] = Field([], max_length=1000, description="usernames of those who came")
    outcome: text(5000, required=True)  # type: ignore[valid-type]
    material: text(5000) = ""  # type: ignore[valid-type]


def _days() -> Any:
    return ThemeDay.objects.select_related("organiser").prefetch_related("invited_forums", "registrations")


@router.get("/themedays", response=Page[ThemeDayOut])
def list_themedays(request: HttpRequest, limit: Limit = 100, offset: Offset = 0) -> Any:
    require(request.user, "themeday.view")
    return page_of(_days().order_by("starts_at"), limit, offset)


@router.get("/themedays/{pk}", response=ThemeDayOut)
def get_themeday(request: HttpRequest, pk: int) -> Any:
    require(request.user, "themeday.view")
    return get_object_or_404(_days(), pk=pk)


@router.post("/themedays", response={201: ThemeDayOut})
def plan_themeday(request: HttpRequest, payload: ThemeDayIn) -> Any:
    require(request.user, "themeday.plan")
    forums = list(Forum.objects.filter(slug__in=payload.forums))
    parties = list(Party.objects.filter(slug__in=payload.parties))
    if len(forums) != len(set(payload.forums)) or len(parties) != len(set(payload.parties)):
        raise ValidationError({"forums" if len(forums) != len(set(payload.forums)) else "parties": "Unknown slug."})
    day = services.themeday_plan(
        actor=request.user,
        topic=payload.topic,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        place=payload.place,
        organiser=request.user,
        focus_area_code=payload.focus_area,
        forums=forums,
        parties=parties,
    )
    return Status(201, get_object_or_404(_days(), pk=day.pk))


@router.post("/themedays/{pk}/registrations", response={201: ThemeDayOut})
def register_for_themeday(request: HttpRequest, pk: int) -> Any:
    """Register the person calling."""
    day = get_object_or_404(_days(), pk=pk)
    require(request.user, "themeday.register", day)
    services.themeday_register(
        actor=request.user, day=day, person=request.user, party=getattr(request.user, "party", None)
    )
    return Status(201, get_object_or_404(_days(), pk=pk))


@router.post("/themedays/{pk}/held", response=ThemeDayOut)
def themeday_held(request: HttpRequest, pk: int, payload: HeldIn) -> Any:
    day = get_object_or_404(_days(), pk=pk)
    require(request.user, "themeday.hold", day)
    came = set(payload.attended)
    attended = {r.person_id: r.person.username in came for r in day.registrations.select_related("person")}
    services.themeday_hold(
        actor=request.user, day=day, attended=attended, outcome=payload.outcome, material=payload.material
    )
    return get_object_or_404(_days(), pk=pk)


Month = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$")]


class ForumUse(Schema):
    forum: str
    name: str
    replaced: bool
    meetings: int
    hours: float
    hours_per_person_month: float
    expected_per_person_month: float | None


class TimeUseOut(Schema):
    months: list[str]
    forums: list[ForumUse]
    parties: dict[str, list[float]]


@router.get("/time-use", response=TimeUseOut)
def get_time_use(request: HttpRequest, first: Month, last: Month) -> Any:
    """Hours per forum and per party for each month from ``first`` to ``last`` (YYYY-MM, at most 36 months)."""
    require(request.user, "timeuse.view")
    months = []
    for name, value in (("first", first), ("last", last)):
        year, month = int(value[:4]), int(value[5:])
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise ValidationError({name: "Give a month from 2000-01 to 2100-12."})
        months.append(dt.date(year, month, 1))
    a, b = months
    if a > b or (b.year - a.year) * 12 + b.month - a.month >= 36:
        raise ValidationError({"last": "Give at most 36 months, the first not after the last."})
    use = time_use(a, b)
    return {
        "months": use.months,
        "forums": [
            {
                "forum": r["slug"],
                "name": r["name"],
                "replaced": r["ended"],
                "meetings": r["meetings"],
                "hours": round(r["hours"], 2),
                "hours_per_person_month": round(r["per_person_month"], 2),
                "expected_per_person_month": None if r["expected"] is None else round(r["expected"], 2),
            }
            for r in use.forum_rows()
        ],
        "parties": {
            p: [round(use.by_party[(m, p)], 2) for m in use.months] for p in sorted({p for _m, p in use.by_party})
        },
    }
