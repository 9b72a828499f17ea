from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from byvekst.core.policy import can


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main navigation, by role: each entry appears only where the policy lets the person in."""
    # Error pages can render before the authentication middleware ran.
    user = getattr(request, "user", AnonymousUser())
    items: list[tuple[str, str, str]] = [("public", reverse("public"), str(_("Public page")))]
    if user.is_authenticated:
        items = [
            ("home", reverse("home"), str(_("Home"))),
            ("my-forums", reverse("my-forums"), str(_("My forums"))),
            ("organisation", reverse("organisation"), str(_("Organisation"))),
            ("project-list", reverse("project-list"), str(_("Project sheets"))),
            ("criteria-list", reverse("criteria-list"), str(_("Criteria"))),
            ("portfolio", reverse("portfolio"), str(_("Portfolio"))),
            ("case-list", reverse("case-list"), str(_("Cases"))),
            ("meeting-list", reverse("meeting-list"), str(_("Meetings"))),
            ("decision-register", reverse("decision-register"), str(_("Decisions"))),
        ]
        if can(user, "followup.view"):
            items.append(("followup", reverse("followup"), str(_("Follow-up"))))
        if can(user, "goals.view"):
            items.append(("indicator-list", reverse("indicator-list"), str(_("Goals"))))
        if can(user, "disagreement.view"):
            items.append(("disagreement-list", reverse("disagreement-list"), str(_("Working together"))))
        if can(user, "status.view"):
            items.append(("status", reverse("implementation-status"), str(_("Implementation"))))
        if can(user, "audit.view"):
            items.append(("audit", reverse("audit-log"), str(_("History"))))
        items.append(("public", reverse("public"), str(_("Public page"))))
    match = getattr(request, "resolver_match", None)
    return {"nav_items": items, "nav_current": match.url_name if match else ""}


def map_tiles(request: HttpRequest) -> dict[str, Any]:
    """An optional tile server for the maps (BYVEKST_MAP_TILES, an https URL template) and its credit line."""
    tiles = settings.BYVEKST_MAP_TILES if settings.BYVEKST_MAP_TILES.startswith("https://") else ""
    return {"map_tiles": tiles, "map_tiles_credit": settings.BYVEKST_MAP_TILES_CREDIT}
