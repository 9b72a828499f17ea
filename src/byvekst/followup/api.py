"""JSON endpoints of the follow-up: status reports, deviations and orders; same services and policy as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from byvekst.cases.models import Decision
from byvekst.core.policy import require
from byvekst.core.schema import MNOK, Day, Limit, Offset, Page, ProjectCode, Search, Year, page_of, text
from byvekst.followup import selectors, services
from byvekst.followup.models import Deviation, Order, OrderAttachment, OrderTemplateVersion, StatusReport
from byvekst.followup.revision import revision_start
from byvekst.governance.models import Forum, Party, User
from byvekst.portfolio.api import RunOut
from byvekst.portfolio.models import FrameVersion
from byvekst.projects.models import Phase, Project

router = Router(tags=["follow-up"])

LightIn = Literal["green", "yellow", "red"]
Long = text(5000)


class MilestoneIn(Schema):
    name: text(200, required=True)  # type: ignore[valid-type]
    planned: Day
    forecast: Day


class RiskScoreIn(Schema):
    id: int = Field(..., description="a risk of the project's sheet (GET /api/projects/{code})")
    probability: int = Field(..., ge=1, le=5)
    consequence: int = Field(..., ge=1, le=5)


class ReportIn(Schema):
    year: Year
    period: int = Field(..., ge=1, le=12, description="1 … the reporting rules' periods per year (3: tertials)")
    phase: Literal[tuple(Phase.values)]  # type: ignore[valid-type]
    percent_complete: int = Field(..., ge=0, le=100)
    milestones: list[MilestoneIn] = Field([], max_length=services.MAX_MILESTONES)
    granted_to_date: MNOK
    spent_to_date: MNOK
    budget_this_year: MNOK
    spent_this_year: MNOK
    forecast_p50: MNOK
    forecast_p85: MNOK | None = None
    risks: list[RiskScoreIn] = Field([], max_length=100, description="the sheet's risks scored again")
    new_risks: Long = ""  # type: ignore[valid-type]
    goals_note: Long = ""  # type: ignore[valid-type]
    light_progress: LightIn
    light_economy: LightIn
    light_uncertainty: LightIn
    light_goals: LightIn
    comment_progress: Long = ""  # type: ignore[valid-type]
    comment_economy: Long = ""  # type: ignore[valid-type]
    comment_uncertainty: Long = ""  # type: ignore[valid-type]
    comment_goals: Long = ""  # type: ignore[valid-type]
    correction: Long = Field("", description="required when the period is already reported")  # type: ignore[valid-type]


class ReportOut(Schema):
    id: int
    project: str = Field(..., alias="project.code")
    year: int
    period: int
    period_label: str
    version: int
    programme: str = Field(..., description="the adopted programme version reported against")
    adopted_cost: Decimal
    adopted_start: int
    phase: str
    percent_complete: int
    milestones: list[dict[str, str]]
    granted_to_date: Decimal
    spent_to_date: Decimal
    budget_this_year: Decimal
    spent_this_year: Decimal
    forecast_p50: Decimal
    forecast_p85: Decimal | None
    risks: list[dict[str, Any]]
    new_risks: str
    goals_note: str
    lights: dict[str, str]
    comments: dict[str, str]
    correction: str
    submitted_by: str = Field(..., alias="submitted_by.username")
    submitted_at: dt.datetime

    @staticmethod
    def resolve_programme(obj: StatusReport) -> str:
        return str(obj.programme_version)

    @staticmethod
    def resolve_lights(obj: StatusReport) -> dict[str, str]:
        return {d: light for d, _l, light, _c in obj.lights()}

    @staticmethod
    def resolve_comments(obj: StatusReport) -> dict[str, str]:
        return {d: comment for d, _l, _light, comment in obj.lights()}


class DeviationOut(Schema):
    id: int
    project: str = Field(..., alias="project.code")
    rule: str
    status: str
    description: str
    facts: dict[str, Any]
    explanation: str
    measure: str
    report: int = Field(..., alias="report_id")
    last_report: int = Field(..., alias="last_report_id")
    case: str | None = Field(None, description="the case number, when it went to the Council")
    decision: str | None = Field(None, description="the decision number, when decided")
    note: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_description(obj: Deviation) -> str:
        return obj.describe()

    @staticmethod
    def resolve_case(obj: Deviation) -> str | None:
        return obj.case.number if obj.case else None

    @staticmethod
    def resolve_decision(obj: Deviation) -> str | None:
        return obj.decision.number if obj.decision else None


class ExplainIn(Schema):
    explanation: text(5000, required=True)  # type: ignore[valid-type]
    measure: text(5000, required=True)  # type: ignore[valid-type]


class NoteIn(Schema):
    note: text(5000, required=True)  # type: ignore[valid-type]


class CaseRef(Schema):
    case: str


class OrderIn(Schema):
    title: text(300, required=True)  # type: ignore[valid-type]
    deliverable: text(5000, required=True)  # type: ignore[valid-type]
    due: Day
    report_form: Literal[("", *Order.Form.values)] = Field(  # type: ignore[valid-type]
        "", description="the form of the report back; empty when a template sets it"
    )
    template: int | None = Field(
        None, description="an agreed order template version in force (GET /api/order-templates)"
    )
    to_party: str = Field("", max_length=50, description="a party's slug")
    to_forum: str = Field("", max_length=50, description="a forum's slug")
    to_person: str = Field("", max_length=150, description="a username")
    decision: str = Field("", max_length=20, description="the decision number the order comes from")
    reference: text(200) = ""  # type: ignore[valid-type]


class AttachmentOut(Schema):
    title: str
    url: str

    @staticmethod
    def resolve_url(obj: OrderAttachment) -> str:
        return reverse("order-attachment", args=[obj.order_id, obj.pk])


class OrderOut(Schema):
    id: int
    number: str
    title: str
    deliverable: str
    due: dt.date
    report_form: str
    to: str
    decision: str | None
    reference: str
    status: str
    overdue: bool
    report: str
    attachments: list[AttachmentOut]
    closing_note: str
    closing_decision: str | None
    template: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_attachments(obj: Order) -> list[OrderAttachment]:
        return list(obj.attachments.all())

    @staticmethod
    def resolve_closing_decision(obj: Order) -> str | None:
        return obj.closing_decision.number if obj.closing_decision else None

    @staticmethod
    def resolve_template(obj: Order) -> str | None:
        return str(obj.template_version) if obj.template_version else None

    @staticmethod
    def resolve_to(obj: Order) -> str:
        return str(obj.recipient)

    @staticmethod
    def resolve_decision(obj: Order) -> str | None:
        return obj.decision.number if obj.decision else None

    @staticmethod
    def resolve_overdue(obj: Order) -> bool:
        return obj.is_overdue()


class RevisionIn(Schema):
    frame: int = Field(..., ge=1, description="the number of the frame version the revised programme is made on")
    name: text(200, required=True)  # type: ignore[valid-type]
    reason: text(5000, required=True)  # type: ignore[valid-type]


class OrderReportIn(Schema):
    report: text(5000, required=True)  # type: ignore[valid-type]


class OrderCloseIn(Schema):
    note: text(5000) = ""  # type: ignore[valid-type]
    decision: str = Field("", max_length=20, description="the number of the decision that answers the order")


class TemplateVersionOut(Schema):
    id: int
    number: int
    status: str
    in_force: bool
    report_form: str
    instructions: str
    sections: list[str]
    decision: str | None
    agreed_on: dt.date | None

    @staticmethod
    def resolve_in_force(obj: OrderTemplateVersion) -> bool:
        return obj.template.current_id == obj.pk

    @staticmethod
    def resolve_decision(obj: OrderTemplateVersion) -> str | None:
        return obj.decision.number if obj.decision else None


class OrderTemplateOut(Schema):
    name: str
    versions: list[TemplateVersionOut]

    @staticmethod
    def resolve_versions(obj: Any) -> list[OrderTemplateVersion]:
        return list(obj.versions.all())


class OrderTemplateIn(Schema):
    name: text(120, required=True)  # type: ignore[valid-type]
    report_form: Literal[tuple(Order.Form.values)]  # type: ignore[valid-type]
    instructions: text(5000, required=True)  # type: ignore[valid-type]
    sections: list[text(200)] = Field([], max_length=20)  # type: ignore[valid-type]


@router.get("/reports", response=Page[ReportOut])
def list_reports(
    request: HttpRequest,
    project: Search = "",
    year: int | None = None,
    period: int | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Any:
    """Status reports (every version), newest period first, in pages."""
    require(request.user, "followup.view")
    qs = (
        selectors.reports()
        .select_related("programme_version__programme")
        .order_by("-year", "-period", "project__code", "-version")
    )
    if project:
        qs = qs.filter(project__code=project)
    if year is not None:
        qs = qs.filter(year=year)
    if period is not None:
        qs = qs.filter(period=period)
    return page_of(qs, limit, offset)


@router.get("/reports/{pk}", response=ReportOut)
def get_report(request: HttpRequest, pk: int) -> Any:
    require(request.user, "followup.view")
    return get_object_or_404(selectors.reports(), pk=pk)


@router.post("/projects/{code}/reports", response={201: ReportOut})
def submit_report(request: HttpRequest, code: ProjectCode, payload: ReportIn) -> Any:
    """Send a status report; the reporting rules then open deviations (``GET /api/deviations``)."""
    project = get_object_or_404(Project, code=code)
    require(request.user, "report.submit", project)
    data = payload.dict()
    data["milestones"] = [m.dict() for m in payload.milestones]
    data["risks"] = [r.dict() for r in payload.risks]
    year, period, correction = data.pop("year"), data.pop("period"), data.pop("correction")
    report = services.report_submit(
        actor=request.user, project=project, year=year, period=period, data=data, correction=correction
    )
    return Status(201, report)


@router.get("/deviations", response=Page[DeviationOut])
def list_deviations(
    request: HttpRequest,
    status: Literal["", "open", "in_treatment", "decided", "closed"] = "",
    limit: Limit = 100,
    offset: Offset = 0,
) -> Any:
    require(request.user, "followup.view")
    return page_of(selectors.deviations(status).order_by("-opened_at", "-pk"), limit, offset)


def _deviation(pk: int) -> Deviation:
    return get_object_or_404(selectors.deviations(), pk=pk)


@router.get("/deviations/{pk}", response=DeviationOut)
def get_deviation(request: HttpRequest, pk: int) -> Any:
    require(request.user, "followup.view")
    return _deviation(pk)


@router.post("/deviations/{pk}/explanation", response=DeviationOut)
def explain_deviation(request: HttpRequest, pk: int, payload: ExplainIn) -> Any:
    deviation = _deviation(pk)
    require(request.user, "deviation.explain", deviation)
    return services.deviation_explain(actor=request.user, deviation=deviation, **payload.dict())


@router.post("/deviations/{pk}/case", response={201: CaseRef})
def deviation_case(request: HttpRequest, pk: int) -> Any:
    """Make the deviation a case to the Prioritisation Council with the case paper drafted."""
    deviation = _deviation(pk)
    require(request.user, "deviation.manage", deviation)
    case = services.deviation_to_case(actor=request.user, deviation=deviation, officer=request.user)  # type: ignore[arg-type]
    return Status(201, {"case": case.number})


@router.post("/deviations/{pk}/close", response=DeviationOut)
def close_deviation(request: HttpRequest, pk: int, payload: NoteIn) -> Any:
    deviation = _deviation(pk)
    require(request.user, "deviation.manage", deviation)
    return services.deviation_close(actor=request.user, deviation=deviation, note=payload.note)


@router.get("/orders", response=Page[OrderOut])
def list_orders(
    request: HttpRequest,
    status: Literal["", "sent", "acknowledged", "reported", "closed"] = "",
    overdue: bool = False,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Any:
    require(request.user, "followup.view")
    return page_of(selectors.orders(status=status, overdue=overdue), limit, offset)


@router.post("/orders", response={201: OrderOut})
def create_order(request: HttpRequest, payload: OrderIn) -> Any:
    require(request.user, "order.create")
    data = payload.dict()
    order = services.order_create(
        actor=request.user,
        title=data["title"],
        deliverable=data["deliverable"],
        due=data["due"],
        report_form=data["report_form"],
        to_party=get_object_or_404(Party, slug=payload.to_party) if payload.to_party else None,
        to_forum=get_object_or_404(Forum, slug=payload.to_forum) if payload.to_forum else None,
        to_person=get_object_or_404(User, username=payload.to_person) if payload.to_person else None,
        decision=get_object_or_404(Decision, number=payload.decision) if payload.decision else None,
        reference=data["reference"],
        template=get_object_or_404(OrderTemplateVersion, pk=payload.template) if payload.template else None,
    )
    return Status(201, order)


def _order(pk: int) -> Order:
    return get_object_or_404(selectors.orders(), pk=pk)


@router.get("/orders/{pk}", response=OrderOut)
def get_order(request: HttpRequest, pk: int) -> Any:
    require(request.user, "followup.view")
    return _order(pk)


@router.post("/orders/{pk}/acknowledge", response=OrderOut)
def acknowledge_order(request: HttpRequest, pk: int) -> Any:
    order = _order(pk)
    require(request.user, "order.respond", order)
    return services.order_acknowledge(actor=request.user, order=order)


@router.post("/orders/{pk}/report", response=OrderOut)
def report_order(request: HttpRequest, pk: int, payload: OrderReportIn) -> Any:
    order = _order(pk)
    require(request.user, "order.respond", order)
    return services.order_report(actor=request.user, order=order, text=payload.report)


@router.post("/orders/{pk}/report-with-files", response=OrderOut)
def report_order_with_files(
    request: HttpRequest,
    pk: int,
    report: Form[text(5000, required=True)],  # type: ignore[valid-type]
    files: File[list[UploadedFile]],
) -> Any:
    """The report back with attachments (multipart: ``report`` and one or more ``files``); a refused file keeps
    nothing."""
    order = _order(pk)
    require(request.user, "order.respond", order)
    services.order_report(actor=request.user, order=order, text=report, files=files)
    return _order(pk)  # read again, with the attachments just kept


@router.post("/orders/{pk}/close", response=OrderOut)
def close_order(request: HttpRequest, pk: int, payload: OrderCloseIn) -> Any:
    """Close with a note, or with the decision that answers the order."""
    order = _order(pk)
    require(request.user, "order.close", order)
    decision = get_object_or_404(Decision, number=payload.decision) if payload.decision else None
    return services.order_close(actor=request.user, order=order, note=payload.note, decision=decision)


@router.get("/order-templates", response=list[OrderTemplateOut])
def list_order_templates(request: HttpRequest) -> Any:
    require(request.user, "followup.view")
    return selectors.order_templates()


@router.post("/order-templates", response={201: TemplateVersionOut})
def draft_order_template(request: HttpRequest, payload: OrderTemplateIn) -> Any:
    """A draft version (a new template, or the next version of one with the same name); a decision agrees it."""
    require(request.user, "ordertemplate.edit")
    return Status(201, services.order_template_draft(actor=request.user, **payload.dict()))


@router.post("/revisions", response={202: RunOut})
def start_revision(request: HttpRequest, payload: RevisionIn) -> Any:
    """A revision run from the programme in force (projects under way fixed at their remaining cost, the rest
    re-optimised); poll ``GET /api/runs/{id}``, then propose it as a programme (it replaces the one in force)."""
    require(request.user, "portfolio.plan")
    frame = get_object_or_404(FrameVersion, number=payload.frame)
    return Status(202, revision_start(actor=request.user, frame=frame, name=payload.name, reason=payload.reason))
