"""The working pages of every part with the demo data loaded (the pages people actually use), in Norwegian: axe
finds no serious violation, no raw code, field name or English word reaches the page, and at 390 px (a phone)
no page scrolls sideways."""

from __future__ import annotations

import io
import re
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from docx import Document as Docx
from playwright.sync_api import Page

from byvekst.cases.models import Case, Meeting
from byvekst.governance.demo import DEMO_PASSWORD
from byvekst.portfolio.models import ActionProgramme, Run, Scenario
from tests.sweep import RAW

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
    "/kriterier/1/rangering/verdi-og-kostnad/",
    "/kriterier/1/vekter/bergen/",
    "/saker/",
    "/moter/",
    "/vedtak/",
    "/portefolje/",
    "/portefolje/scenario/ny/",
    "/mal/forbruk/",
    "/portefolje/sammenlign/?run=1&run=2",
    "/historikk/",
    "/offentlig/",
    "/ordliste/",
    "/organisasjon/",
    "/meg/",
]
WORD = re.compile(r"\.docx$")


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
        reverse("run-chart", args=[Run.objects.first().pk]),
        Case.objects.first().get_absolute_url(),
        *[m.get_absolute_url() for m in Meeting.objects.all()],
        "/gjennomforing/",
        "/konfigurasjon/",
    ]
    extra += [p.get_absolute_url() for p in ActionProgramme.objects.all()]
    extra += [s.get_absolute_url() for s in Scenario.objects.all()]
    exports: set[str] = set()
    for url in [*PAGES, *extra]:
        page.goto(url)
        result = axe.run(page)
        problems += [
            (url, v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in result.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        raw = RAW.findall(page.inner_text("main"))
        if raw:
            problems.append((url, "raw text", raw[:5]))
        exports |= {
            a
            for a in page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
            if WORD.search(a)
        }
    assert len(exports) >= 3, exports  # sheets, papers, agendas, minutes and programmes were found
    for url in sorted(exports):
        document = Docx(io.BytesIO(page.request.get(url).body()))
        text = "\n".join(
            [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
        )
        raw = RAW.findall(text)
        if raw:
            problems.append((url, "raw text in the Word file", raw[:5]))
    page.set_viewport_size({"width": 390, "height": 844})
    for url in [*PAGES, *extra]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            problems.append((url, "scrolls sideways at 390 px", width))
    assert not problems, problems
