"""Issue 17: no page and no API list takes more database queries when the portfolio grows. The demo is walked as
the secretariat (every page reachable by links, one per URL shape) and every API list is read; the demo is then
grown with ``demo --projects 60`` (sheets with versions, scores, risks, cases and meetings) and the same URLs are
read again. Each is read twice and the second reading counted, so that what a first reading stores (the kept
rankings, a session) does not count."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from byvekst.governance.models import User
from byvekst.portfolio.models import Run
from tests.e2e.test_accessibility_demo import PAGES
from tests.sweep import fetch, sweep

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
GROWTH = 60


def api_lists() -> list[str]:
    """Every GET of the API without a path parameter: the lists (and the few single answers such as ``/me``)."""
    paths = json.loads(OPENAPI.read_text())["paths"]
    return sorted(p for p, methods in paths.items() if "get" in methods and "{" not in p)


def counts(client: Client, urls: list[str]) -> dict[str, int]:
    out = {}
    for url in urls:
        fetch(client, url)
        out[url] = fetch(client, url).queries
    return out


@pytest.fixture
def demo(db: Any, settings: Any, tmp_path: Any) -> list[str]:
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", stdout=io.StringIO())
    return ["/", *PAGES, Run.objects.first().get_absolute_url(), "/gjennomforing/"]  # type: ignore[union-attr]


def test_no_page_or_api_list_takes_more_queries_when_the_portfolio_grows(demo: list[str]) -> None:
    client = Client()
    client.force_login(User.objects.get(username="sekretariat"))
    walked = sweep(client, demo, max_pages=400)
    urls = [u for u, p in walked.pages.items() if p.status == 200] + api_lists()
    assert len(urls) > 120
    before = counts(client, urls)
    call_command("demo", projects=GROWTH, stdout=io.StringIO())
    after = counts(client, urls)
    grew = {url: (before[url], after[url]) for url in urls if after[url] > before[url]}
    assert not grew, grew
