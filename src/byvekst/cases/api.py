"""JSON endpoints for cases, treatments, meetings, attendance and decisions; same services and policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from byvekst.cases import selectors, services
from byvekst.cases.models import AgendaItem, Case, Decision, Meeting, Treatment
from byvekst.core.policy import require
from byvekst.core.schema import Slug
from byvekst.governance.models import CaseKind, Forum, Subject, User
from byvekst.projects.models import Project

router = Router(tags=["cases"])


class CaseIn(Schema):
    title: str
    subject: Subject
    officer: str = Field(..., description="username")
    projects: list[str] = []


class TreatmentOut(Schema):
    id: int
    body: str
    kind: str
    status: str


class CaseOut(Schema):
    number: str
    title: str
    subject: str
    treatments: list[TreatmentOut] = []

    @staticmethod
    def resolve_treatments(obj: Case) -> Any:
        return list(obj.treatments.select_related("forum"))


class TreatmentIn(Schema):
    kind: CaseKind
    forum: str | None = Field(None, description="forum slug")
    outside_body: str = ""


class MeetingIn(Schema):
    forum: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str = ""
    video_link: str = ""


class MeetingOut(Schema):
    id: int
    forum: str = Field(..., alias="forum.slug")
    number: int
    year: int
    starts_at: dt.datetime
    status: str
    minutes_status: str


class AttendanceIn(Schema):
    statuses: dict[str, str] = Field(..., description="username -> present/absent/excused")


class DecisionIn(Schema):
    item: int
    text: str
    mode: str
    reservations: dict[str, str] = {}
    votes: dict[str, str] = Field({}, description="username -> for/against/abstain")


class DecisionOut(Schema):
    number: str
    text: str
    mode: str
    reservations: dict[str, str]


def _case(request: HttpRequest, year: int, seq: int) -> Case:
    case = selectors.case_by_number(year, seq)
    require(request.user, "case.view", case)
    return case


def _users(names: list[str], field: str) -> dict[str, User]:
    found = {u.username: u for u in User.objects.filter(username__in=names)}
    missing = [n for n in names if n not in found]
    if missing:
        raise ValidationError({field: f"No person with the username {missing[0]!r}."})
    return found


@router.get("/cases", response=list[CaseOut])
def list_cases(request: HttpRequest) -> Any:
    require(request.user, "case.view")
    return Case.objects.prefetch_related("treatments__forum")[:500]


@router.post("/cases", response={201: CaseOut})
def open_case(request: HttpRequest, payload: CaseIn) -> Any:
    require(request.user, "case.manage")
    officer = _users([payload.officer], "officer")[payload.officer]
    projects = list(Project.objects.filter(code__in=payload.projects))
    if len(projects) != len(set(payload.projects)):
        raise ValidationError({"projects": "One of the project ids does not exist."})
    return Status(
        201,
        services.case_open(
            actor=request.user, title=payload.title, subject=payload.subject, officer=officer, projects=projects
        ),
    )


@router.get("/cases/{year}/{seq}", response=CaseOut)
def get_case(request: HttpRequest, year: int, seq: int) -> Any:
    return _case(request, year, seq)


@router.post("/cases/{year}/{seq}/treatments", response={201: TreatmentOut})
def add_treatment(request: HttpRequest, year: int, seq: int, payload: TreatmentIn) -> Any:
    case = _case(request, year, seq)
    require(request.user, "case.manage", case)
    forum = get_object_or_404(Forum, slug=payload.forum) if payload.forum else None
    return Status(
        201,
        services.treatment_add(
            actor=request.user, case=case, kind=payload.kind, forum=forum, outside_body=payload.outside_body
        ),
    )


@router.get("/meetings", response=list[MeetingOut])
def list_meetings(request: HttpRequest, forum: Slug = "") -> Any:
    require(request.user, "case.view")
    qs = Meeting.objects.select_related("forum")
    return qs.filter(forum__slug=forum) if forum else qs


@router.post("/meetings", response={201: MeetingOut})
def schedule(request: HttpRequest, payload: MeetingIn) -> Any:
    forum = get_object_or_404(Forum, slug=payload.forum)
    require(request.user, "meeting.manage", forum)
    data = payload.dict()
    data.pop("forum")
    return Status(201, services.meeting_schedule(actor=request.user, forum=forum, **data))


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("forum__mandate__current"), pk=pk)
    require(request.user, "meeting.manage", meeting.forum)
    return meeting


@router.post("/meetings/{pk}/agenda", response={201: dict[str, Any]})
def add_item(request: HttpRequest, pk: int, treatment: int) -> Any:
    meeting = _meeting(request, pk)
    item = services.agenda_add(
        actor=request.user, meeting=meeting, treatment=get_object_or_404(Treatment, pk=treatment)
    )
    return Status(201, {"item": item.pk, "order": item.order, "late_paper": item.late_paper})


@router.post("/meetings/{pk}/attendance", response=dict[str, Any])
def attendance(request: HttpRequest, pk: int, payload: AttendanceIn) -> Any:
    meeting = _meeting(request, pk)
    users = _users(list(payload.statuses), "statuses")
    services.attendance_record(
        actor=request.user, meeting=meeting, statuses={users[n].pk: s for n, s in payload.statuses.items()}
    )
    present, needed, ok = services.quorum(meeting)
    return {"present": present, "needed": needed, "quorate": ok}


@router.post("/meetings/{pk}/decisions", response={201: DecisionOut})
def decide(request: HttpRequest, pk: int, payload: DecisionIn) -> Any:
    meeting = _meeting(request, pk)
    item = get_object_or_404(AgendaItem, pk=payload.item, meeting=meeting)
    users = _users(list(payload.votes), "votes")
    return Status(
        201,
        services.decision_record(
            actor=request.user,
            item=item,
            text=payload.text,
            mode=payload.mode,
            reservations=payload.reservations,
            votes={users[n].pk: v for n, v in payload.votes.items()},
        ),
    )


class FollowUpIn(Schema):
    follow_up: Decision.FollowUp
    responsible: str = ""
    due: dt.date | None = None


class FollowUpOut(DecisionOut):
    follow_up: str
    responsible: str
    due: dt.date | None


@router.patch("/decisions/{number}/follow-up", response=FollowUpOut)
def follow_up(request: HttpRequest, number: str, payload: FollowUpIn) -> Any:
    decision = get_object_or_404(Decision.objects.select_related("item__treatment__case"), number=number)
    require(request.user, "case.manage", decision)
    return services.decision_follow_up(
        actor=request.user,
        decision=decision,
        status=payload.follow_up,
        responsible=payload.responsible,
        due=payload.due,
    )
