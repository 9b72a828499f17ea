"""JSON endpoints for projects and sheets, through the same services and policy as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import StrictBool

from byvekst.core.limits import MAX_PROFILE_YEARS
from byvekst.core.policy import can, require
from byvekst.core.schema import (
    MNOK,
    Code,
    Count,
    Limit,
    Offset,
    Page,
    ProjectCode,
    Share,
    SignedMNOK,
    Slug,
    Year,
    page_of,
    text,
)
from byvekst.governance.models import Party
from byvekst.governance.selectors import config_entries, current_config
from byvekst.projects import selectors, services
from byvekst.projects.excel import projects_import
from byvekst.projects.models import (
    FUNDING_SOURCES,
    IMPACT_THEMES,
    MeasureKind,
    Phase,
    PriceIndex,
    Project,
    SheetStatus,
)
from byvekst.projects.validation import LONG_TEXT

router = Router(tags=["projects"])


class SheetIn(Schema):
    title: text(200, required=True)  # type: ignore[valid-type]
    external_id: text(60) = Field("", description="the owner's own id (unique per owner)")  # type: ignore[valid-type]
    owner: str = Field(..., max_length=50, description="party slug")
    area_code: Code
    description: text(LONG_TEXT) = ""  # type: ignore[valid-type]
    need: text(LONG_TEXT) = ""  # type: ignore[valid-type]
    road_owner: text(200) = ""  # type: ignore[valid-type]
    operator: text(200) = ""  # type: ignore[valid-type]
    municipality: text(100) = ""  # type: ignore[valid-type]
    other_municipalities: list[text(100)] = Field([], max_length=20)  # type: ignore[valid-type]
    region_wide: StrictBool = False
    other_areas: list[Code] = Field([], max_length=20, description="other geographic areas it lies in")
    district: text(100) = ""  # type: ignore[valid-type]
    location: dict[str, Any] | None = Field(None, description="GeoJSON (Point, LineString, Polygon …), lon/lat")
    programme_area_code: Code = ""
    focus_area_codes: list[Code] = Field([], max_length=10)
    phase: Phase = Phase.IDEA
    measure_kind: MeasureKind = MeasureKind.INVESTMENT
    cost_p10: MNOK | None = None
    cost_p50: MNOK | None = None
    cost_p85: MNOK | None = None
    price_year: Year | None = None
    requested: MNOK | None = Field(None, description="requested from Miljøløftet in the period (MNOK)")
    granted: MNOK | None = Field(None, description="granted in the period (MNOK)")
    granted_before: MNOK | None = Field(None, description="granted before the period (MNOK)")
    remaining_after: MNOK | None = Field(None, description="the remaining need after the period (MNOK)")
    completion_year: Year | None = None
    quantity: MNOK | None = Field(None, description="how much: km, stops, …")
    quantity_unit: text(20) = ""  # type: ignore[valid-type]
    cost_profile: list[MNOK] = Field([], max_length=MAX_PROFILE_YEARS)
    funding: dict[Code, Share] = Field({}, max_length=20, description="funding source -> share in per cent")
    earliest_start: Year | None = None
    latest_start: Year | None = None
    car_trips_per_day: Count | None = None
    vehicle_km_per_day: Count | None = None
    walk_trips_per_day: Count | None = None
    cycle_trips_per_day: Count | None = None
    pt_trips_per_day: Count | None = None
    effect_method: text(300) = ""  # type: ignore[valid-type]
    net_benefit: SignedMNOK | None = None
    public_cost: MNOK | None = None
    impacts: dict[Code, dict[str, Any]] = Field({}, max_length=20)
    exclusive_group: Code = ""
    capacity_person_months: MNOK | None = None
    requires: list[ProjectCode] = Field([], max_length=100, description="project ids")


class SheetUpdate(SheetIn):
    lock_version: int = Field(..., description="the lock_version you read; a stale one gives 409")


class SheetOut(SheetIn):
    """The whole sheet: what ``PUT`` accepts back unchanged (with ``lock_version``)."""

    code: str
    status: str
    lock_version: int


def sheet_out(project: Project) -> dict[str, Any]:
    data = {name: getattr(project, name) for name in SheetIn.model_fields if name not in ("owner", "requires")}
    return {
        **data,
        "owner": project.owner.slug,
        "requires": sorted(p.code for p in project.requires.all()),
        "code": project.code,
        "status": project.status,
        "lock_version": project.lock_version,
    }


class ProjectOut(Schema):
    code: str
    title: str
    status: str
    lock_version: int
    owner: str = Field(..., alias="owner.slug")
    area_code: str
    cost_p50: Decimal | None
    cost_p85: Decimal | None
    phase: str


class VersionOut(Schema):
    number: int
    created_at: Any
    snapshot: dict[str, Any]


class AttachmentOut(Schema):
    id: int
    title: str
    restricted: bool
    legal_basis: str


def _project(request: HttpRequest, code: str) -> Project:
    project = selectors.project_detail(code)
    require(request.user, "project.view", project)
    return project


def _data(payload: SheetIn) -> tuple[Party, dict[str, Any]]:
    data = payload.dict()
    owner = Party.objects.filter(slug=data.pop("owner")).first()
    if owner is None:
        raise ValidationError({"owner": _("No party with the code %(c)s.") % {"c": payload.owner}})
    codes = data.pop("requires")
    found = list(Project.objects.filter(code__in=codes))
    if len(found) != len(set(codes)):
        missing = sorted(set(codes) - {p.code for p in found})
        raise ValidationError({"requires": _("No project with the id %(c)s.") % {"c": missing[0]}})
    data["requires"] = found
    data["cost_profile"] = [str(x) for x in data["cost_profile"]]
    data["funding"] = {k: str(v) for k, v in data["funding"].items()}
    data.pop("lock_version", None)
    return owner, data


class CodeOut(Schema):
    code: str
    name: str


class CodesOut(Schema):
    """Every coded value a sheet uses, so that a script can check before it sends."""

    parties: list[CodeOut]
    areas: list[CodeOut]
    programme_areas: list[CodeOut]
    focus_areas: list[CodeOut]
    phases: list[CodeOut]
    measure_kinds: list[CodeOut]
    statuses: list[CodeOut]
    funding_sources: list[CodeOut]
    impact_themes: list[CodeOut]
    price_indices: list[CodeOut] = Field([], description="the cost indices kept in the portal (newest first)")


def _pairs(items: Any) -> list[dict[str, str]]:
    return [{"code": str(code), "name": str(name)} for code, name in items]


@router.get("/codes", response=CodesOut, tags=["codes"])
def codes(request: HttpRequest) -> Any:
    """The codes in force: parties (by slug), the configuration's areas, programme and focus areas, and the fixed
    lists (phases, sheet statuses, funding sources, impact themes), each with its name in your language."""
    require(request.user, "project.view")
    entries = config_entries(current_config())
    return {
        "parties": _pairs(Party.objects.filter(active=True).values_list("slug", "name")),
        **{kind: _pairs((e.code, e.name) for e in entries[kind]) for kind in entries},
        "phases": _pairs(Phase.choices),
        "measure_kinds": _pairs(MeasureKind.choices),
        "statuses": _pairs(SheetStatus.choices),
        "funding_sources": _pairs(FUNDING_SOURCES),
        "impact_themes": _pairs(IMPACT_THEMES),
        "price_indices": _pairs((str(i.pk), f"{i.name} – {i.source}") for i in PriceIndex.objects.all()),
    }


@router.get("/projects", response=Page[ProjectOut])
def list_projects(
    request: HttpRequest, area: Slug = "", status: Slug = "", owner: Slug = "", limit: Limit = 100, offset: Offset = 0
) -> Any:
    """The sheets you may read, in pages (``limit`` at most 500), filtered on the server."""
    require(request.user, "project.view")
    found = selectors.project_list({"area": area, "status": status, "owner": owner}, user=request.user)
    return page_of(found, limit, offset)


@router.post("/projects", response={201: ProjectOut})
def create_project(request: HttpRequest, payload: SheetIn) -> Any:
    owner, data = _data(payload)
    require(request.user, "project.create", owner)
    project = services.project_create(
        actor=request.user, owner=owner, area_code=data.pop("area_code"), title=data.pop("title"), data=data
    )
    return Status(201, project)


class CellErrorOut(Schema):
    row: int
    column: int
    header: str
    message: str
    cell: str = Field(..., description="where, as a spreadsheet names it: Prosjekter!K5 (P50 (MNOK)): …")


class ImportOut(Schema):
    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    errors: list[CellErrorOut] = Field([], description="each wrong cell; when any is wrong nothing is imported")
    detail: list[dict[str, Any]] = Field([], description="a request that is not an upload (no file)")


@router.post("/projects/import", response={200: ImportOut, 422: ImportOut})
def import_projects(request: HttpRequest, file: UploadedFile = File(...)) -> Any:  # noqa: B008 - ninja's way
    """A filled-in Excel template (as GET /prosjekter/mal/ gives it): every cell is checked first, and if any is
    wrong nothing is imported (422 with each cell named). Rows with a project id or the owner's own id update
    that sheet; the same file twice changes nothing."""
    require(request.user, "project.import")
    limit = int(settings.BYVEKST_UPLOAD_MAX_MB) * 1024 * 1024
    if file.size and file.size > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)s MB.") % {"mb": settings.BYVEKST_UPLOAD_MAX_MB}}
        )
    report = projects_import(actor=request.user, content=file.read())
    body = {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "errors": [{**e.__dict__, "cell": str(e)} for e in report.errors],
    }
    return Status(422 if report.errors else 200, body)


@router.get("/projects/{code}", response=SheetOut)
def get_project(request: HttpRequest, code: str) -> Any:
    """The whole sheet; send it back with ``PUT`` (changed where you want) to save it."""
    return sheet_out(_project(request, code))


@router.put("/projects/{code}", response={200: SheetOut, 409: dict[str, Any]})
def update_project(request: HttpRequest, code: str, payload: SheetUpdate) -> Any:
    project = _project(request, code)
    require(request.user, "project.edit", project)
    owner, data = _data(payload)
    data["owner_id"] = owner.pk  # a different owner is refused by the service: it is a secretariat step
    try:
        return sheet_out(
            services.project_update(actor=request.user, project=project, data=data, lock_version=payload.lock_version)
        )
    except services.EditConflict as conflict:
        return Status(
            409,
            {
                "detail": "Someone saved this sheet after you read it; merge and send again.",
                "current": conflict.current,
                "lock_version": Project.objects.get(pk=project.pk).lock_version,
            },
        )


def _act(request: HttpRequest, code: str, rule: str, service: Any) -> Project:
    project = _project(request, code)
    require(request.user, rule, project)
    service(actor=request.user, project=project)
    return Project.objects.select_related("owner").get(pk=project.pk)


@router.post("/projects/{code}/submit", response=ProjectOut)
def submit(request: HttpRequest, code: str) -> Any:
    return _act(request, code, "project.submit", services.sheet_submit)


@router.post("/projects/{code}/review", response=ProjectOut)
def start_review(request: HttpRequest, code: str) -> Any:
    return _act(request, code, "project.review", services.sheet_start_review)


class CommentIn(Schema):
    field: str
    text: str


@router.post("/projects/{code}/comments", response={201: dict[str, Any]})
def comment(request: HttpRequest, code: str, payload: CommentIn) -> Any:
    project = _project(request, code)
    require(request.user, "project.review", project)
    c = services.sheet_comment(actor=request.user, project=project, field=payload.field, text=payload.text)
    return Status(201, {"id": c.pk, "field": c.field, "text": c.text})


@router.post("/projects/{code}/return", response=ProjectOut)
def return_sheet(request: HttpRequest, code: str) -> Any:
    return _act(request, code, "project.review", services.sheet_return)


@router.post("/projects/{code}/approve", response=ProjectOut)
def approve(request: HttpRequest, code: str) -> Any:
    return _act(request, code, "project.review", services.sheet_approve)


class OwnerIn(Schema):
    owner: Slug = Field(..., min_length=1, description="party slug")
    reason: text(1000, required=True)  # type: ignore[valid-type]


@router.post("/projects/{code}/owner", response=ProjectOut)
def change_owner(request: HttpRequest, code: str, payload: OwnerIn) -> Any:
    """The secretariat moves a sheet to another party, with the reason recorded."""
    project = _project(request, code)
    require(request.user, "project.change_owner", project)
    owner = get_object_or_404(Party, slug=payload.owner)
    services.sheet_change_owner(actor=request.user, project=project, owner=owner, reason=payload.reason)
    return Project.objects.select_related("owner").get(pk=project.pk)


@router.get("/projects/{code}/versions", response=list[VersionOut])
def versions(request: HttpRequest, code: str) -> Any:
    return selectors.versions(_project(request, code))


@router.get("/projects/{code}/diff/{a}/{b}", response=list[dict[str, Any]])
def diff(request: HttpRequest, code: str, a: int, b: int) -> Any:
    project = _project(request, code)
    va, vb = project.versions.filter(number=a).first(), project.versions.filter(number=b).first()
    if va is None or vb is None:
        raise Http404
    return [{"field": f, "old": old, "new": new} for f, old, new in services.diff(va.snapshot, vb.snapshot)]


class RiskOut(Schema):
    id: int
    description: str
    probability: int
    consequence: int
    mitigation: str
    responsible: str


@router.get("/projects/{code}/risks", response=list[RiskOut])
def risks(request: HttpRequest, code: str) -> Any:
    """The sheet's risks with their ids (a status report scores them again by id)."""
    return list(_project(request, code).risks.all())


@router.get("/projects/{code}/attachments", response=list[AttachmentOut])
def attachments(request: HttpRequest, code: str) -> Any:
    project = _project(request, code)
    return [a for a in project.attachments.all() if can(request.user, "attachment.view", a)]
