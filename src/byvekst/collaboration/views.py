"""Pages of the disagreement ladder: the register by level and age, a disagreement with its positions, steps and
resolution."""

from __future__ import annotations

import datetime as dt
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
from byvekst.collaboration.forms import DisagreementForm, HoldForm, PositionForm, ResolveForm, ThemeDayForm
from byvekst.collaboration.models import Disagreement, Level, ThemeDay, TimeUseRules
from byvekst.collaboration.policies import parties_of
from byvekst.collaboration.timeuse import time_use
from byvekst.core.charts import Chart, Series
from byvekst.core.errors import apply_to_form, messages_of
from byvekst.core.http import object_or_404
from byvekst.core.policy import can, is_secretariat, require
from byvekst.documents.ics import Person, invitation
from byvekst.governance.models import Party, User
from byvekst.governance.selectors import config_entries, current_config
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
                messages.error(request, " ".join(messages_of(e)))
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


def _focus_areas() -> list[tuple[str, str]]:
    return [(e.code, e.name) for e in config_entries(current_config())["focus_areas"]]


@login_required
def themeday_list(request: HttpRequest) -> HttpResponse:
    """The plan of joint professional and theme days, and a form to add one."""
    require(request.user, "themeday.view")
    form = ThemeDayForm(focus_areas=_focus_areas())
    code = 200
    if request.method == "POST":
        require(request.user, "themeday.plan")
        form = ThemeDayForm(request.POST, focus_areas=_focus_areas())
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                day = services.themeday_plan(
                    actor=request.user,
                    organiser=request.user,
                    forums=list(data.pop("forums")),
                    parties=list(data.pop("parties")),
                    **data,
                )
            except ValidationError as e:
                apply_to_form(form, e)
            else:
                messages.success(request, _("The theme day is in the plan."))
                return redirect(day)
        code = 422
    days = ThemeDay.objects.select_related("organiser", "organiser_party").prefetch_related("invited_forums")
    return render(
        request,
        "collaboration/themedays.html",
        {
            "coming": [d for d in days if d.status == ThemeDay.Status.PLANNED],
            "held": [d for d in days if d.status == ThemeDay.Status.HELD],
            "form": form,
            "may_plan": can(request.user, "themeday.plan"),
            "focus_names": dict(_focus_areas()),
        },
        status=code,
    )


@login_required
def themeday_detail(request: HttpRequest, pk: int) -> HttpResponse:
    day = object_or_404(ThemeDay.objects.select_related("organiser", "organiser_party"), pk=pk)
    require(request.user, "themeday.view", day)
    hold = HoldForm(initial={"outcome": day.outcome, "material": day.material})
    code = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "register":
            require(request.user, "themeday.register", day)
            try:
                services.themeday_register(
                    actor=request.user, day=day, person=request.user, party=getattr(request.user, "party", None)
                )
            except ValidationError as e:
                messages.error(request, " ".join(messages_of(e)))
            else:
                messages.success(request, _("You are registered."))
            return redirect(day)
        if action == "hold":
            require(request.user, "themeday.hold", day)
            hold = HoldForm(request.POST)
            if hold.is_valid():
                came = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
                services.themeday_hold(
                    actor=request.user,
                    day=day,
                    attended={r.person_id: r.person_id in came for r in day.registrations.all()},
                    **hold.cleaned_data,
                )
                messages.success(request, _("The attendance and the outcome are saved."))
                return redirect(day)
            code = 422
    registrations = list(day.registrations.select_related("person", "party"))
    by_party: dict[str, int] = {}
    for r in registrations:
        key = r.party.short_name if r.party else "–"
        by_party[key] = by_party.get(key, 0) + 1
    return render(
        request,
        "collaboration/themeday.html",
        {
            "day": day,
            "registrations": registrations,
            "by_party": sorted(by_party.items()),
            "registered": any(r.person_id == request.user.pk for r in registrations),
            "may_register": can(request.user, "themeday.register", day),
            "may_hold": can(request.user, "themeday.hold", day),
            "hold_form": hold,
            "focus_name": dict(_focus_areas()).get(day.focus_area_code, ""),
        },
        status=code,
    )


@login_required
def themeday_ics(request: HttpRequest, pk: int) -> HttpResponse:
    day = object_or_404(ThemeDay.objects.select_related("organiser"), pk=pk)
    require(request.user, "themeday.view", day)
    url = request.build_absolute_uri(day.get_absolute_url())
    people = [r.person for r in day.registrations.select_related("person") if r.person.email]
    content = invitation(
        uid=f"themeday-{day.pk}@byvekst",
        summary=day.topic,
        starts=day.starts_at,
        ends=day.ends_at,
        location=day.place,
        description=url,
        url=url,
        organiser=Person(str(day.organiser), day.organiser.email) if day.organiser.email else None,
        attendees=[Person(str(p), p.email) for p in people],
    )
    return HttpResponse(
        content,
        content_type="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="temadag-{day.pk}.ics"'},
    )


def _months(request: HttpRequest) -> tuple[dt.date, dt.date]:
    """The months asked for (``?fra=2026-06&til=2026-11``), by default the last six."""
    today = timezone.localdate()

    def month(value: str, default: dt.date) -> dt.date:
        try:
            year, mon = (int(x) for x in value[:7].split("-"))
            return dt.date(year, mon, 1) if 2000 <= year <= 2100 else default
        except ValueError:
            return default

    last = month(request.GET.get("til", ""), today.replace(day=1))
    back = dt.date(last.year - (last.month <= 5), (last.month - 6) % 12 + 1, 1)
    first = month(request.GET.get("fra", ""), back)
    if first > last or (last.year - first.year) * 12 + last.month - first.month > 36:
        first = back
    return first, last


@login_required
def time_use_page(request: HttpRequest) -> HttpResponse:
    """Hours per forum, party and (for the secretariat) person per month against the mandates' expectation."""
    require(request.user, "timeuse.view")
    first, last = _months(request)
    use = time_use(first, last)
    rows = use.forum_rows()
    chart = Chart(
        id="time-use",
        title=_("Hours per person a month, by forum, against the mandate"),
        description=_("Measured hours per person a month in each forum beside what its mandate expects."),
        x_label=_("Forum"),
        y_label=_("Hours per person a month"),
        unit=_("hours"),
        categories=[r["name"] for r in rows],
        series=[
            Series(_("Measured"), "bar", [round(r["per_person_month"], 1) for r in rows]),
            Series(_("Expected by the mandate"), "bar", [round(r["expected"] or 0, 1) for r in rows]),
        ],
    )
    parties = sorted({p for _m, p in use.by_party})
    people_rows: list[tuple[str, list[float]]] = []
    people = sorted({pid for _m, pid in use.by_person})
    if not can(request.user, "timeuse.people"):
        people = [pid for pid in people if pid == request.user.pk]
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=people)}
    for pid in people:
        people_rows.append((names.get(pid, "–"), [use.by_person[(m, pid)] for m in use.months]))
    return render(
        request,
        "collaboration/time_use.html",
        {
            "first": first,
            "last": last,
            "months": use.months,
            "rows": rows,
            "chart": chart,
            "party_rows": [(p, [use.by_party[(m, p)] for m in use.months]) for p in parties],
            "people_rows": people_rows,
            "rules": TimeUseRules.objects.first() or TimeUseRules(),
        },
    )
