"""A restricted (skjermet) attachment's title reaches only those who may open it: every page, timeline, history,
export and API answer is swept as each persona of the demo."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from byvekst.governance.models import User
from byvekst.projects.demo import RESTRICTED_TITLE
from byvekst.projects.models import Attachment
from tests.sweep import sweep

MAY = ["sekretariat", "leder.vest", "direktor.vlfk"]  # secretariat, coordination, the owner party (Vestland)
MAY_NOT = ["planlegger.bergen", "planlegger.askoy", "observator", "utenforstaende", "radsmedlem", "styringsgruppe"]
HISTORY = "/historikk/?q=BS-2027-001"
STARTS = ["/", "/prosjekter/BS-2027-001/", "/prosjekter/BS-2027-001/tidslinje/", "/historikk/", HISTORY, "/offentlig/"]
API = [
    "/api/projects",
    "/api/projects/BS-2027-001",
    "/api/projects/BS-2027-001/attachments",
    "/api/projects/BS-2027-001/versions",
    "/api/cases",
    "/api/meetings",
    "/api/scenarios",
]


@pytest.fixture
def demo(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", stdout=io.StringIO())
    assert Attachment.objects.filter(title=RESTRICTED_TITLE, restricted=True).exists()


def visit(username: str | None) -> dict[str, str]:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    walked = sweep(client, STARTS, max_pages=120)
    assert not [p.url for p in walked.pages.values() if p.status >= 500]
    texts = walked.texts()
    for url in API:
        texts[url] = client.get(url).content.decode()
    return texts


@pytest.mark.parametrize("username", MAY)
def test_those_who_may_open_it_see_its_title(demo: None, username: str) -> None:
    texts = visit(username)
    assert RESTRICTED_TITLE in texts["/prosjekter/BS-2027-001/"]
    assert RESTRICTED_TITLE in texts[HISTORY]


@pytest.mark.parametrize("username", [*MAY_NOT, None])
def test_nobody_else_sees_its_title_anywhere(demo: None, username: str | None) -> None:
    texts = visit(username)
    assert len(texts) > (40 if username else 5)
    leaks = [url for url, text in texts.items() if RESTRICTED_TITLE in text]
    assert not leaks, leaks
