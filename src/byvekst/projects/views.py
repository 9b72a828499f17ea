from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from byvekst.core.errors import apply_to_form
from byvekst.core.events import label, value_text
from byvekst.core.htmx import render_page
from byvekst.core.policy import can, require
from byvekst.documents.http import XLSX, document_response, download
from byvekst.governance.models import Party
from byvekst.governance.selectors import config_entries, current_config, group_leaders
from byvekst.projects import selectors, services
from byvekst.projects.documents import sheet_document
from byvekst.projects.excel import export_xlsx, projects_import
from byvekst.projects.forms import (
    AnswerForm,
    AttachmentForm,
    ChecklistForm,
    CommentForm,
    ImportForm,
    OwnerForm,
    RiskForm,
    SheetForm,
)
from byvekst.projects.models import (
    FUNDING_SOURCES,
    IMPACT_THEMES,
    Attachment,
    Phase,
    Project,
    Risk,
    SheetComment,
    SheetStatus,
)


def _names(cfg: dict[str, Any] | None = None) -> dict[str, str]:
    """Configuration code -> name, for areas, programme areas and focus areas."""
    cfg = cfg or {k: list(v) for k, v in config_entries(current_config()).items()}
    return {e.code: e.name for kind in cfg.values() for e in kind}


def _filters(request: HttpRequest) -> dict[str, str]:
    keys = ("q", "area", "programme", "focus", "owner", "phase", "status", "cost_min", "cost_max")
    return {k: request.GET.get(k, "").strip() for k in keys if request.GET.get(k, "").strip()}


def _query_without(request: HttpRequest, *keys: str) -> str:
    query = request.GET.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "project.view")
    filters = _filters(request)
    sort = request.GET.get("sort", "code")
    qs = selectors.project_list(filters, sort, user=request.user)
    if request.GET.get("format") == "xlsx":
        return download(export_xlsx(list(qs.prefetch_related("requires"))), XLSX, "prosjektark.xlsx")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    cfg = {k: list(v) for k, v in config_entries(current_config()).items()}
    context = {
        "page": page,
        "filters": filters,
        "sort": sort,
        "names": _names(cfg),
        "areas": cfg["areas"],
        "programme_areas": cfg["programme_areas"],
        "focus_areas": cfg["focus_areas"],
        "parties": list(Party.objects.filter(active=True)),
        "phases": Phase.choices,
        "statuses": SheetStatus.choices,
        "sorts": [
            ("code", _("Id")),
            ("title", _("Title")),
            ("-cost", _("Cost, highest first")),
            ("cost", _("Cost, lowest first")),
            ("area", _("Area")),
            ("owner", _("Owner")),
            ("phase", _("Phase")),
            ("status", _("Status")),
        ],
        "query": _query_without(request, "page", "format"),
        "can_create": can(request.user, "project.create"),
        "can_import": can(request.user, "project.import"),
    }
    return render_page(request, "projects/list.html", context, partial="results")


@login_required
def project_map(request: HttpRequest) -> HttpResponse:
    require(request.user, "project.view")
    cfg = config_entries(current_config())
    areas = [{"code": a.code, "name": a.name, "outline": a.outline} for a in cfg["areas"]]
    projects = selectors.project_list(_filters(request), user=request.user)
    located = projects.filter(location__isnull=False)
    page = Paginator(located, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/map.html",
        {"areas": areas, "points": selectors.map_points(located), "page": page},
    )


def _project(request: HttpRequest, code: str) -> Project:
    project = selectors.project_detail(code)
    require(request.user, "project.view", project)
    return project


def _in_words(rows: list[tuple[str, Any, Any]]) -> list[tuple[str, str, str]]:
    """A diff as a reader reads it: field labels, values formatted, codes by their names."""
    return [(label(k), value_text(old, k), value_text(new, k)) for k, old, new in rows]


def numbered_risks(project: Project) -> list[Risk]:
    """The sheet's risks, each with ``number`` (R1, R2, …) as the matrix and the register name them."""
    risks = list(project.risks.all())
    for i, r in enumerate(risks, 1):
        r.number = f"R{i}"  # type: ignore[attr-defined]
    return risks


def risk_matrix(risks: list[Risk]) -> list[tuple[int, list[tuple[str, list[Risk]]]]]:
    """Rows from consequence 5 down to 1; each cell (level by probability × consequence, its risks)."""

    def level(score: int) -> str:
        return "high" if score >= 15 else "mid" if score >= 6 else "low"

    return [
        (c, [(level(p * c), [r for r in risks if (r.probability, r.consequence) == (p, c)]) for p in range(1, 6)])
        for c in range(5, 0, -1)
    ]


@login_required
def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, _project(request, code))


def _detail(request: HttpRequest, project: Project, status: int = 200, **bound: Any) -> HttpResponse:
    """The sheet page; ``bound`` holds a small form sent with mistakes, shown as typed with its messages."""
    user = request.user
    attachments = [a for a in project.attachments.all() if can(user, "attachment.view", a)]
    risks = numbered_risks(project)
    forms = {
        "owner_form": OwnerForm(),
        "comment_form": CommentForm(),
        "risk_form": RiskForm(),
        "attachment_form": AttachmentForm(),
        **bound,
    }
    return render(
        request,
        "projects/detail.html",
        {
            "p": project,
            "names": _names(),
            "risks": risks,
            "matrix": risk_matrix(risks),
            "checklist_form": ChecklistForm(services.applicable_checklist(project)),
            "attachments": attachments,
            "versions": selectors.versions(project),
            "can_edit": can(user, "project.edit", project),
            "can_submit": can(user, "project.submit", project),
            "submitters": group_leaders(project.area_code) if project.is_editable else [],
            "can_review": can(user, "project.review", project),
            "can_answer": can(user, "project.answer", project),
            "can_change_owner": can(user, "project.change_owner", project),
            **forms,
            "answer_form": AnswerForm(),
            "submission_errors": services.submission_errors(project) if project.is_editable else {},
            "funding_labels": dict(FUNDING_SOURCES),
            "impact_labels": dict(IMPACT_THEMES),
        },
        status=status,
    )


def _inline(
    request: HttpRequest, project: Project, name: str, form: Any, save: Any, done: str, anchor: str
) -> HttpResponse:
    """A small form on the sheet page: saved, back to its place on the page; with mistakes, the page again with
    the form as typed and a message at each field (422)."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as e:
            apply_to_form(form, e)
        else:
            messages.success(request, done)
            return redirect(f"{project.get_absolute_url()}#{anchor}")
    return _detail(request, selectors.project_detail(project.code), 422, **{name: form})


def _owners(user: Any) -> Any:
    """The parties this person may write sheets for."""
    return Party.objects.filter(
        pk__in=[p.pk for p in Party.objects.filter(active=True) if can(user, "project.create", p)]
    )


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "project.create")
    owners = _owners(request.user)
    form = SheetForm(request.POST or None, owners=owners, initial={"owner": owners.first()})
    if request.method == "POST" and form.is_valid():
        require(request.user, "project.create", form.cleaned_data["owner"])
        data = form.sheet_data()
        try:
            project = services.project_create(
                actor=request.user,
                owner=form.cleaned_data["owner"],
                area_code=data.pop("area_code"),
                title=data.pop("title"),
                data=data,
            )
        except ValidationError as e:
            apply_to_form(form, e)
        else:
            messages.success(request, _("The project %(code)s is created as a draft.") % {"code": project.code})
            return redirect(project)
    return render(request, "projects/form.html", {"form": form, "project": None}, status=422 if form.is_bound else 200)


@login_required
def project_edit(request: HttpRequest, code: str) -> HttpResponse:
    project = _project(request, code)
    require(request.user, "project.edit", project)
    form = SheetForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                actor=request.user,
                project=project,
                data=form.sheet_data(),
                lock_version=form.cleaned_data["lock_version"],
            )
        except services.EditConflict as conflict:
            # Keep what this person typed; show what the other person saved beside it; the next save wins.
            stored = Project.objects.get(pk=project.pk)
            data = request.POST.copy()
            data["lock_version"] = str(stored.lock_version)
            mine = form.sheet_data()
            rows = _in_words(
                services.diff(conflict.current, {**conflict.current, **{k: _jsonable(v) for k, v in mine.items()}})
            )
            return render(
                request,
                "projects/form.html",
                {"form": SheetForm(data, instance=stored), "project": stored, "conflict": rows},
                status=409,
            )
        except ValidationError as e:
            apply_to_form(form, e)
        else:
            messages.success(request, _("The sheet is saved."))
            return redirect(project)
    return render(
        request, "projects/form.html", {"form": form, "project": project}, status=422 if form.is_bound else 200
    )


def _jsonable(v: Any) -> Any:
    return json.loads(json.dumps(v, default=str)) if not isinstance(v, Project) else v.code


ACTIONS = {
    "submit": ("project.submit", services.sheet_submit, _("The sheet is submitted and frozen as a new version.")),
    "review": ("project.review", services.sheet_start_review, _("Coordination of the sheet has started.")),
    "return": ("project.review", services.sheet_return, _("The sheet is returned to the working group.")),
    "approve": ("project.review", services.sheet_approve, _("The sheet is quality-assured.")),
}


@login_required
@require_POST
def project_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    project = _project(request, code)
    if action not in ACTIONS:
        raise Http404
    rule, service, done = ACTIONS[action]
    require(request.user, rule, project)
    try:
        service(actor=request.user, project=project)
    except ValidationError as e:
        for msg in e.message_dict.values() if hasattr(e, "error_dict") else [e.messages]:
            for m in msg:
                messages.error(request, m)
    else:
        messages.success(request, str(done))
    return redirect(project)


@login_required
@require_POST
def owner_change(request: HttpRequest, code: str) -> HttpResponse:
    project = _project(request, code)
    require(request.user, "project.change_owner", project)
    return _inline(
        request,
        project,
        "owner_form",
        OwnerForm(request.POST),
        lambda d: services.sheet_change_owner(actor=request.user, project=project, **d),
        _("The sheet has a new owner."),
        "main",
    )


@login_required
@require_POST
def comment_add(request: HttpRequest, code: str) -> HttpResponse:
    project = _project(request, code)
    require(request.user, "project.review", project)
    return _inline(
        request,
        project,
        "comment_form",
        CommentForm(request.POST),
        lambda d: services.sheet_comment(actor=request.user, project=project, **d),
        _("The comment is added."),
        "comments",
    )


@login_required
@require_POST
def comment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(SheetComment.objects.select_related("project"), pk=pk)
    require(request.user, "project.answer", comment.project)
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.sheet_answer(actor=request.user, comment=comment, answer=form.cleaned_data["answer"])
    else:
        messages.error(request, _("Write the answer."))
    return redirect(f"{comment.project.get_absolute_url()}#comments")


@login_required
@require_POST
def checklist_save(request: HttpRequest, code: str) -> HttpResponse:
    project = _project(request, code)
    require(request.user, "project.edit", project)
    form = ChecklistForm(services.applicable_checklist(project), request.POST)
    return _inline(
        request,
        project,
        "checklist_form",
        form,
        lambda d: services.checklist_save(actor=request.user, project=project, answers=form.answers()),
        _("The checklist is saved."),
        "checklist",
    )


@login_required
@require_POST
def risk_add(request: HttpRequest, code: str) -> HttpResponse:
    project = _project(request, code)
    require(request.user, "project.edit", project)
    return _inline(
        request,
        project,
        "risk_form",
        RiskForm(request.POST),
        lambda d: services.risk_add(actor=request.user, project=project, data=d),
        _("The risk is added."),
        "risks",
    )


@login_required
@require_POST
def risk_delete(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_object_or_404(Risk.objects.select_related("project"), pk=pk)
    require(request.user, "project.edit", risk.project)
    services.risk_delete(actor=request.user, risk=risk)
    return redirect(f"{risk.project.get_absolute_url()}#risks")


@login_required
@require_POST
def attachment_add(request: HttpRequest, code: str) -> HttpResponse:
    project = _project(request, code)
    require(request.user, "project.edit", project)
    return _inline(
        request,
        project,
        "attachment_form",
        AttachmentForm(request.POST, request.FILES),
        lambda d: services.attachment_add(actor=request.user, project=project, **d),
        _("The attachment is added."),
        "attachments",
    )


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("project"), pk=pk)
    if not can(request.user, "attachment.view", attachment):
        raise Http404  # a restricted attachment is not even admitted to exist
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.file.name.rsplit("/")[-1],
        content_type=attachment.content_type,
    )


@login_required
def version_diff(request: HttpRequest, code: str, a: int, b: int) -> HttpResponse:
    project = _project(request, code)
    va = get_object_or_404(project.versions, number=a)
    vb = get_object_or_404(project.versions, number=b)
    rows = _in_words(services.diff(va.snapshot, vb.snapshot))
    return render(request, "projects/diff.html", {"p": project, "a": va, "b": vb, "rows": rows})


@login_required
def sheet_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    project = _project(request, code)
    latest = project.versions.first()
    doc = sheet_document(
        services.snapshot(project), status=project.status, version=latest.number if latest else None, names=_names()
    )
    return document_response(doc, fmt, project.code)


@login_required
def excel_template(request: HttpRequest) -> HttpResponse:
    require(request.user, "project.view")
    return download(export_xlsx([], template=True), XLSX, "prosjektark-mal.xlsx")


@login_required
def excel_import(request: HttpRequest) -> HttpResponse:
    require(request.user, "project.import")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = projects_import(actor=request.user, content=form.cleaned_data["file"].read())
    status = 422 if report is not None and report.errors else 200
    return render(request, "projects/import.html", {"form": form, "report": report}, status=status)
