"""JSON endpoints for cases, treatments, meetings, attendance and decisions; same services and policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from byvekst.cases import selectors, services
from byvekst.cases.models import AgendaItem, Anchoring, Case, CasePaper, Decision, Meeting, Treatment
from byvekst.core.policy import require
from byvekst.core.schema import Day, Limit, Offset, Page, ProjectCode, Search, Slug, Year, page_of, text
from byvekst.governance.models import CaseKind, Forum, Party, Subject, User
from byvekst.projects.models import Project

router = Router(tags=["cases"])


class CaseIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    subject: Subject
    officer: str = Field(..., max_length=150, description="username")
    projects: list[ProjectCode] = Field([], max_length=500)
    targets: list[str] = Field(
        [],
        max_length=50,
        description="records the case proposes to change, as app_label.model:id "
        "(e.g. governance.mandateversion:17); a decision in a forum with the competence changes them",
    )


class TreatmentOut(Schema):
    id: int
    body: str = Field(..., alias="body_name")
    kind: str
    status: str
    outcome_status: str = Field("", description="outside bodies: approved / changed / rejected")
    outcome_date: dt.date | None = None
    reference: str = ""


class TargetOut(Schema):
    target_type: str
    target_id: str
    title: str


class CaseOut(Schema):
    number: str
    title: str
    subject: str
    treatments: list[TreatmentOut] = []
    targets: list[TargetOut] = Field([], description="what the case proposes to change by its decisions")

    @staticmethod
    def resolve_treatments(obj: Case) -> Any:
        return list(obj.treatments.all())

    @staticmethod
    def resolve_targets(obj: Case) -> Any:
        return list(obj.targets.all())


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


@router.get("/cases", response=Page[CaseOut])
def list_cases(request: HttpRequest, limit: Limit = 100, offset: Offset = 0) -> Any:
    """Cases, newest first, in pages (``limit`` at most 500)."""
    require(request.user, "case.view")
    cases = Case.objects.prefetch_related("treatments__forum", "treatments__body", "targets").order_by("-year", "-seq")
    return page_of(cases, limit, offset)


@router.post("/cases", response={201: CaseOut})
def open_case(request: HttpRequest, payload: CaseIn) -> Any:
    require(request.user, "case.manage")
    officer = _users([payload.officer], "officer")[payload.officer]
    projects = list(Project.objects.filter(code__in=payload.projects))
    if len(projects) != len(set(payload.projects)):
        raise ValidationError({"projects": "One of the project ids does not exist."})
    targets = [tuple(t.split(":", 1)) for t in payload.targets if ":" in t]
    if len(targets) != len(payload.targets):
        raise ValidationError({"targets": "Write each target as app_label.model:id."})
    case = services.case_open(
        actor=request.user,
        title=payload.title,
        subject=payload.subject,
        officer=officer,
        projects=projects,
        targets=targets,  # type: ignore[arg-type]
    )
    return Status(201, case)


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


@router.get("/meetings", response=Page[MeetingOut])
def list_meetings(request: HttpRequest, forum: Slug = "", limit: Limit = 100, offset: Offset = 0) -> Any:
    """Meetings, newest first, in pages (``limit`` at most 500)."""
    require(request.user, "case.view")
    qs = Meeting.objects.select_related("forum").order_by("-starts_at")
    return page_of(qs.filter(forum__slug=forum) if forum else qs, limit, offset)


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


class EffectOut(Schema):
    target_type: str
    target_id: str
    action: str
    title: str
    description: str = Field(..., alias="describe")


class VoteOut(Schema):
    person: str = Field(..., alias="person.username")
    party: str | None = Field(None, alias="party.slug")
    choice: str


class DecisionDetailOut(Schema):
    number: str
    forum: str = Field(..., alias="item.meeting.forum.slug")
    meeting: int = Field(..., alias="item.meeting_id")
    case: str = Field(..., alias="item.treatment.case.number")
    kind: str
    decided_on: dt.date | None
    text: str
    mode: str
    reservations: dict[str, str]
    unanchored: list[str]
    votes: list[VoteOut]
    changed: list[EffectOut] = Field(..., alias="effects", description="the records the decision changed")
    follow_up: str
    responsible: str
    due: dt.date | None

    @staticmethod
    def resolve_votes(obj: Decision) -> Any:
        return list(obj.votes.all())

    @staticmethod
    def resolve_effects(obj: Decision) -> Any:
        return list(obj.effects.all())


@router.get("/decisions", response=Page[DecisionDetailOut])
def list_decisions(
    request: HttpRequest,
    forum: Slug = "",
    year: Year | None = None,
    subject: Slug = "",
    q: Search = "",
    limit: Limit = 100,
    offset: Offset = 0,
) -> Any:
    """The decision register, newest first (filters as on the register page), in pages."""
    require(request.user, "case.view")
    filters = {"forum": forum, "year": year, "subject": subject, "q": q}
    return page_of(selectors.decision_register({k: v for k, v in filters.items() if v}), limit, offset)


@router.get("/decisions/{number}", response=DecisionDetailOut)
def get_decision(request: HttpRequest, number: str) -> Any:
    require(request.user, "case.view")
    return get_object_or_404(selectors.decisions(), number=number)


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


# --- Treatments: case papers, comments, anchoring, outside bodies' outcomes ------------------------------------


def _treatment(pk: int) -> Treatment:
    return get_object_or_404(Treatment.objects.select_related("case", "forum", "body", "paper"), pk=pk)


class PaperIO(Schema):
    why: text(5000) = ""  # type: ignore[valid-type]
    mandate_basis: text(300) = ""  # type: ignore[valid-type]
    draft_conclusion: text(5000) = ""  # type: ignore[valid-type]
    background: text(20000) = ""  # type: ignore[valid-type]
    assessment: text(20000) = ""  # type: ignore[valid-type]
    consequences: text(5000) = ""  # type: ignore[valid-type]
    positions: text(5000) = ""  # type: ignore[valid-type]
    further_handling: text(2000) = ""  # type: ignore[valid-type]


class PaperOut(PaperIO):
    treatment: int = Field(..., alias="treatment_id")
    final: bool

    @staticmethod
    def resolve_final(obj: CasePaper) -> bool:
        return obj.finalised_at is not None


class PaperIn(PaperIO):
    finalise: StrictBool = Field(False, description="mark final; every required field must then be filled in")


@router.get("/treatments/{pk}/paper", response=PaperOut)
def get_paper(request: HttpRequest, pk: int) -> Any:
    """The case paper: final papers for the participants of the forums that treat the case; drafts for the
    secretariat and the forum's leaders (docs/decisions/0010-who-reads-what.md)."""
    treatment = _treatment(pk)
    require(request.user, "paper.read", treatment)
    return treatment.paper


@router.put("/treatments/{pk}/paper", response=PaperOut)
def save_paper(request: HttpRequest, pk: int, payload: PaperIn) -> Any:
    treatment = _treatment(pk)
    require(request.user, "case.manage", treatment.case)
    data = payload.dict()
    finalise = data.pop("finalise")
    return services.paper_save(actor=request.user, paper=treatment.paper, data=data, finalise=finalise)


class CommentIn(Schema):
    text: text(5000, required=True)  # type: ignore[valid-type]


class CommentOut(Schema):
    author: str = Field(..., alias="author.get_full_name")
    text: str
    created_at: dt.datetime


@router.get("/treatments/{pk}/comments", response=list[CommentOut])
def list_comments(request: HttpRequest, pk: int) -> Any:
    treatment = _treatment(pk)
    require(request.user, "paper.read", treatment)
    return list(treatment.comments.select_related("author"))


@router.post("/treatments/{pk}/comments", response={201: CommentOut})
def add_comment(request: HttpRequest, pk: int, payload: CommentIn) -> Any:
    """Members and observers comment on their forum's case papers."""
    treatment = _treatment(pk)
    require(request.user, "paper.comment", treatment)
    return Status(201, services.paper_comment(actor=request.user, treatment=treatment, text=payload.text))


class AnchoringIn(Schema):
    party: Slug = Field(..., min_length=1)
    status: Anchoring.Status
    comment: text(500) = ""  # type: ignore[valid-type]


class AnchoringOut(Schema):
    party: str = Field(..., alias="party.slug")
    status: str
    comment: str


@router.post("/treatments/{pk}/anchoring", response=AnchoringOut)
def record_anchoring(request: HttpRequest, pk: int, payload: AnchoringIn) -> Any:
    """Whether the case is anchored in a party's own organisation, recorded by that party's participant."""
    treatment = _treatment(pk)
    party = get_object_or_404(Party, slug=payload.party)
    require(request.user, "anchoring.record", (treatment, party))
    return services.anchoring_record(
        actor=request.user, treatment=treatment, party=party, status=payload.status, comment=payload.comment
    )


class OutcomeIn(Schema):
    outcome: Treatment.Outcome
    on: Day
    reference: text(100) = ""  # type: ignore[valid-type]
    link: text(200) = Field("", description="http(s) address of their decision")  # type: ignore[valid-type]


@router.post("/treatments/{pk}/outcome", response=TreatmentOut)
def record_outcome(request: HttpRequest, pk: int, payload: OutcomeIn) -> Any:
    """What an outside body (bystyret, fylkestinget) decided; an action programme is adopted when every body
    its configuration requires has approved."""
    treatment = _treatment(pk)
    require(request.user, "case.manage", treatment.case)
    return services.treatment_outcome_record(actor=request.user, treatment=treatment, **payload.dict())


# --- Closing a meeting: minutes, approval, corrections ---------------------------------------------------------


class MeetingStateOut(Schema):
    id: int
    status: str
    minutes_status: str
    closed: bool = Field(..., alias="is_closed")


class CirculateIn(Schema):
    minutes: text(50000) = Field("", description="the minutes text; empty keeps the draft made when closing")  # type: ignore[valid-type]
    deadline: Day


class ApproveIn(Schema):
    in_meeting: int | None = Field(None, description="a later meeting of the same forum approving them")


class AmendmentIn(Schema):
    reason: text(1000, required=True)  # type: ignore[valid-type]
    text: text(5000, required=True)  # type: ignore[valid-type]


class AmendmentOut(Schema):
    reason: str
    text: str
    author: str = Field(..., alias="author.get_full_name")
    created_at: dt.datetime


@router.post("/meetings/{pk}/close", response=MeetingStateOut)
def close_meeting(request: HttpRequest, pk: int) -> Any:
    """The meeting is held: the draft minutes are made from attendance and decisions."""
    return services.meeting_close(actor=request.user, meeting=_meeting(request, pk))


@router.post("/meetings/{pk}/minutes/circulate", response=MeetingStateOut)
def circulate_minutes(request: HttpRequest, pk: int, payload: CirculateIn) -> Any:
    meeting = _meeting(request, pk)
    return services.minutes_circulate(
        actor=request.user, meeting=meeting, minutes=payload.minutes or meeting.minutes, deadline=payload.deadline
    )


@router.post("/meetings/{pk}/minutes/approve", response=MeetingStateOut)
def approve_minutes(request: HttpRequest, pk: int, payload: ApproveIn) -> Any:
    """Approved minutes close the meeting: attendance, agenda and decisions are read-only from then on."""
    meeting = _meeting(request, pk)
    in_meeting = _meeting(request, payload.in_meeting) if payload.in_meeting else None
    return services.minutes_approve(actor=request.user, meeting=meeting, in_meeting=in_meeting)


@router.post("/meetings/{pk}/minutes/publish", response=MeetingStateOut)
def publish_minutes(request: HttpRequest, pk: int) -> Any:
    return services.minutes_publish(actor=request.user, meeting=_meeting(request, pk))


@router.get("/meetings/{pk}/minutes", response=dict[str, Any])
def get_minutes(request: HttpRequest, pk: int) -> Any:
    """The minutes and their corrections: drafts for the forum's participants, approved minutes for all."""
    meeting = get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)
    require(request.user, "minutes.read", meeting)
    amendments = [AmendmentOut.from_orm(a).dict() for a in meeting.amendments.select_related("author")]
    return {"status": meeting.minutes_status, "minutes": meeting.minutes, "amendments": amendments}


@router.post("/meetings/{pk}/amendments", response={201: AmendmentOut})
def amend_minutes(request: HttpRequest, pk: int, payload: AmendmentIn) -> Any:
    """A correction to approved minutes, with its reason; shown in the minutes and audited."""
    meeting = _meeting(request, pk)
    return Status(201, services.meeting_amend(actor=request.user, meeting=meeting, **payload.dict()))
