from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from byvekst.audit.selectors import history_for, history_for_related
from byvekst.core.errors import apply_to_form, field_label
from byvekst.core.htmx import render_page
from byvekst.core.http import object_or_404
from byvekst.core.policy import can, require
from byvekst.governance import selectors, services
from byvekst.governance.diagram import layout
from byvekst.governance.forms import MandateVersionForm, MembershipForm
from byvekst.governance.models import (
    CaseKind,
    ConfigVersion,
    Forum,
    MandateVersion,
    Membership,
    OnboardingTask,
    Party,
    Subject,
)


@login_required
def organisation(request: HttpRequest) -> HttpResponse:
    forums = list(selectors.forums_with_people(include_ended=True))
    active = [f for f in forums if f.is_active]
    return render(
        request,
        "governance/organisation.html",
        {
            "config": selectors.current_config(),
            "entries": selectors.config_entries(selectors.current_config()),
            "forums": active,
            "ended": [f for f in forums if not f.is_active],
            "diagram": layout(active),
        },
    )


def _split_people(forum: Forum) -> dict[str, list[Membership]]:
    groups: dict[str, list[Membership]] = {"members": [], "observers": [], "secretaries": []}
    for m in forum.current_memberships:  # type: ignore[attr-defined]
        key = {"observator": "observers", "sekretar": "secretaries"}.get(m.role, "members")
        groups[key].append(m)
    return groups


@login_required
def forum_detail(request: HttpRequest, slug: str) -> HttpResponse:
    forum = get_object_or_404(selectors.forums_with_people(), slug=slug)
    return render(request, "governance/forum_detail.html", _forum_context(request, forum))


def _forum_context(request: HttpRequest, forum: Forum, form: MembershipForm | None = None) -> dict[str, Any]:
    user = request.user
    versions = [v for v in selectors.mandate_versions(forum) if can(user, "mandate.view", v)]
    onboarding = list(selectors.onboarding_for_forum(forum)) if can(user, "onboarding.view", forum) else []
    return {
        "forum": forum,
        "people": _split_people(forum),
        "current": forum.mandate.current,
        "versions": versions,
        "onboarding": [m for m in onboarding if m.tasks],  # type: ignore[attr-defined]
        "can_draft": can(user, "mandate.draft", forum),
        "can_manage": can(user, "membership.manage", forum),
        "membership_form": form or MembershipForm(initial={"start": dt.date.today()}),
        "history": history_for_related(
            {
                "governance.forum": [str(forum.pk)],
                "governance.membership": [str(m.pk) for m in forum.current_memberships],  # type: ignore[attr-defined]
                "governance.mandateversion": [str(v.pk) for v in versions],
            }
        ),
        "replaces": forum.replaces.all(),
    }


@login_required
def membership_new(request: HttpRequest, slug: str) -> HttpResponse:
    forum = get_object_or_404(selectors.forums_with_people(), slug=slug)
    require(request.user, "membership.manage", forum)
    form = MembershipForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_create(actor=request.user, forum=forum, **form.cleaned_data)
        except ValidationError as e:
            apply_to_form(form, e)
        else:
            messages.success(request, _("The membership is registered."))
            return redirect(forum)
    status = 422 if form.is_bound else 200
    return render_page(
        request,
        "governance/forum_detail.html",
        _forum_context(request, forum, form),
        partial="membership-form",
        status=status,
    )


@login_required
@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("forum"), pk=pk)
    require(request.user, "membership.manage", membership.forum)
    try:
        services.membership_end(actor=request.user, membership=membership, end=dt.date.today())
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect(membership.forum)


@login_required
@require_POST
def onboarding_tick(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(OnboardingTask.objects.select_related("membership__forum", "item"), pk=pk)
    require(request.user, "onboarding.tick", task)
    task = services.onboarding_tick(actor=request.user, task=task, done=request.POST.get("done") == "1")
    if getattr(request, "htmx", False):
        return render(request, "governance/forum_detail.html#onboarding-task", {"task": task})
    return redirect(task.membership.forum)


def _version_or_404(request: HttpRequest, pk: int) -> MandateVersion:
    version = get_object_or_404(MandateVersion.objects.select_related("mandate__forum", "agreed_by"), pk=pk)
    if not can(request.user, "mandate.view", version):
        # Not revealing that a draft exists is the safer answer for those who may not read it.
        raise Http404
    return version


def competence_grid(version: MandateVersion) -> list[tuple[str, list[bool]]]:
    return [(str(s.label), [version.has_competence(k.value, s.value) for k in CaseKind]) for s in Subject]


def mandate_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version_or_404(request, pk)
    others = [v for v in selectors.mandate_versions(version.mandate.forum) if v.pk != version.pk]
    return render(
        request,
        "governance/mandate_version.html",
        {
            "version": version,
            "forum": version.mandate.forum,
            "grid": competence_grid(version),
            "kinds": CaseKind,
            "others": [v for v in others if can(request.user, "mandate.view", v)],
            "can_edit": can(request.user, "mandate.edit", version),
            "can_propose": not version.is_agreed and can(request.user, "case.manage"),
            "member_parties": [p.short_name for p in Party.objects.filter(slug__in=version.member_parties)],
            "missing": services.mandate_missing_fields(version) if not version.is_agreed else {},
            "history": history_for(version) if can(request.user, "audit.view") else [],
            "can_history": can(request.user, "audit.view"),
        },
    )


@login_required
@require_POST
def mandate_new(request: HttpRequest, slug: str) -> HttpResponse:
    forum = get_object_or_404(Forum, slug=slug)
    require(request.user, "mandate.draft", forum)
    version = services.mandate_draft(actor=request.user, forum=forum)
    messages.info(request, _("A new draft version was made from the version in force. Edit it and save."))
    return redirect("mandate-edit", pk=version.pk)


@login_required
def mandate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version_or_404(request, pk)
    require(request.user, "mandate.edit", version)
    form = MandateVersionForm(request.POST or None, instance=version)
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            # The form was bound to ``version``; reload so the service compares against what is stored.
            stored = MandateVersion.objects.get(pk=version.pk)
            services.mandate_update(actor=request.user, version=stored, data=data)
            messages.success(request, _("The draft is saved."))
            return redirect(stored)
        return render(request, "governance/mandate_edit.html", {"form": form, "version": version}, status=422)
    return render(request, "governance/mandate_edit.html", {"form": form, "version": version})


def _diff_text(a: Any, b: Any) -> list[tuple[str, str]]:
    def lines(v: Any) -> list[str]:
        if isinstance(v, list):
            return [str(x) for x in v]
        return str("" if v is None else v).splitlines()

    out = []
    for line in difflib.ndiff(lines(a), lines(b)):
        tag = line[:1]
        if tag in ("-", "+", " "):
            out.append(({"-": "del", "+": "ins", " ": "same"}[tag], line[2:]))
    return out


def mandate_compare(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    a, b = _version_or_404(request, pk), _version_or_404(request, other)
    if a.number > b.number:
        a, b = b, a
    rows = []
    for name in MandateVersion.CONTENT_FIELDS:
        va, vb = getattr(a, name), getattr(b, name)
        label = field_label(MandateVersion, name)
        rows.append({"label": label, "changed": va != vb, "diff": _diff_text(va, vb)})
    return render(request, "governance/mandate_compare.html", {"a": a, "b": b, "rows": rows, "forum": a.mandate.forum})


@login_required
def my_forums(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/my_forums.html", {"memberships": selectors.forums_of(request.user)})  # type: ignore[arg-type]


@login_required
def configuration(request: HttpRequest) -> HttpResponse:
    """Configuration versions (areas, focus areas, programme areas); the secretariat drafts and records adoption."""
    require(request.user, "status.view")
    manage = can(request.user, "config.manage")
    errors: dict[str, str] = {}
    if request.method == "POST":
        require(request.user, "config.manage")
        action = request.POST.get("action", "")
        try:
            if action == "draft":
                services.config_draft(actor=request.user)
            elif action == "entries":
                config = object_or_404(ConfigVersion, pk=request.POST.get("config"))
                for kind in services.CONFIG_KINDS:
                    services.config_set_entries(
                        actor=request.user, config=config, kind=kind, lines=request.POST.get(kind, "")
                    )
            else:  # adoption is a decision (cases), not a form here
                return HttpResponseBadRequest(_("Unknown action."))
        except ValidationError as e:
            errors = {k: " ".join(v) for k, v in e.message_dict.items()}
        else:
            messages.success(request, _("The configuration is saved."))
            return redirect("configuration")
    versions = [(c, selectors.config_entries(c)) for c in ConfigVersion.objects.all()]
    return render(
        request,
        "governance/configuration.html",
        {
            "versions": versions,
            "manage": manage,
            "propose": can(request.user, "case.manage"),
            "errors": errors,
            "posted": request.POST,
        },
        status=422 if errors else 200,
    )
