"""Every persona of the demo walks the portal (every page reachable by links, one per URL shape) and reads it in
Norwegian: no raw code, field name, Python value or common English word in what a page shows. The browser walk
in tests/e2e checks scripts, accessibility and layout as the secretariat."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from byvekst.governance.models import User
from byvekst.portfolio.models import Run
from tests.e2e.test_accessibility_demo import PAGES
from tests.sweep import RAW, sweep

PERSONAS = [
    "sekretariat",
    "planlegger.bergen",
    "planlegger.askoy",
    "leder.vest",
    "direktor.vlfk",
    "observator",
    "utenforstaende",
    "radsmedlem",
    "styringsgruppe",
]


class _Visible(HTMLParser):
    """The text a reader sees in <main>: no scripts, no data for charts and maps, no hidden templates."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.skip, self.parts = 0, 0, []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "main":
            self.depth += 1
        if tag in ("script", "style", "template"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth -= 1
        if tag in ("script", "style", "template"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.fixture
def demo(db: Any, settings: Any, tmp_path: Any) -> list[str]:
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", stdout=io.StringIO())
    return ["/", *PAGES, Run.objects.first().get_absolute_url(), "/gjennomforing/"]  # type: ignore[union-attr]


def test_every_persona_reads_the_pages_in_words(demo: list[str]) -> None:
    problems = []
    for username in PERSONAS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        walked = sweep(client, demo, max_pages=120)
        assert len(walked.pages) > 20, username
        for url, page in walked.pages.items():
            assert page.status < 500, (username, url, page.status)
            if page.status == 200 and page.content_type.startswith("text/html"):
                found = RAW.findall(visible(page.text))
                if found:
                    problems.append((username, url, found[:5]))
    assert not problems, problems
