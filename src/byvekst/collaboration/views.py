"""Pages of the disagreement ladder: the register by level and age, a disagreement with its positions, steps and
resolution."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from byvekst.cases.models import Case
from byvekst.collaboration import services
from byvekst.collaboration.forms import DisagreementForm, PositionForm, ResolveForm
from byvekst.collaboration.models import Disagreement, Level
from byvekst.collaboration.policies import parties_of
from byvekst.core.errors import apply_to_form
from byvekst.core.http import object_or_404
from byvekst.core.policy import can, is_secretariat, require
from byvekst.governance.models import Party
from byvekst.projects.models import Project


def _parties(user: Any) -> Any:
    qs = Party.objects.filter(active=True)
    return qs if is_secretariat(user) else qs.filter(pk__in=parties_of(user))


def _subject(text: str) -> tuple[Case | None, Project | None]:
    text = text.strip()
    year, _sep, seq = text.partition("/")
    if year.isdigit() and seq.isdigit():
        return Case.objects.filter(year=int(year), seq=int(seq)).first(), None
    return None, Project.objects.filter(code=text.upper()).first()


@login_required
def disagreement_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "disagreement.view")
    status = request.GET.get("status", Disagreement.Status.OPEN)
    status = status if status in Disagreement.Status.values else ""
    qs = Disagreement.objects.select_related("forum", "case", "project").order_by("-level", "level_since")
    if status:
        qs = qs.filter(status=status)
    may_register = can(request.user, "disagreement.register")
    initial = {"subject": request.GET.get("sak", "")[:20]}
    form = DisagreementForm(initial=initial, parties=_parties(request.user))
    code = 200
    if request.method == "POST":
        require(request.user, "disagreement.register")
        form = DisagreementForm(request.POST, parties=_parties(request.user))
        if form.is_valid():
            case, project = _subject(form.cleaned_data["subject"])
            try:
                if case is None and project is None:
                    raise ValidationError({"subject": _("No case or project sheet has this number.")})
                made = services.disagreement_register(
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    level=form.cleaned_data["level"],
                    positions={form.cleaned_data["party"]: form.cleaned_data["position"]},
                    case=case,
                    project=project,
                )
            except ValidationError as e:
                apply_to_form(form, e)
            else:
                messages.success(request, _("The disagreement is registered with %(f)s.") % {"f": made.forum.name})
                return redirect(made)
        code = 422
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    by_level = {level: 0 for level in Level.values}
    for level in Disagreement.objects.filter(status=Disagreement.Status.OPEN).values_list("level", flat=True):
        by_level[level] += 1
    return render(
        request,
        "collaboration/disagreements.html",
        {
            "page": page,
            "status": status,
            "statuses": Disagreement.Status.choices,
            "form": form,
            "may_register": may_register,
            "by_level": [(Level(level).label, n) for level, n in by_level.items()],
            "now": timezone.now(),
        },
        status=code,
    )


@login_required
def disagreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    d = object_or_404(Disagreement.objects.select_related("forum", "case", "project", "created_by"), pk=pk)
    require(request.user, "disagreement.view", d)
    parties = [p for p in _parties(request.user) if can(request.user, "disagreement.position", (d, p))]
    position = PositionForm(parties=Party.objects.filter(pk__in=[p.pk for p in parties]))
    resolve = ResolveForm()
    code = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "position":
                position = PositionForm(request.POST, parties=Party.objects.filter(pk__in=[p.pk for p in parties]))
                if position.is_valid():
                    require(request.user, "disagreement.position", (d, position.cleaned_data["party"]))
                    services.position_set(actor=request.user, disagreement=d, **position.cleaned_data)
                    messages.success(request, _("The position is saved."))
                    return redirect(d)
            elif action == "lift":
                require(request.user, "disagreement.lift", d)
                services.disagreement_lift(actor=request.user, disagreement=d)
                messages.success(request, _("The disagreement is lifted to %(f)s.") % {"f": d.forum.name})
                return redirect(d)
            elif action == "resolve":
                require(request.user, "disagreement.resolve", d)
                resolve = ResolveForm(request.POST)
                if resolve.is_valid():
                    services.disagreement_resolve(actor=request.user, disagreement=d, **resolve.cleaned_data)
                    messages.success(request, _("The disagreement is resolved."))
                    return redirect(d)
        except ValidationError as e:
            apply_to_form(resolve if action == "resolve" else position, e)
            if action == "lift":
                messages.error(request, " ".join(m for ms in e.message_dict.values() for m in ms))
        code = 422
    return render(
        request,
        "collaboration/disagreement.html",
        {
            "d": d,
            "positions": d.positions.select_related("party"),
            "steps": d.steps.select_related("forum"),
            "position_form": position,
            "resolve_form": resolve,
            "may_position": bool(parties),
            "may_lift": can(request.user, "disagreement.lift", d) and d.level < Level.STEERING,
            "may_resolve": can(request.user, "disagreement.resolve", d),
            "overdue": d.status == Disagreement.Status.OPEN and d.due < timezone.now(),
        },
        status=code,
    )
