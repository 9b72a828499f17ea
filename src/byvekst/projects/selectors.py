from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from byvekst.core.limits import decimal_or_none, money_error
from byvekst.projects.models import Project, SheetVersion
from byvekst.projects.policies import visible_projects

SORTS = {
    "code": "code",
    "-code": "-code",
    "title": "title",
    "cost": "cost_p50",
    "-cost": "-cost_p50",
    "status": "status",
    "area": "area_code",
    "owner": "owner__short_name",
    "phase": "phase",
}


def project_list(filters: dict[str, Any] | None = None, sort: str = "code", *, user: Any) -> QuerySet[Project]:
    """The sheets this person may read, for the list page, the map, the API and the Excel export: filtered,
    sorted, with the owner joined."""
    f = filters or {}
    qs = Project.objects.select_related("owner").filter(visible_projects(user))
    if f.get("q"):
        qs = qs.filter(Q(title__icontains=f["q"]) | Q(code__icontains=f["q"]) | Q(description__icontains=f["q"]))
    for key, field in (
        ("area", "area_code"),
        ("programme", "programme_area_code"),
        ("owner", "owner__slug"),
        ("phase", "phase"),
        ("status", "status"),
    ):
        if f.get(key):
            qs = qs.filter(**{field: f[key]})
    if f.get("focus"):
        # JSON containment is not portable to SQLite; the focus list is short, so match its text form.
        qs = qs.filter(focus_area_codes__icontains=f'"{f["focus"]}"')
    # A filter value that is not a usable amount is ignored, as if it were not given.
    for key, lookup in (("cost_min", "cost_p50__gte"), ("cost_max", "cost_p50__lte")):
        amount = decimal_or_none(f.get(key))
        if amount is not None and not money_error(amount):
            qs = qs.filter(**{lookup: amount})
    return qs.order_by(SORTS.get(sort, "code"), "code")


def project_detail(code: str) -> Project:
    """The sheet with everything its page shows; 404 when there is no such project."""
    return get_object_or_404(
        Project.objects.select_related("owner").prefetch_related(
            "risks",
            "checklist__item",
            "comments__author",
            "comments__answered_by",
            "attachments",
            "requires",
            "required_by",
        ),
        code=code,
    )


def versions(project: Project) -> QuerySet[SheetVersion]:
    return project.versions.select_related("created_by")
