"""Pages of goal achievement: the indicators with their charts, and the byindeks from point data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from byvekst.assessment.models import Criterion
from byvekst.assessment.selectors import current_set
from byvekst.core.charts import Chart, Series
from byvekst.core.errors import apply_to_form, messages_of
from byvekst.core.http import object_or_404
from byvekst.core.policy import can, require
from byvekst.goals import selectors, services
from byvekst.goals.forms import PlanForm, RealisationForm
from byvekst.goals.models import BenefitPlan, Indicator
from byvekst.governance.selectors import config_entries, current_config
from byvekst.projects.models import Project

LIMIT = settings.BYVEKST_UPLOAD_MAX_MB * 1024 * 1024


def series_chart(s: selectors.Series, chart_id: str) -> Chart:
    """For the byindeks: the traffic level against the reference year and its three-year rolling mean; for a level
    indicator: its values."""
    if s.indicator.kind == Indicator.Kind.YEARLY_INDEX:
        years = sorted(s.levels)
        return Chart(
            id=chart_id,
            title=_("Light-vehicle traffic against %(y)s (= 100)") % {"y": s.indicator.reference_year},
            description=_(
                "The byindeks chained from the reference year, and its three-year rolling mean; at or below "
                "100 the zero-growth goal is met."
            ),
            x_label=_("Year"),
            y_label=_("Index (reference year = 100)"),
            categories=[str(y) for y in years],
            series=[
                Series(_("Traffic level"), "line", [round(s.levels[y] * 100, 1) for y in years]),
                Series(
                    _("Three-year rolling mean"),
                    "line",
                    [round(s.rolling[y] * 100, 1) if y in s.rolling else None for y in years],
                    dashed=True,
                ),
                Series(_("Goal (zero growth)"), "line", [100.0 for _y in years], dashed=True),
            ],
            decimals=1,
        )
    return Chart(
        id=chart_id,
        title=str(s.indicator.name),
        description=_("%(name)s per year (%(unit)s).") % {"name": s.indicator.name, "unit": s.indicator.unit},
        x_label=_("Year"),
        y_label=s.indicator.unit,
        categories=[str(y) for y in s.years],
        series=[Series(str(s.indicator.name), "bar", [s.values[y] for y in s.years])],
        unit=s.indicator.unit,
    )


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "goals.view")
    if request.method == "POST":
        require(request.user, "goals.manage")
        upload = request.FILES.get("file")
        if upload is None or (upload.size or 0) > LIMIT:
            messages.error(request, _("Choose a CSV file."))
            return redirect("indicator-list")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            messages.error(request, _("The file is not UTF-8 text (CSV)."))
            return redirect("indicator-list")
        result = services.values_import(actor=request.user, text=text)
        if result.errors:
            return render(request, "goals/import_errors.html", {"errors": result.errors}, status=422)
        messages.success(request, _("%(n)s values stored.") % {"n": result.stored})
        return redirect("indicator-list")
    rows = [selectors.series(i) for i in selectors.indicators()]
    main = next((r for r in rows if r.indicator.is_main), None)
    return render(
        request,
        "goals/list.html",
        {
            "rows": rows,
            "main": main,
            "chart": series_chart(main, "main-indicator") if main else None,
            "may_manage": can(request.user, "goals.manage"),
        },
    )


@login_required
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = object_or_404(Indicator, code=code)
    require(request.user, "goals.view", indicator)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        require(request.user, "goals.manage", indicator)
        files = [request.FILES.get(name) for name in ("current", "previous")]
        year = request.POST.get("year", "")
        try:
            if any(f is None or (f.size or 0) > LIMIT for f in files) or not year.isdigit():
                raise ValidationError({"file": _("Give the year and both CSV files (the year and the year before).")})
            texts = [f.read().decode("utf-8-sig") for f in files if f is not None]
            value = services.byindeks_import(actor=request.user, year=int(year), current=texts[0], previous=texts[1])
        except UnicodeDecodeError:
            errors = [_("The file is not UTF-8 text (CSV).")]
        except ValidationError as e:
            errors = messages_of(e)
        else:
            change = (value.value - 1) * 100
            words = f"{'−' if change < 0 else '+'}{number_format(abs(change), 1, use_l10n=True)}\u00a0%"
            messages.success(request, _("The byindeks for %(y)s is computed: %(v)s.") % {"y": value.year, "v": words})
            return redirect(indicator)
        status = 422
    s = selectors.series(indicator)
    plans = selectors.benefit_rows(BenefitPlan.objects.filter(indicator=indicator))
    values = list(indicator.values.order_by("-year", "-month"))
    latest = next((v for v in values if v.details), None)
    return render(
        request,
        "goals/detail.html",
        {
            "s": s,
            "i": indicator,
            "rows": [(v, (v.value - 1) * 100, v.coverage * 100 if v.coverage is not None else None) for v in values],
            "rolling_latest": (max(s.rolling), s.rolling[max(s.rolling)] * 100) if s.rolling else None,
            "chart": series_chart(s, "indicator"),
            "latest": latest,
            "plans": plans,
            "plan_totals": selectors.plan_totals(plans),
            "errors": errors,
            "year": request.POST.get("year", "")[:4],
            "may_manage": can(request.user, "goals.manage") and indicator.kind == Indicator.Kind.YEARLY_INDEX,
        },
        status=status,
    )


def context_for_public() -> dict[str, Any]:
    """The main indicator for the public page."""
    main = selectors.main_series()
    return {"goal": main, "goal_chart": series_chart(main, "public-goal") if main and main.years else None}


@login_required
def project_benefits(request: HttpRequest, code: str) -> HttpResponse:
    """A project's benefit plans with what has been measured; the group leader adds plans and measurements."""
    project = object_or_404(Project.objects.select_related("owner"), code=code)
    require(request.user, "project.view", project)
    may_edit = can(request.user, "benefit.edit", project)
    plan_form = PlanForm(initial=selectors.plan_from_sheet(project))
    realised_form = RealisationForm(initial={"year": timezone.localdate().year})
    status = 200
    if request.method == "POST":
        require(request.user, "benefit.edit", project)
        try:
            if request.POST.get("action") == "plan":
                plan_form = PlanForm(request.POST)
                if plan_form.is_valid():
                    data = dict(plan_form.cleaned_data)
                    services.plan_create(
                        actor=request.user, project=project, indicator=data.pop("indicator"), data=data
                    )
                    messages.success(request, _("The benefit plan is saved."))
                    return redirect("project-benefits", code=project.code)
            else:
                plan = object_or_404(BenefitPlan, pk=request.POST.get("plan", "")[:12] or 0, project=project)
                realised_form = RealisationForm(request.POST)
                if realised_form.is_valid():
                    services.realisation_add(actor=request.user, plan=plan, **realised_form.cleaned_data)
                    messages.success(request, _("The measurement is saved."))
                    return redirect("project-benefits", code=project.code)
        except ValidationError as e:
            apply_to_form(plan_form if request.POST.get("action") == "plan" else realised_form, e)
        status = 422
    return render(
        request,
        "goals/project_benefits.html",
        {
            "project": project,
            "rows": selectors.benefit_rows(BenefitPlan.objects.filter(project=project)),
            "plan_form": plan_form,
            "realised_form": realised_form,
            "may_edit": may_edit,
        },
        status=status,
    )


@login_required
def benefits(request: HttpRequest) -> HttpResponse:
    """Expected against realised benefit over the portfolio, by focus area or by area."""
    require(request.user, "goals.view")
    key = "area" if request.GET.get("etter") == "omrade" else "focus"
    rows = selectors.benefit_rows()
    entries = config_entries(current_config())["areas" if key == "area" else "focus_areas"]
    names = {e.code: e.name for e in entries}
    groups = [
        {
            "name": names.get(code, code),
            "rows": group,
            "measured": sum(1 for r in group if r.latest is not None),
            "share": (sum(r.share for r in group if r.share is not None) / n)
            if (n := sum(1 for r in group if r.share is not None))
            else None,
        }
        for code, group in selectors.benefit_groups(rows, key)
    ]
    return render(request, "goals/benefits.html", {"groups": groups, "key": key, "total": len(rows)})


def progress_charts(p: selectors.Progress) -> tuple[Chart, Chart]:
    """The programme's spend per year, and every indicator against its reference year (= 100) over the same
    years: read together, whether the indicators move as the money is spent."""
    years = [str(y) for y in p.years]
    spend = Chart(
        id="spend-chart",
        title=_("The action programme's spend per year (MNOK)"),
        description=_(
            "Planned: the projects' yearly cost profiles from their adopted start. Reported: spent this "
            "year in the newest status report of the year."
        ),
        x_label=_("Year"),
        y_label="MNOK",
        categories=years,
        series=[
            Series(_("Planned"), "bar", [round(p.planned.get(y, 0.0), 1) for y in p.years]),
            Series(_("Reported spent"), "bar", [round(p.reported[y], 1) if y in p.reported else None for y in p.years]),
        ],
        decimals=1,
    )
    moving = Chart(
        id="index-chart",
        title=_("The indicators against their reference year (= 100)"),
        description=_(
            "Each indicator's value as a share of its value in the reference year; the byindeks as its chained level."
        ),
        x_label=_("Year"),
        y_label=_("Index (reference year = 100)"),
        categories=years,
        series=[
            Series(
                str(s.indicator.name),
                "line",
                [round(p.index[s.indicator.code][y], 1) if y in p.index[s.indicator.code] else None for y in p.years],
            )
            for s in p.indicators
            if p.index[s.indicator.code]
        ],
        decimals=1,
    )
    return spend, moving


@login_required
def progress(request: HttpRequest) -> HttpResponse:
    """The indicators beside the programme's spend per year, with the criteria and focus areas aimed at each."""
    require(request.user, "goals.view")
    p = selectors.progress()
    spend, moving = progress_charts(p)
    criteria = {c.code: c.name for c in Criterion.objects.filter(criteria_set=current_set())}
    focus = {e.code: e.name for e in config_entries(current_config())["focus_areas"]}
    links = [
        (
            s,
            [criteria.get(code, code) for code in s.indicator.criteria],
            [focus.get(code, code) for code in s.indicator.focus_areas],
        )
        for s in p.indicators
    ]
    return render(
        request,
        "goals/progress.html",
        {"p": p, "rows": selectors.progress_rows(p), "spend_chart": spend, "index_chart": moving, "links": links},
    )
