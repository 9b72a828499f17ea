from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from byvekst.audit.selectors import history_for
from byvekst.cases import effects, selectors, services
from byvekst.cases.documents import agenda_document, invitation_ics, minutes_document, paper_document
from byvekst.cases.forms import (
    AmendmentForm,
    CaseForm,
    DecisionForm,
    MeetingForm,
    OutcomeForm,
    PaperForm,
    TreatmentForm,
)
from byvekst.cases.models import AgendaItem, Anchoring, Attendance, Case, Decision, Meeting, Treatment
from byvekst.core.errors import apply_to_form, messages_of
from byvekst.core.http import object_or_404
from byvekst.core.policy import can, require
from byvekst.documents.http import document_response
from byvekst.governance.models import Forum, Party, Subject, User


def _errors(request: HttpRequest, e: ValidationError) -> None:
    for m in messages_of(e):
        messages.error(request, m)


def _proposed(request: HttpRequest) -> dict[str, Any]:
    """Initial values when a record is put forward for decision (``?target=app.model:id&subject=…``)."""
    target, subject = request.GET.get("target", "")[:100], request.GET.get("subject", "")[:30]
    kind, _sep, pk = target.partition(":")
    found = next((e.load(pk) for e in effects.effects_for(kind) if e.subject == subject), None)
    if found is None:
        return {}
    return {"target": target, "subject": subject, "title": str(found)[:300]}


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "case.view")
    initial = {"officer": request.user.pk, **_proposed(request)}
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(request.user, "case.manage")
        if form.is_valid():
            try:
                case = services.case_open(
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    subject=form.cleaned_data["subject"],
                    officer=form.cleaned_data["officer"],
                    projects=list(form.cleaned_data["projects"]),
                    targets=form.cleaned_data["target"],
                )
            except ValidationError as e:
                apply_to_form(form, e)
            else:
                messages.success(request, _("Case %(n)s is opened.") % {"n": case.number})
                return redirect(case)
    cases = Case.objects.select_related("officer").prefetch_related("treatments__forum")[:200]
    return render(
        request,
        "cases/list.html",
        {
            "cases": cases,
            "form": form,
            "can_manage": can(request.user, "case.manage"),
            "proposed": initial.get("title"),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


def _case(request: HttpRequest, year: int, seq: int) -> Case:
    case = selectors.case_by_number(year, seq)
    require(request.user, "case.view", case)
    return case


def _anchoring_rows(treatment: Treatment, user: Any) -> list[dict[str, Any]]:
    if treatment.forum is None:
        return []
    recorded = {a.party_id: a for a in treatment.anchorings.all()}
    parties = {m.party for m in services.participants_for_forum(treatment.forum) if m.party and m.is_voting}
    return [
        {"party": p, "anchoring": recorded.get(p.pk), "can": can(user, "anchoring.record", (treatment, p))}
        for p in sorted(parties, key=lambda p: p.order)
    ]


@login_required
def case_detail(request: HttpRequest, year: int, seq: int) -> HttpResponse:
    case = _case(request, year, seq)
    form = TreatmentForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "case.manage", case)
        if form.is_valid():
            try:
                services.treatment_add(actor=request.user, case=case, **form.cleaned_data)
            except ValidationError as e:
                apply_to_form(form, e)
            else:
                messages.success(request, _("The treatment is added to the case."))
                return redirect(case)
    rows = [
        {
            "t": t,
            "missing": services.paper_missing(t.paper),
            "anchoring": _anchoring_rows(t, request.user),
            "read_paper": can(request.user, "paper.read", t),
            "comment": can(request.user, "paper.comment", t),
        }
        for t in selectors.treatments(case)
    ]
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "rows": rows,
            "form": form,
            "can_manage": can(request.user, "case.manage", case),
            "timeline": selectors.case_timeline(case),
            "statuses": Anchoring.Status.choices,
            "targets": list(case.targets.all()),
            "outcome_form": OutcomeForm(),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def paper_edit(request: HttpRequest, pk: int) -> HttpResponse:
    treatment = get_object_or_404(Treatment.objects.select_related("case", "paper", "forum"), pk=pk)
    require(request.user, "case.manage", treatment.case)
    form = PaperForm(request.POST or None, instance=treatment.paper)
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_save(
                actor=request.user, paper=treatment.paper, data=form.cleaned_data, finalise="finalise" in request.POST
            )
        except ValidationError as e:
            apply_to_form(form, e)
        else:
            messages.success(request, _("The case paper is saved."))
            return redirect(treatment.case)
    return render(
        request,
        "cases/paper.html",
        {"t": treatment, "form": form},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def paper_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    treatment = get_object_or_404(Treatment.objects.select_related("case__officer", "paper", "forum"), pk=pk)
    if not can(request.user, "paper.read", treatment):
        raise Http404
    body = slugify(treatment.body_name)[:30]
    return document_response(
        paper_document(treatment),
        fmt,
        f"saksframlegg-{treatment.case.year}-{treatment.case.seq}-{body}-{slugify(treatment.get_kind_display())}-{pk}",
    )


@login_required
@require_POST
def treatment_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """What an outside body decided (the secretariat records it from their letter or minutes)."""
    treatment = get_object_or_404(Treatment.objects.select_related("case", "body"), pk=pk)
    require(request.user, "case.manage", treatment.case)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.treatment_outcome_record(
                actor=request.user,
                treatment=treatment,
                outcome=d["outcome_status"],
                on=d["outcome_date"],
                reference=d["reference"],
                link=d["link"],
            )
        except ValidationError as e:
            _errors(request, e)
        else:
            messages.success(request, _("The outcome in %(b)s is recorded.") % {"b": treatment.body_name})
    else:
        messages.error(request, " ".join(f"{form[f].label}: {' '.join(map(str, e))}" for f, e in form.errors.items()))
    target = request.POST.get("next", "")
    return redirect(target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else treatment.case)


@login_required
@require_POST
def paper_comment(request: HttpRequest, pk: int) -> HttpResponse:
    treatment = get_object_or_404(Treatment.objects.select_related("case", "forum"), pk=pk)
    require(request.user, "paper.comment", treatment)
    try:
        services.paper_comment(actor=request.user, treatment=treatment, text=request.POST.get("text", ""))
    except ValidationError as e:
        _errors(request, e)
    else:
        messages.success(request, _("Your comment is added."))
    return redirect(f"{treatment.case.get_absolute_url()}#t-{treatment.pk}")


@login_required
def decision_detail(request: HttpRequest, number: str) -> HttpResponse:
    decision = get_object_or_404(selectors.decisions(), number=number)
    require(request.user, "case.view", decision)
    names = dict(Party.objects.values_list("slug", "name"))
    return render(
        request,
        "cases/decision.html",
        {"d": decision, "names": names, "can_order": can(request.user, "order.create")},
    )


@login_required
@require_POST
def anchoring(request: HttpRequest, pk: int, party: str) -> HttpResponse:
    treatment = get_object_or_404(Treatment.objects.select_related("case", "forum"), pk=pk)
    who = get_object_or_404(Party, slug=party)
    require(request.user, "anchoring.record", (treatment, who))
    try:
        services.anchoring_record(
            actor=request.user,
            treatment=treatment,
            party=who,
            status=request.POST.get("status", ""),
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as e:
        _errors(request, e)
    return redirect(treatment.case)


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "case.view")
    form = MeetingForm(request.POST or None)
    form.fields["forum"].queryset = Forum.objects.filter(  # type: ignore[attr-defined]
        pk__in=[f.pk for f in Forum.objects.filter(ended_on__isnull=True) if can(request.user, "meeting.manage", f)]
    )
    if request.method == "POST" and form.is_valid():
        require(request.user, "meeting.manage", form.cleaned_data["forum"])
        try:
            meeting = services.meeting_schedule(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            apply_to_form(form, e)
        else:
            return redirect(meeting)
    meetings = Meeting.objects.select_related("forum").order_by("-starts_at")[:100]
    return render(
        request,
        "cases/meetings.html",
        {"meetings": meetings, "form": form, "can_schedule": form.fields["forum"].queryset.exists()},  # type: ignore[attr-defined]
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("forum__mandate__current"), pk=pk)
    require(request.user, "case.view", meeting)
    manage = can(request.user, "meeting.manage", meeting.forum)
    people = services.participants(meeting)
    attendance = {a.person_id: a for a in meeting.attendance.all()}
    items = list(
        meeting.items.select_related("treatment__case", "treatment__paper", "decision").prefetch_related(
            "treatment__anchorings__party", "conflicts__person", "decision__votes__person", "decision__effects"
        )
    )
    candidates = Treatment.objects.filter(forum=meeting.forum, status=Treatment.Status.PLANNED).select_related("case")
    present, needed, quorate = services.quorum(meeting)
    return render(
        request,
        "cases/meeting.html",
        {
            "m": meeting,
            "manage": manage,
            "items": items,
            "candidates": candidates,
            "members": [(p, attendance.get(p.person_id)) for p in people if p.is_voting],
            "observers": [(p, attendance.get(p.person_id)) for p in people if not p.is_voting],
            "present": present,
            "needed": needed,
            "quorate": quorate,
            "decision_form": DecisionForm(),
            "parties": sorted({p.party for p in people if p.party and p.is_voting}, key=lambda p: p.order),
            "voters": [p for p in people if p.is_voting],
            "statuses": Attendance.Status.choices,
            "previous": Meeting.objects.filter(
                forum=meeting.forum, starts_at__lt=meeting.starts_at, minutes_status__in=["draft", "circulated"]
            ).first(),
            "today": timezone.localdate() + dt.timedelta(days=7),
            "history": history_for(meeting),
            "closed": meeting.is_closed,
            "party_names": dict(Party.objects.values_list("slug", "short_name")),
            "read_papers": can(request.user, "forum.read_material", meeting.forum),
            "read_minutes": can(request.user, "minutes.read", meeting),
            "amendments": meeting.amendments.select_related("author"),
            "amendment_form": AmendmentForm(),
        },
    )


def _meeting_for_manage(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("forum__mandate__current"), pk=pk)
    require(request.user, "meeting.manage", meeting.forum)
    return meeting


def _prefixed(post: Any, prefix: str) -> dict[str, str]:
    """Form fields named ``<prefix><key>`` with a non-empty value, as {key: value}."""
    return {
        k.removeprefix(prefix): str(post.get(k)).strip()
        for k in post
        if k.startswith(prefix) and str(post.get(k) or "").strip()
    }


@login_required
@require_POST
def meeting_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    meeting = _meeting_for_manage(request, pk)
    post = request.POST
    try:
        if action == "item":
            treatment = object_or_404(Treatment, pk=post.get("treatment"))
            services.agenda_add(
                actor=request.user, meeting=meeting, treatment=treatment, minutes=int(post.get("minutes") or 20)
            )
        elif action == "not-ready":
            item = object_or_404(AgendaItem, pk=post.get("item"), meeting=meeting)
            services.agenda_mark_not_ready(actor=request.user, item=item, not_ready=post.get("value") == "1")
        elif action == "attendance":
            statuses = {int(k): v for k, v in _prefixed(post, "att-").items()}
            services.attendance_record(actor=request.user, meeting=meeting, statuses=statuses)
        elif action == "conflict":
            item = object_or_404(AgendaItem, pk=post.get("item"), meeting=meeting)
            services.conflict_declare(
                actor=request.user,
                item=item,
                person=object_or_404(User, pk=post.get("person")),
                note=post.get("note", ""),
            )
        elif action == "decision":
            item = object_or_404(AgendaItem, pk=post.get("item"), meeting=meeting)
            form = DecisionForm(post)
            if not form.is_valid():
                raise ValidationError({k: " ".join(str(e) for e in v) for k, v in form.errors.items()})
            reservations = _prefixed(post, "res-")
            votes = {int(k): v for k, v in _prefixed(post, "vote-").items()}
            services.decision_record(
                actor=request.user, item=item, reservations=reservations, votes=votes, **form.cleaned_data
            )
        elif action == "close":
            services.meeting_close(actor=request.user, meeting=meeting)
        elif action == "circulate":
            services.minutes_circulate(
                actor=request.user,
                meeting=meeting,
                minutes=post.get("minutes", ""),
                deadline=dt.date.fromisoformat(post.get("deadline") or str(timezone.localdate())),
            )
        elif action == "approve":
            target = object_or_404(Meeting, pk=post.get("minutes_of"))
            require(request.user, "meeting.manage", target.forum)
            in_meeting = meeting if target.pk != meeting.pk else None
            services.minutes_approve(actor=request.user, meeting=target, in_meeting=in_meeting)
        elif action == "publish":
            services.minutes_publish(actor=request.user, meeting=meeting)
        elif action == "amend":
            amendment = AmendmentForm(post)
            if not amendment.is_valid():
                raise ValidationError({k: " ".join(str(e) for e in v) for k, v in amendment.errors.items()})
            services.meeting_amend(actor=request.user, meeting=meeting, **amendment.cleaned_data)
        else:
            raise Http404
    except ValidationError as e:
        _errors(request, e)
    except ValueError:
        messages.error(request, _("Check the dates and numbers you entered."))
    else:
        messages.success(request, _("Saved."))
    return redirect(meeting)


@login_required
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)
    require(request.user, "case.view", meeting)
    return HttpResponse(
        invitation_ics(
            meeting, request.build_absolute_uri(meeting.get_absolute_url()), selectors.forum_people(meeting.forum)
        ),
        content_type="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="mote-{pk}.ics"'},
    )


@login_required
def meeting_document(request: HttpRequest, pk: int, which: str, fmt: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)
    require(request.user, "case.view", meeting)
    builder = {"saksliste": agenda_document, "protokoll": minutes_document}.get(which)
    if builder is None or (which == "protokoll" and not can(request.user, "minutes.read", meeting)):
        raise Http404
    return document_response(builder(meeting), fmt, f"{which}-{meeting.forum.code}-{meeting.number}-{meeting.year}")


@login_required
def decision_register(request: HttpRequest) -> HttpResponse:
    require(request.user, "case.view")
    filters = {k: request.GET.get(k, "").strip() for k in ("forum", "year", "subject", "project", "q")}
    decisions = selectors.decision_register({k: v for k, v in filters.items() if v})[:300]
    return render(
        request,
        "cases/register.html",
        {
            "decisions": decisions,
            "filters": filters,
            "forums": Forum.objects.all(),
            "subjects": Subject.choices,
            "can_manage": can(request.user, "case.manage"),
            "follow_ups": Decision.FollowUp.choices,
        },
    )


@login_required
@require_POST
def decision_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("item__treatment__case"), pk=pk)
    require(request.user, "case.manage", decision)
    try:
        due = dt.date.fromisoformat(request.POST["due"]) if request.POST.get("due") else None
        services.decision_follow_up(
            actor=request.user,
            decision=decision,
            status=request.POST.get("follow_up", ""),
            responsible=request.POST.get("responsible", ""),
            due=due,
        )
    except ValidationError as e:
        _errors(request, e)
    except ValueError:
        messages.error(request, _("Check the dates and numbers you entered."))
    return redirect("decision-register")
