from __future__ import annotations

import dataclasses
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from byvekst.cases.models import Treatment
from byvekst.core.errors import apply_to_form
from byvekst.core.held import Held
from byvekst.core.htmx import render_page
from byvekst.core.policy import can, require
from byvekst.documents.http import XLSX, document_response, download
from byvekst.governance.selectors import config_entries, current_config
from byvekst.portfolio import charts, selectors, services
from byvekst.portfolio.adapter import scenario_from_instance, scenario_to_instance
from byvekst.portfolio.documents import programme_document, programme_xlsx
from byvekst.portfolio.explanations import Names, words
from byvekst.portfolio.forms import FrameForm, ImportForm, ScenarioForm
from byvekst.portfolio.models import ActionProgramme, FrameVersion, ProgrammeVersion, Run, Scenario
from byvekst.portfolio.summary import (
    allowed_starts,
    balance_rule,
    compare_warnings,
    cost_of,
    frontier_sentence,
    goal_contribution,
    revision_changes,
    risk_sentence,
    run_summary,
    starts_of,
    value_sentence,
)
from byvekst.projects.models import FUNDING_SOURCES, Project
from byvekst.projects.selectors import map_points


def _names() -> dict[str, str]:
    return {e.code: e.name for kind in config_entries(current_config()).values() for e in kind}


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Programmes, frames and scenarios: a summary whose size does not grow with the number of sheets (the
    scenario form, with a picker over every project, has its own page)."""
    require(request.user, "portfolio.view")
    return render(
        request,
        "portfolio/overview.html",
        {
            "frames": FrameVersion.objects.select_related("decision"),
            "scenarios": selectors.scenarios(),
            "programmes": ActionProgramme.objects.all(),
            "can_plan": can(request.user, "portfolio.plan"),
            "can_propose": can(request.user, "case.manage"),
        },
    )


@login_required
def scenario_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "portfolio.plan")
    form = ScenarioForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        cfg = config_entries(current_config())
        balance = form.balance_rules([a.code for a in cfg["areas"]], [f.code for f in cfg["focus_areas"]])
        try:
            scenario = services.scenario_create(
                actor=request.user,
                name=d["name"],
                frame=d["frame"],
                projects=list(d["projects"]),
                cost_basis=d["cost_basis"],
                weight_set=d["weight_set"],
                excluded=[p.code for p in d["excluded"]],
                mandatory=[p.code for p in d["mandatory"]],
                balance=balance,
                owner_capacity=d["owner_capacity"],
            )
        except ValidationError as e:
            apply_to_form(form, e)
        else:
            return redirect(scenario)
    return render(
        request,
        "portfolio/scenario_new.html",
        {"form": form},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(selectors.scenarios(), pk=pk)
    require(request.user, "portfolio.view", scenario)
    names = Names.current()
    return render(
        request,
        "portfolio/scenario.html",
        {
            "s": scenario,
            "runs": scenario.runs.defer("instance", "result", "analysis")[:20],
            "can_plan": can(request.user, "portfolio.plan"),
            "balance": [balance_rule(b, names) for b in scenario.balance] if scenario.balance else [],
        },
    )


@login_required
def scenario_export(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(Scenario, pk=pk)
    require(request.user, "portfolio.view", scenario)
    doc, _notes = scenario_to_instance(scenario)
    return HttpResponse(
        json.dumps(doc, ensure_ascii=False, indent=2),
        content_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="scenario-{pk}.json"'},
    )


@login_required
def scenario_import(request: HttpRequest) -> HttpResponse:
    require(request.user, "portfolio.plan")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            doc = json.loads(form.cleaned_data["file"].read().decode("utf-8"))
            scenario = scenario_from_instance(actor=request.user, doc=doc)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            form.add_error("file", _("The file is not valid JSON: %(e)s") % {"e": exc})
        except ValidationError as e:
            apply_to_form(form, e)
        else:
            return redirect(scenario)
    return render(
        request, "portfolio/import.html", {"form": form}, status=422 if form.is_bound and form.errors else 200
    )


@login_required
@require_POST
def run_start(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(Scenario, pk=pk)
    require(request.user, "portfolio.plan", scenario)
    run = services.run_enqueue(actor=request.user, scenario=scenario)
    return redirect(run)


RESULT_STATUS = {
    "optimal": gettext_lazy("This is the best portfolio there is within the frames and rules (proven)."),
    "feasible": gettext_lazy(
        "This portfolio keeps the frames and rules, but a slightly better one may exist: the search stopped at its "
        "time limit."
    ),
    "infeasible": gettext_lazy("No portfolio keeps all the frames and rules at once."),
    "no_solution": gettext_lazy("No portfolio was found within the time limit."),
}


def _rows(run: Run) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The run's candidates as table rows, chosen ones first by start, then by value; the engine's reasons as
    it gave them. Held per finished run (:func:`selectors.for_run`): the caller copies a row before it adds to it."""
    starts = starts_of(run)
    why = (run.analysis or {}).get("why", {})
    core = (run.analysis or {}).get("core_index", {})
    basis = (run.instance or {}).get("cost_basis", "p50")
    years = (run.instance or {}).get("years", [])
    rows = [
        {
            "id": d["id"],
            "start": starts.get(d["id"]),
            "why": why.get(d["id"]),
            "value": d["value"],
            "cost": cost_of(d, basis),
            "starts": allowed_starts(d, years),
            "core": core.get(d["id"]),
            "status": d["status"],
        }
        for d in (run.instance or {}).get("projects", [])
    ]
    rows.sort(key=lambda r: (r["start"] is None, -r["value"]))
    return [r for r in rows if r["start"] is not None], [r for r in rows if r["start"] is None]


HELD_ROWS: Held[tuple[list[dict[str, Any]], list[dict[str, Any]]]] = Held(size=16)


def _shown(rows: Any, projects: dict[str, Project], names: Names) -> list[dict[str, Any]]:
    """Copies of the rows a page shows, with their sheets and the engine's reasons in the reader's words."""
    return [{**r, "p": projects.get(r["id"]), "why": words(r["why"], names) if r["why"] else ""} for r in rows]


RUN_PAGE = 50  # rows per page of the run's two project tables: the page stays small at any portfolio size


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_detail(pk)
    require(request.user, "portfolio.view", run)
    context: dict[str, Any] = {"run": run, "can_plan": can(request.user, "portfolio.plan")}
    if run.status == Run.Status.DONE:
        areas = list(config_entries(current_config())["areas"])
        names = Names.current((run.instance or {}).get("currency_unit", "MNOK"), areas)
        selected, out = selectors.for_run(HELD_ROWS, run, lambda: _rows(run))
        result = run.result or {}
        previous = selectors.previous_run(run)
        context.update(
            {
                "summary": run_summary(run, names, previous),
                "previous": previous,
                "value_text": value_sentence(run),
                "frontier_text": frontier_sentence(run),
                "risk_text": risk_sentence(run.analysis or {}, names, (run.instance or {}).get("years", [])),
                "cost_basis": (run.instance or {}).get("cost_basis", "p50").upper(),
                "result_status": RESULT_STATUS.get(result.get("status", ""), result.get("status", "")),
                "conflicts": [words(r, names) for r in result.get("reasons", [])]
                or ([words(None, names)] if result.get("explanation") else []),
                "adjustments": [
                    _("%(p)s forced out") % {"p": code}
                    if start is None
                    else _("%(p)s forced in from %(y)s") % {"p": code, "y": start}
                    for code, start in sorted((run.fixed or {}).items())
                ],
            }
        )
        in_page = Paginator(selected, RUN_PAGE).get_page(request.GET.get("inn"))
        out_page = Paginator(out, RUN_PAGE).get_page(request.GET.get("ut"))
        revision = revision_changes(run, selected + out)
        shown = [*selected, *in_page.object_list, *out_page.object_list]
        if revision:
            shown += [*revision.under_way, *revision.added, *revision.removed, *(m[0] for m in revision.moved)]
        projects = selectors.run_projects({r["id"] for r in shown})  # the sheets of the rows shown only
        in_page.object_list = _shown(in_page.object_list, projects, names)
        out_page.object_list = _shown(out_page.object_list, projects, names)
        if revision:
            revision = dataclasses.replace(
                revision,
                under_way=_shown(revision.under_way, projects, names),
                added=_shown(revision.added, projects, names),
                removed=_shown(revision.removed, projects, names),
                moved=[(_shown([r], projects, names)[0], a, b) for r, a, b in revision.moved],
            )
        chosen = [projects.get(r["id"]) for r in selected]
        base = selectors.with_documents(run.base_run) if run.base_run else None
        context.update(
            {
                "in_page": in_page,
                "out_page": out_page,
                "spend_chart": charts.spend_chart(run),
                "source_names": dict(FUNDING_SOURCES),
                "frontier_chart": charts.frontier_chart(run),
                "points": map_points(p for p in chosen if p),  # beyond 300, clusters
                "areas": [{"code": a.code, "name": a.name, "outline": a.outline} for a in areas],
                "sim": run.analysis.get("simulation"),
                "years": run.instance.get("years", []) if run.instance else [],
                "revision": revision,
                "contribution": goal_contribution(chosen),
                "adjust_cost": (base.result["objective"] - run.result["objective"])
                if base
                and base.result
                and run.result
                and run.result.get("objective") is not None
                and base.result.get("objective") is not None
                else None,
            }
        )
    partial = "progress" if run.status in ("queued", "running") else RUN_TABLES.get(request.GET.get("tabell", ""), "")
    return render_page(request, "portfolio/run.html", context, partial=partial)


@login_required
def run_chart(request: HttpRequest, pk: int) -> HttpResponse:
    """The value–cost chart of every candidate of a finished run: a point and a table row each, so it is loaded
    when the reader comes to it (an htmx region of the run page), not with the page; also a page of its own."""
    run = selectors.run_detail(pk)
    require(request.user, "portfolio.view", run)
    if run.status != Run.Status.DONE:
        raise Http404

    def drawn() -> Any:
        selected, out = selectors.for_run(HELD_ROWS, run, lambda: _rows(run))
        projects = selectors.run_projects({r["id"] for r in selected + out})
        return charts.run_value_cost([{**r, "p": projects.get(r["id"])} for r in selected + out])

    return render_page(request, "portfolio/run_chart.html", {"run": run, "value_cost_chart": drawn}, partial="chart")


RUN_TABLES = {"inn": "selected-table", "ut": "out-table"}  # ?tabell=…: htmx asks for one table's next page


@login_required
@require_POST
def run_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    base = get_object_or_404(Run.objects.select_related("scenario"), pk=pk)
    require(request.user, "portfolio.plan", base.scenario)
    fixed: dict[str, int | None] = dict(base.fixed)
    code, action = request.POST.get("project", ""), request.POST.get("action", "")
    if action == "out":
        fixed[code] = None
    else:
        try:
            fixed[code] = int(request.POST.get("start", ""))
        except (ValueError, OverflowError):
            messages.error(request, _("Choose the start year to force the project in."))
            return redirect(base)
    try:
        run = services.run_enqueue(actor=request.user, scenario=base.scenario, fixed=fixed, base_run=base)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect(base)
    return redirect(run)


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    require(request.user, "portfolio.view")
    runs = list(
        Run.objects.filter(pk__in=request.GET.getlist("run"), status=Run.Status.DONE).select_related("scenario")
    )
    codes = sorted({p["id"] for r in runs for p in (r.instance or {}).get("projects", [])})
    starts = [starts_of(r) for r in runs]
    titles = dict(Project.objects.filter(code__in=codes).values_list("code", "title"))
    rows = [
        (f"{code} {titles.get(code, '')}".strip(), [s.get(code) for s in starts])
        for code in codes
        if any(s.get(code) for s in starts)
    ]
    summary = [
        {
            "run": r,
            "value": (r.result or {}).get("objective"),
            "count": len(s),
            "exceed": ((r.analysis or {}).get("simulation") or {}).get("any_exceed_probability"),
            "spend": sum(sum(v) for v in (r.result or {}).get("spend", {}).values()),
        }
        for r, s in zip(runs, starts, strict=True)
    ]
    return render(
        request,
        "portfolio/compare.html",
        {
            "runs": runs,
            "rows": rows,
            "summary": summary,
            "warnings": compare_warnings(runs),
            "all_runs": Run.objects.filter(status=Run.Status.DONE).select_related("scenario").order_by("-pk")[:50],
        },
    )


@login_required
@require_POST
def programme_propose(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(Run.objects.select_related("scenario__frame"), pk=pk)
    require(request.user, "programme.advance", None)
    frame = run.scenario.frame
    name = request.POST.get("name") or f"Handlingsprogram {frame.first_year}–{frame.first_year + frame.years - 1}"
    try:
        programme = services.programme_propose(
            actor=request.user,
            run=run,
            officer=request.user,  # type: ignore[arg-type]
            name=name,
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect(run)
    return redirect(programme)


def _programme(request: HttpRequest, pk: int) -> ActionProgramme:
    programme = get_object_or_404(ActionProgramme.objects.select_related("case"), pk=pk)
    if not can(request.user, "programme.view", programme):
        raise Http404
    return programme


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    versions = list(
        programme.versions.select_related(
            "created_by", "treatment__forum", "treatment__body", "decision__item__meeting"
        )
    )
    current = versions[0] if versions else None
    diff = services.programme_compare(versions[1], versions[0]) if len(versions) > 1 else None
    names = _names()
    projects = {
        p.code: p for p in Project.objects.filter(code__in=[s["code"] for s in (current.selection if current else [])])
    }
    points = [
        {
            "id": s["code"],
            "title": s["title"],
            "location": projects[s["code"]].location if s["code"] in projects else None,
            "url": projects[s["code"]].get_absolute_url() if can(request.user, "project.view") else "",
        }
        for s in (current.selection if current else [])
        if s["code"] in projects
    ]
    passage = (
        list(programme.case.treatments.select_related("forum", "body", "agenda_item__meeting", "agenda_item__decision"))
        if programme.case
        else []
    )
    return render(
        request,
        "portfolio/programme.html",
        {
            "programme": programme,
            "versions": versions,
            "current": current,
            "diff": diff,
            "names": names,
            "passage": passage,
            "can_amend": can(request.user, "programme.advance", programme)
            and programme.stage == ActionProgramme.Stage.PROPOSAL,
            "can_record_outcome": can(request.user, "case.manage", programme.case),
            "can_view_case": can(request.user, "case.view", programme.case),
            "outcomes": Treatment.Outcome.choices,
            "points": points,
            "areas": [
                {"code": a.code, "name": a.name, "outline": a.outline}
                for a in config_entries(current_config())["areas"]
            ],
            "years": list(range(programme.first_year, programme.last_year + 1)),
        },
    )


@login_required
@require_POST
def programme_amend(request: HttpRequest, pk: int) -> HttpResponse:
    """A change to the proposal before the Council's recommendation: a new version with its reason."""
    programme = _programme(request, pk)
    require(request.user, "programme.advance", programme)
    post = request.POST
    changes: dict[str, int | None] = {}
    try:
        for key in post:
            if key.startswith("change-") and post[key]:
                changes[key.removeprefix("change-")] = None if post[key] == "out" else int(post[key])
        services.programme_amend(
            actor=request.user, programme=programme, changes=changes, reason=post.get("reason", "")
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    except (ValueError, OverflowError):
        messages.error(request, _("Check the start years you entered."))
    else:
        messages.success(request, _("The proposal has a new version."))
    return redirect(programme)


def programme_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    programme = _programme(request, pk)
    version = programme.versions.first()
    if version is None:
        raise Http404
    name = f"handlingsprogram-{programme.first_year}-{programme.last_year}-v{version.number}"
    if fmt == "xlsx":
        return download(programme_xlsx(version, _names()), XLSX, f"{name}.xlsx")
    return document_response(programme_document(version, _names()), fmt, name)


def _compare_page(
    request: HttpRequest, programme: ActionProgramme, va: ProgrammeVersion, vb: ProgrammeVersion
) -> HttpResponse:
    return render(
        request,
        "portfolio/programme_compare.html",
        {"programme": programme, "a": va, "b": vb, "diff": services.programme_compare(va, vb)},
    )


def programme_version_compare(request: HttpRequest, pk: int, a: int, b: int) -> HttpResponse:
    programme = _programme(request, pk)
    va = get_object_or_404(ProgrammeVersion, programme=programme, number=a)
    vb = get_object_or_404(ProgrammeVersion, programme=programme, number=b)
    return _compare_page(request, programme, va, vb)


def programme_revision_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """A revised programme (its newest version) beside the adopted version of the programme it replaces."""
    programme = _programme(request, pk)
    old = (
        programme.replaces.versions.filter(stage=ActionProgramme.Stage.ADOPTED).first() if programme.replaces else None
    )
    new = programme.versions.first()
    if old is None or new is None:
        raise Http404
    return _compare_page(request, programme, old, new)


@login_required
def frame_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "portfolio.plan")
    form = FrameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.frame_create(
                actor=request.user,
                name=d["name"],
                first_year=d["first_year"],
                years=d["years"],
                amounts=d["amounts"],
                totals=d["totals"],
                year_totals=d["year_totals"],
                allocations=d["earmarked"],
                carry_over=d["carry_over"],
                price_basis=d["price_basis"],
            )
        except ValidationError as e:
            apply_to_form(form, e)
        else:
            messages.success(request, _("The frames are saved as a draft version."))
            return redirect("portfolio")
    return render(request, "portfolio/frame.html", {"form": form}, status=422 if form.is_bound and form.errors else 200)
