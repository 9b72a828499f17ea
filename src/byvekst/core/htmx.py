"""Render a whole page, or only one of its partials when htmx asks for a region."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, partial: str = "", status: int = 200
) -> HttpResponse:
    name = f"{template}#{partial}" if partial and getattr(request, "htmx", False) else template
    return render(request, name, context, status=status)
