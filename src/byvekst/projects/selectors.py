from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import ngettext

from byvekst.core.limits import decimal_or_none, money_error
from byvekst.projects.models import Project, SheetStatus, SheetVersion
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


MAP_POINTS = 300  # beyond this many located projects the map draws clusters, so it stays light at any size
CELL = 0.02  # degrees: a cluster gathers the projects within about two kilometres of each other


def representative(location: Any) -> tuple[float, float] | None:
    """A geometry's first position (lon, lat): the point itself, a line's start, a polygon's first corner."""
    coords = (location or {}).get("coordinates") if isinstance(location, dict) else None
    while isinstance(coords, list) and coords and isinstance(coords[0], list):
        coords = coords[0]
    if isinstance(coords, list) and len(coords) >= 2 and all(isinstance(c, int | float) for c in coords[:2]):
        return float(coords[0]), float(coords[1])
    return None


def map_points(projects: QuerySet[Project] | Iterable[Project]) -> list[dict[str, Any]]:
    """What the map draws: each located project, or, beyond :data:`MAP_POINTS`, one point per cluster of nearby
    projects with their number (the list beside the map names them all). Sheets already read need their code,
    title, status and location."""
    rows = (
        projects.values_list("code", "title", "status", "location")
        if isinstance(projects, QuerySet)
        else ((p.code, p.title, p.status, p.location) for p in projects)
    )
    located = [
        (code, title, status, where)
        for code, title, status, location in rows
        if (where := representative(location)) is not None
    ]
    labels = dict(SheetStatus.choices)

    def single(code: str, title: str, status: str, where: tuple[float, float]) -> dict[str, Any]:
        return {
            "code": code,
            "title": title,
            "status": str(labels.get(status, status)),
            "location": {"type": "Point", "coordinates": list(where)},
            "url": reverse("project-detail", args=[code]),
        }

    if len(located) <= MAP_POINTS:
        return [single(*row) for row in located]
    cells: dict[tuple[int, int], list[tuple[str, str, str, tuple[float, float]]]] = {}
    for row in located:
        cells.setdefault((round(row[3][0] / CELL), round(row[3][1] / CELL)), []).append(row)
    out = []
    for members in cells.values():
        if len(members) == 1:
            out.append(single(*members[0]))
            continue
        lon = sum(m[3][0] for m in members) / len(members)
        lat = sum(m[3][1] for m in members) / len(members)
        out.append(
            {
                "count": len(members),
                "title": ngettext("%(n)s project", "%(n)s projects", len(members)) % {"n": len(members)},
                "codes": sorted(m[0] for m in members)[:10],
                "location": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
    return out
