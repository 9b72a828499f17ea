"""Pages that read across the apps: home, history, implementation status, the public page, and a project's
timeline across its cases."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from byvekst.audit.models import AuditEvent
from byvekst.cases.selectors import project_timeline
from byvekst.core.events import described_for
from byvekst.core.policy import require
from byvekst.goals.views import context_for_public
from byvekst.governance import selectors as governance
from byvekst.overview.glossary import TERMS
from byvekst.overview.status import implementation_status
from byvekst.overview.tasks import count_for, tasks_for
from byvekst.portfolio.selectors import public_programmes
from byvekst.projects import selectors as projects


def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "overview/glossary.html", {"terms": TERMS})


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("public")
    return render(
        request,
        "overview/home.html",
        {"memberships": governance.forums_of(request.user), "tasks": tasks_for(request.user)},
    )


@login_required
def task_count(request: HttpRequest) -> HttpResponse:
    """The number beside "Home" in the navigation, loaded after the page (htmx) and kept a minute."""
    return render(request, "overview/_task_count.html", {"count": count_for(request.user)})


@login_required
def history(request: HttpRequest) -> HttpResponse:
    require(request.user, "audit.view")
    events = AuditEvent.objects.select_related("actor").order_by("-seq")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        events = events.filter(
            Q(object_repr__icontains=query) | Q(actor_label__icontains=query) | Q(new__project__iexact=query)
        )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "overview/history.html",
        {"page": page, "events": described_for(request.user, list(page.object_list)), "q": query},
    )


@login_required
def project_history(request: HttpRequest, code: str) -> HttpResponse:
    """One timeline for a sheet: its own events and those of every case it is linked to (an htmx region of the
    sheet page, also a page of its own)."""
    project = projects.project_detail(code)
    require(request.user, "project.view", project)
    events = list(reversed(project_timeline(project.pk, list(project.cases.values_list("pk", flat=True)))))
    template = "overview/project_history.html" + ("#timeline" if getattr(request, "htmx", False) else "")
    return render(request, template, {"p": project, "history": described_for(request.user, events)})


def public(request: HttpRequest) -> HttpResponse:
    forums = list(governance.forums_with_people(include_ended=True))
    return render(
        request,
        "overview/public.html",
        {
            "parties": governance.parties(),
            "forums": [f for f in forums if f.is_active],
            "ended": [f for f in forums if not f.is_active],
            "mandates": governance.public_mandates(),
            "programmes": public_programmes(),
            **context_for_public(),
        },
    )


@login_required
def status(request: HttpRequest) -> HttpResponse:
    require(request.user, "status.view")
    return render(request, "overview/status.html", {"lines": implementation_status()})
