from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from byvekst.assessment import selectors, services
from byvekst.assessment.models import CriteriaSet, Criterion, Score, WeightSet
from byvekst.assessment.rankings import Ranked, rankings
from byvekst.core.charts import Chart, Series, value_cost
from byvekst.core.htmx import render_page
from byvekst.core.http import object_or_404
from byvekst.core.limits import decimal_or_none
from byvekst.core.policy import can, require
from byvekst.engine.mcda import inconsistent_judgements, matrix_from_judgements
from byvekst.governance.models import Party
from byvekst.projects.models import Project

# Saaty's scale as the form shows it; values are posted as written ("1/3") and parsed exactly.
SAATY = ["9", "7", "5", "3", "1", "1/3", "1/5", "1/7", "1/9"]


def _saaty_label(value: float) -> str:
    return min(SAATY, key=lambda label: abs(float(Fraction(label)) - value))


def _set(request: HttpRequest, number: int) -> CriteriaSet:
    cs = get_object_or_404(CriteriaSet, number=number)
    require(request.user, "criteria.view", cs)
    return cs


@login_required
def criteria_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "criteria.view")
    return render(request, "assessment/list.html", {"sets": CriteriaSet.objects.all()})


@login_required
def criteria_set(request: HttpRequest, number: int) -> HttpResponse:
    cs = _set(request, number)
    criteria = list(cs.criteria.all())
    weight_sets = list(cs.weight_sets.select_related("party"))
    parties = [p for p in Party.objects.filter(active=True) if can(request.user, "weights.enter", p)]
    return render(
        request,
        "assessment/set.html",
        {
            "cs": cs,
            "criteria": criteria,
            "weight_sets": weight_sets,
            "enter_for": parties,
            "can_adopt": not cs.is_adopted and can(request.user, "case.manage"),
            "can_aggregate": can(request.user, "criteria.edit", None),
            "rows": [(ws, [ws.weights.get(c.code, 0.0) for c in criteria]) for ws in weight_sets],
        },
    )


def _pairs(criteria: list[Criterion]) -> list[tuple[Criterion, Criterion, str]]:
    return [(a, b, f"{a.code}|{b.code}") for a, b in combinations(criteria, 2)]


@login_required
def weights_ahp(request: HttpRequest, number: int, party: str) -> HttpResponse:
    cs = _set(request, number)
    who = get_object_or_404(Party, slug=party)
    require(request.user, "weights.enter", who)
    criteria = list(cs.criteria.all())
    pairs = _pairs(criteria)
    existing = WeightSet.objects.filter(criteria_set=cs, party=who).first()
    given: dict[str, Any] = dict(existing.inputs.get("judgements", {})) if existing and existing.method == "ahp" else {}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        given = {}
        for _a, _b, key in pairs:
            raw = request.POST.get(key, "")
            try:
                given[key] = float(Fraction(raw))
            except (ValueError, ZeroDivisionError, OverflowError):
                errors[key] = _("Choose a judgement.")
        if not errors:
            try:
                existing = services.weights_ahp(actor=request.user, criteria_set=cs, party=who, judgements=given)
            except ValidationError as e:
                errors = {k: " ".join(v) for k, v in e.message_dict.items()}
            else:
                messages.success(request, _("The judgements are saved."))
        status = 422 if errors else 200
    worst: list[tuple[str, str, float, float]] = []
    if existing and existing.method == "ahp" and existing.consistency_ratio and existing.consistency_ratio > 0.10:
        j = existing.inputs["judgements"]
        n = len(criteria)
        upper = {(i, k): float(j[f"{criteria[i].code}|{criteria[k].code}"]) for i, k in combinations(range(n), 2)}
        worst = [
            (criteria[i].name, criteria[k].name, given_v, implied)
            for i, k, given_v, implied in inconsistent_judgements(matrix_from_judgements(n, upper))
        ]
    return render(
        request,
        "assessment/ahp.html",
        {
            "cs": cs,
            "party": who,
            "pairs": pairs,
            "given": {k: _saaty_label(float(v)) for k, v in given.items()},
            "errors": errors,
            "scale": SAATY,
            "weight_set": existing,
            "weights": [(c, existing.weights.get(c.code, 0)) for c in criteria] if existing else [],
            "worst": worst,
        },
        status=status,
    )


@login_required
@require_POST
def weights_aggregate(request: HttpRequest, number: int) -> HttpResponse:
    cs = _set(request, number)
    require(request.user, "criteria.edit", None)
    try:
        services.weights_aggregate(actor=request.user, criteria_set=cs)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect(cs)


def breakdown_chart(criteria: list[Criterion], rows: list[Ranked], weights: str) -> Chart:
    """The best projects' value, stacked by criterion: what each criterion contributes."""
    codes = [r.code for r in rows]
    return Chart(
        id="breakdown-chart",
        title=_("Value by criterion for the 20 best projects (weights: %(w)s)") % {"w": weights},
        description=_("Each bar is a project; its parts are what each criterion contributes to its value."),
        x_label=_("Project"),
        y_label=_("Value"),
        categories=codes[::-1],
        series=[
            Series(c.name, "bar", [round(r.breakdown.get(c.code, 0.0), 2) for r in rows][::-1], stack="value")
            for c in criteria
        ],
        horizontal=True,
        decimals=2,
        height=max(320, 26 * len(rows) + 90),
    )


def ranking_value_cost(rows: list[Ranked]) -> Chart:
    return value_cost(
        "value-cost-chart",
        [(f"{r.code} {r.title}", r.cost or 0.0, r.value, False) for r in rows],
        cost_label=_("Cost P50 (MNOK)"),
        value_label=_("Value"),
        labels={
            "chosen": "",
            "others": _("Projects"),
            "title": _("Value against cost"),
            "description": _("Each point is a project: to the right, more expensive; higher up, more value."),
            "point": _("Project"),
        },
    )


RANKING_PAGE = 50  # rows of the ranking table per page: the page stays small whatever the size of the portfolio


def _ranked(
    request: HttpRequest, number: int
) -> tuple[CriteriaSet, list[Criterion], list[WeightSet], WeightSet | None]:
    """The set, its criteria and weight sets, and the weights asked for (``?vekter=``: the common ones unless a
    party's are named); None when the set has no weights yet."""
    cs = _set(request, number)
    weight_sets = list(cs.weight_sets.select_related("party"))
    chosen_label = request.GET.get("vekter", "")
    chosen = next((w for w in weight_sets if w.label == chosen_label), None) or next(
        (w for w in weight_sets if w.party is None), weight_sets[0] if weight_sets else None
    )
    return cs, list(cs.criteria.all()), weight_sets, chosen


@login_required
def ranking(request: HttpRequest, number: int) -> HttpResponse:
    cs, criteria, weight_sets, chosen = _ranked(request, number)
    if chosen is None:
        messages.info(request, _("No weights yet: enter weights before the ranking can be computed."))
        return redirect(cs)
    codes = [c.code for c in criteria]
    kept = rankings(cs, criteria, weight_sets)  # computed once per change of the inputs, not per request
    rows = kept.rows(chosen)
    places = {w.pk: kept.places(w) for w in weight_sets}
    stability = kept.stability(chosen)
    page = Paginator(rows, RANKING_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessment/ranking.html",
        {
            "cs": cs,
            "criteria": criteria,
            "chosen": chosen,
            "weight_sets": weight_sets,
            "page": page,
            "rows": [(r, [r.breakdown.get(c, 0.0) for c in codes]) for r in page.object_list],
            "breakdown_chart": breakdown_chart(criteria, rows[:20], chosen.label),
            "side": [(r, [places[w.pk].get(r.code) for w in weight_sets]) for r in rows[:15]],
            "chart_url": reverse("criteria-ranking-chart", args=[cs.number])
            + "?"
            + urlencode({"vekter": chosen.label}),
            "stability": [(c, chosen.weights.get(c.code, 0.0), *stability[c.code]) for c in criteria],
        },
    )


@login_required
def ranking_chart(request: HttpRequest, number: int) -> HttpResponse:
    """The value–cost chart of every assessed project: a point and a table row each, so it is loaded when the
    reader comes to it (an htmx region of the ranking page), not with the page; also a page of its own."""
    cs, criteria, weight_sets, chosen = _ranked(request, number)
    if chosen is None:
        raise Http404
    kept = rankings(cs, criteria, weight_sets)
    return render_page(
        request,
        "assessment/ranking_chart.html",
        {
            "cs": cs,
            "chosen": chosen,
            "value_cost_chart": lambda: ranking_value_cost(kept.rows(chosen)),  # drawn only when not in the cache
            "drawn_key": f"{kept.key}:{chosen.pk}",
        },
        partial="chart",
    )


@login_required
def project_scores(request: HttpRequest, code: str) -> HttpResponse:
    project = get_object_or_404(Project, code=code)
    require(request.user, "project.view", project)
    cs = selectors.current_set()
    if cs is None:
        raise Http404
    criteria = list(cs.criteria.all())
    scores = {
        s.criterion_id: s
        for s in Score.objects.filter(project=project, criterion__criteria_set=cs).select_related(
            "proposed_by", "reviewed_by"
        )
    }
    errors: dict[str, dict[str, str]] = {}
    if request.method == "POST":
        action = request.POST.get("action", "propose")
        criterion = object_or_404(Criterion, pk=request.POST.get("criterion"), criteria_set=cs)
        if action == "review":
            require(request.user, "score.review", project)
            score = scores.get(criterion.pk)
            if score:
                services.score_review(actor=request.user, score=score)
            return redirect("project-scores", code=code)
        require(request.user, "score.propose", project)
        try:
            value = int(request.POST.get("value", ""))
        except (ValueError, OverflowError):
            errors[criterion.code] = {"value": _("Choose a level.")}
        else:
            try:
                services.score_propose(
                    actor=request.user,
                    project=project,
                    criterion=criterion,
                    value=value,
                    justification=request.POST.get("justification", ""),
                )
            except ValidationError as e:
                errors[criterion.code] = {k: " ".join(v) for k, v in e.message_dict.items()}
            else:
                messages.success(request, _("The score is saved."))
                return redirect("project-scores", code=code)
    raw = selectors.raw_scores(cs, [project])[project.code]
    items = [
        {
            "c": c,
            "score": scores.get(c.pk),
            "raw": raw.get(c.code),
            "errors": errors.get(c.code, {}),
            "levels": [(lvl, c.levels.get(str(lvl), "")) for lvl in range(c.scale_max, c.scale_min - 1, -1)],
            "posted": request.POST if errors.get(c.code) else None,
        }
        for c in criteria
    ]
    aggregate = cs.weight_sets.filter(party__isnull=True).first()
    breakdown = selectors.value_table(cs, aggregate.weights, [project])[0] if aggregate else None
    return render(
        request,
        "assessment/scores.html",
        {
            "p": project,
            "cs": cs,
            "items": items,
            "breakdown": breakdown,
            "can_propose": can(request.user, "score.propose", project),
            "can_review": can(request.user, "score.review", project),
        },
        status=422 if errors else 200,
    )


@login_required
def weights_points(request: HttpRequest, number: int, party: str, method: str) -> HttpResponse:
    """SWING (100 points to the most important swing, the others relative to it) or direct weights."""
    if method not in ("swing", "direct"):
        raise Http404
    cs = _set(request, number)
    who = get_object_or_404(Party, slug=party)
    require(request.user, "weights.enter", who)
    criteria = list(cs.criteria.all())
    existing = WeightSet.objects.filter(criteria_set=cs, party=who).first()
    given: dict[str, str] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values: dict[str, float] = {}
        for c in criteria:
            given[c.code] = request.POST.get(c.code, "").strip()
            amount = decimal_or_none(given[c.code])
            if amount is None or not 0 <= amount <= 1000:
                errors[c.code] = _("Give a number from 0 to 1000.")
            else:
                values[c.code] = float(amount)
        if not errors:
            try:
                if method == "swing":
                    services.weights_swing(actor=request.user, criteria_set=cs, party=who, points=values)
                else:
                    services.weights_direct(actor=request.user, criteria_set=cs, party=who, values=values)
            except ValidationError as e:
                errors = {"form": " ".join(e.messages)}
            else:
                messages.success(request, _("The weights are saved."))
                return redirect(cs)
    return render(
        request,
        "assessment/points.html",
        {
            "cs": cs,
            "party": who,
            "method": method,
            "criteria": criteria,
            "given": given,
            "errors": errors,
            "form_error": errors.get("form", ""),
            "weight_set": existing,
        },
        status=422 if errors else 200,
    )
