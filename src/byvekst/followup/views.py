"""Pages of the follow-up: the period's overview, status reports, the deviation register, the order register."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from byvekst.core.errors import apply_to_form, messages_of
from byvekst.core.http import object_or_404
from byvekst.core.policy import can, require
from byvekst.documents.http import XLSX, document_response, download
from byvekst.followup import selectors, services
from byvekst.followup.excel import reports_import, template_xlsx
from byvekst.followup.forms import (
    CloseForm,
    ExplainForm,
    OrderCloseForm,
    OrderForm,
    OrderReportForm,
    OrderTemplateForm,
    ReportForm,
    RevisionForm,
)
from byvekst.followup.models import Deviation, Order, OrderAttachment, period_label
from byvekst.followup.report import period_case, period_document, period_report, period_xlsx
from byvekst.followup.revision import revision_start
from byvekst.governance.models import User
from byvekst.projects.models import Project

PAGE = 50


def _period(request: HttpRequest, per_year: int) -> tuple[int, int]:
    """The period asked for (``?at=2027-2``), or the current one; nonsense falls back to the current."""
    year, period = selectors.current_period(per_year)
    try:
        y, _sep, p = request.GET.get("at", f"{year}-{period}")[:12].partition("-")
        asked = int(y), int(p)
    except ValueError:
        return year, period
    return asked if 2000 <= asked[0] <= 2100 and 1 <= asked[1] <= per_year else (year, period)


def _periods(per_year: int, around: tuple[int, int]) -> list[tuple[int, int, str]]:
    """The current period and the five before it, for the period picker."""
    year, period = selectors.current_period(per_year)
    out = []
    for _i in range(6):
        out.append((year, period, period_label(year, period, per_year)))
        year, period = selectors.previous_period(year, period, per_year)
    if around not in [(y, p) for y, p, _l in out]:
        out.append((*around, period_label(*around, per_year)))
    return out


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The programme in force and each project's lights for the period; open deviations; orders overdue. The
    period's report downloads as Word, PDF or Excel, and the secretariat makes a case paper of it."""
    require(request.user, "followup.view")
    rules = selectors.rules_in_force()
    year, period = _period(request, rules.periods_per_year)
    report = period_report(year, period)
    fmt = request.GET.get("format", "")
    if report is not None and fmt in ("docx", "pdf", "xlsx"):
        name = f"statusrapport-{year}-{period}"
        if fmt == "xlsx":
            return download(period_xlsx(report), XLSX, f"{name}.xlsx")
        return document_response(period_document(report), fmt, name)
    if request.method == "POST" and report is not None:
        require(request.user, "case.manage")
        case = period_case(actor=request.user, r=report, officer=cast(User, request.user))
        messages.success(request, _("Case %(n)s is opened with a drafted case paper.") % {"n": case.number})
        return redirect(case)
    return render(
        request,
        "followup/overview.html",
        {
            "report": report,
            "version": report.version if report else None,
            "year": year,
            "period": period,
            "period_name": period_label(year, period, rules.periods_per_year),
            "periods": _periods(rules.periods_per_year, (year, period)),
            "rules": rules,
            "open_deviations": len(report.deviations) if report else 0,
            "overdue_orders": selectors.orders(overdue=True).count(),
            "may_revise": report is not None and can(request.user, "portfolio.plan"),
            "may_make_case": report is not None and can(request.user, "case.manage"),
            "may_report": bool(report) and bool(_reportable(request.user)),
        },
    )


@login_required
def project_reports(request: HttpRequest, code: str) -> HttpResponse:
    """A project's status reports: the form for the period (starting from the last report) and the history."""
    project = object_or_404(Project.objects.select_related("owner"), code=code)
    require(request.user, "project.view", project)
    rules = selectors.rules_in_force()
    year, period = _period(request, rules.periods_per_year)
    history = selectors.project_reports(code)
    entry = selectors.adopted_entry(selectors.adopted_version(), code)
    may_submit = entry is not None and can(request.user, "report.submit", project)
    risks = list(project.risks.all())
    form = ReportForm(initial=ReportForm.initial_from(history[0] if history else None), risks=risks)
    status = 200
    if request.method == "POST":
        require(request.user, "report.submit", project)
        form = ReportForm(request.POST, risks=risks)
        if form.is_valid():
            try:
                report = services.report_submit(
                    actor=request.user,
                    project=project,
                    year=year,
                    period=period,
                    data=form.data_for_service(),
                    correction=form.cleaned_data.get("correction") or "",
                )
            except ValidationError as e:
                apply_to_form(form, e)
            else:
                messages.success(request, _("The status report for %(p)s is sent.") % {"p": report.period_label})
                for d in report.deviations_opened.all():
                    messages.warning(request, _("Deviation opened: %(d)s") % {"d": d.describe()})
                return redirect(report)
        status = 422
    done = [r for r in history if (r.year, r.period) == (year, period)]
    return render(
        request,
        "followup/project_reports.html",
        {
            "project": project,
            "entry": entry,
            "history": history,
            "latest": history[0] if history else None,
            "form": form,
            "may_submit": may_submit,
            "year": year,
            "period": period,
            "period_name": period_label(year, period, rules.periods_per_year),
            "periods": _periods(rules.periods_per_year, (year, period)),
            "already": done[0] if done else None,
            "deviations": selectors.deviations().filter(project=project),
        },
        status=status,
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = object_or_404(selectors.reports(), pk=pk)
    require(request.user, "followup.view", report)
    require(request.user, "project.view", report.project)
    versions = selectors.reports().filter(project=report.project, year=report.year, period=report.period)
    return render(
        request,
        "followup/report.html",
        {"report": report, "versions": versions.order_by("-version"), "opened": report.deviations_opened.all()},
    )


def _reportable(user: Any) -> list[str]:
    """The programme's projects this person may send status reports for."""
    version = selectors.adopted_version()
    codes = [s["code"] for s in (version.selection if version else [])]
    return [p.code for p in Project.objects.filter(code__in=codes).order_by("code") if can(user, "report.submit", p)]


@login_required
def reports_workbook(request: HttpRequest) -> HttpResponse:
    """The Excel workbook for the period with a row per project the person reports for; upload it filled in."""
    require(request.user, "followup.view")
    rules = selectors.rules_in_force()
    year, period = _period(request, rules.periods_per_year)
    codes = _reportable(request.user)
    if request.method == "POST":
        if not codes:
            raise PermissionDenied("report.submit")
        upload = request.FILES.get("file")
        if upload is None or (upload.size or 0) > settings.BYVEKST_UPLOAD_MAX_MB * 1024 * 1024:
            messages.error(request, _("Choose the filled-in workbook (.xlsx)."))
            return redirect(f"{reverse('followup')}?at={year}-{period}")
        result = reports_import(actor=request.user, content=upload.read(), year=year, period=period, allowed=set(codes))
        if result.errors:
            return render(
                request,
                "followup/import_errors.html",
                {"errors": result.errors[:200], "more": len(result.errors) - 200, "year": year, "period": period},
                status=422,
            )
        messages.success(
            request,
            _("Reports sent: %(sent)s. Unchanged: %(same)s.")
            % {"sent": ", ".join(result.sent) or "–", "same": ", ".join(result.unchanged) or "–"},
        )
        return redirect(f"{reverse('followup')}?at={year}-{period}")
    return download(template_xlsx(codes, year, period), XLSX, f"statusrapporter-{year}-{period}.xlsx")


@login_required
def revision(request: HttpRequest) -> HttpResponse:
    """Start a revision run from the programme in force (after a deviation, or the annual revision)."""
    require(request.user, "portfolio.plan")
    version = selectors.adopted_version()
    asked = request.GET.get("avvik", "")[:12]
    deviation = selectors.deviations().filter(pk=asked).first() if asked.isdigit() else None
    initial = {
        "name": _("Revision of %(p)s") % {"p": version.programme} if version else "",
        "reason": _("Deviation on %(project)s: %(what)s")
        % {"project": deviation.project.code, "what": deviation.describe()}
        if deviation
        else "",
        "frame": version.run.scenario.frame_id if version and version.run else None,
    }
    form = RevisionForm(initial=initial)
    status = 200
    if request.method == "POST":
        form = RevisionForm(request.POST)
        if form.is_valid():
            try:
                run = revision_start(actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                apply_to_form(form, e)
            else:
                messages.success(request, _("The revision run is queued; the page shows its progress."))
                return redirect(run)
        status = 422
    return render(request, "followup/revision.html", {"form": form, "version": version}, status=status)


@login_required
def deviation_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "followup.view")
    status = request.GET.get("status", "")
    status = status if status in Deviation.Status.values else ""
    page = Paginator(selectors.deviations(status).order_by("-opened_at", "-pk"), PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "followup/deviations.html",
        {"page": page, "status": status, "statuses": Deviation.Status.choices},
    )


@login_required
def deviation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deviation = object_or_404(selectors.deviations(), pk=pk)
    require(request.user, "followup.view", deviation)
    explain = ExplainForm(initial={"explanation": deviation.explanation, "measure": deviation.measure})
    close = CloseForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "explain":
                require(request.user, "deviation.explain", deviation)
                explain = ExplainForm(request.POST)
                if explain.is_valid():
                    services.deviation_explain(actor=request.user, deviation=deviation, **explain.cleaned_data)
                    messages.success(request, _("The explanation is saved."))
                    return redirect(deviation)
            elif action == "case":
                require(request.user, "deviation.manage", deviation)
                case = services.deviation_to_case(
                    actor=request.user, deviation=deviation, officer=cast(User, request.user)
                )
                messages.success(request, _("Case %(n)s is opened with a drafted case paper.") % {"n": case.number})
                return redirect(case)
            elif action == "close":
                require(request.user, "deviation.manage", deviation)
                close = CloseForm(request.POST)
                if close.is_valid():
                    services.deviation_close(actor=request.user, deviation=deviation, note=close.cleaned_data["note"])
                    messages.success(request, _("The deviation is closed."))
                    return redirect(deviation)
        except ValidationError as e:
            apply_to_form(explain if action == "explain" else close, e)
        status = 422
    return render(
        request,
        "followup/deviation.html",
        {
            "d": deviation,
            "explain": explain,
            "close": close,
            "may_explain": deviation.status != Deviation.Status.CLOSED
            and can(request.user, "deviation.explain", deviation),
            "may_revise": can(request.user, "portfolio.plan"),
            "may_manage": deviation.status != Deviation.Status.CLOSED
            and can(request.user, "deviation.manage", deviation),
        },
        status=status,
    )


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "followup.view")
    form = OrderForm(initial={"decision": request.GET.get("decision", "")[:20]})
    status = 200
    if request.method == "POST":
        require(request.user, "order.create")
        form = OrderForm(request.POST)
        if form.is_valid():
            try:
                order = services.order_create(actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                apply_to_form(form, e)
            else:
                messages.success(request, _("Order %(n)s is sent.") % {"n": order.number})
                return redirect(order)
        status = 422
    state = request.GET.get("status", "")
    state = state if state in Order.Status.values else ""
    overdue = request.GET.get("overdue") == "1"
    page = Paginator(selectors.orders(status=state, overdue=overdue), PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "followup/orders.html",
        {
            "page": page,
            "form": form,
            "may_create": can(request.user, "order.create"),
            "status": state,
            "overdue": overdue,
            "statuses": Order.Status.choices,
            "mine": selectors.orders_for(request.user),
        },
        status=status,
    )


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = object_or_404(selectors.orders(), pk=pk)
    require(request.user, "followup.view", order)
    report, close = OrderReportForm(order=order), OrderCloseForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "acknowledge":
                require(request.user, "order.respond", order)
                services.order_acknowledge(actor=request.user, order=order)
                messages.success(request, _("The order is acknowledged."))
                return redirect(order)
            if action == "report":
                require(request.user, "order.respond", order)
                report = OrderReportForm(request.POST, request.FILES, order=order)
                if report.is_valid():
                    services.order_report(
                        actor=request.user,
                        order=order,
                        text=report.cleaned_data["report"],
                        files=report.cleaned_data["attachments"],
                    )
                    messages.success(request, _("The report back is sent."))
                    return redirect(order)
            elif action == "close":
                require(request.user, "order.close", order)
                close = OrderCloseForm(request.POST)
                if close.is_valid():
                    services.order_close(
                        actor=request.user,
                        order=order,
                        note=close.cleaned_data["closing_note"],
                        decision=close.cleaned_data["decision"],
                    )
                    messages.success(request, _("The order is closed."))
                    return redirect(order)
        except ValidationError as e:
            apply_to_form(report if action == "report" else close, e)
            messages.error(request, " ".join(messages_of(e)))
        status = 422
    open_ = order.status != Order.Status.CLOSED
    return render(
        request,
        "followup/order.html",
        {
            "order": order,
            "attachments": order.attachments.all(),
            "report_form": report,
            "close_form": close,
            "may_respond": open_
            and order.status != Order.Status.REPORTED
            and can(request.user, "order.respond", order),
            "may_close": open_ and can(request.user, "order.close", order),
        },
        status=status,
    )


@login_required
def order_attachment(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    found = get_object_or_404(OrderAttachment.objects.select_related("order"), pk=attachment, order_id=pk)
    require(request.user, "followup.view", found.order)
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.file.name.rsplit("/")[-1],
        content_type=found.content_type,
    )


@login_required
def order_templates(request: HttpRequest) -> HttpResponse:
    """The order templates with their versions; the secretariat drafts a new one (a decision agrees it)."""
    require(request.user, "followup.view")
    form = OrderTemplateForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "ordertemplate.edit")
        if form.is_valid():
            try:
                version = services.order_template_draft(actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                apply_to_form(form, e)
            else:
                messages.success(
                    request, _("%(v)s is drafted; put it forward for a decision to agree it.") % {"v": version}
                )
                return redirect(version)
    return render(
        request,
        "followup/order_templates.html",
        {
            "templates": selectors.order_templates(),
            "form": form,
            "may_edit": can(request.user, "ordertemplate.edit"),
            "may_propose": can(request.user, "case.manage"),
        },
        status=422 if form.is_bound and form.errors else 200,
    )
