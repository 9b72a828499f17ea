"""axe on the working pages of every part, with the demo data loaded (the pages people actually use)."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Page

from byvekst.cases.models import Case, Meeting
from byvekst.governance.demo import DEMO_PASSWORD
from byvekst.portfolio.models import Run

PAGES = [
    "/prosjekter/",
    "/prosjekter/SO-2027-001/",
    "/prosjekter/BS-2027-010/rediger/",
    "/prosjekter/kart/",
    "/prosjekter/import/",
    "/prosjekter/SO-2027-001/vurdering/",
    "/kriterier/",
    "/kriterier/1/",
    "/kriterier/1/rangering/",
    "/kriterier/1/vekter/bergen/",
    "/saker/",
    "/moter/",
    "/vedtak/",
    "/portefolje/",
]


def test_demo_pages_have_no_serious_accessibility_violations(page: Page, transactional_db: Any) -> None:
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - the command needs a stream
    page.goto("/logg-inn/")
    page.get_by_label("Brukernavn").fill("sekretariat")
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    axe = Axe()
    problems = []
    extra = [
        Run.objects.first().get_absolute_url(),
        Case.objects.first().get_absolute_url(),
        *[m.get_absolute_url() for m in Meeting.objects.all()],
        "/gjennomforing/",
        "/konfigurasjon/",
    ]
    for url in [*PAGES, *extra]:
        page.goto(url)
        result = axe.run(page)
        problems += [
            (url, v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in result.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
    assert not problems, problems
