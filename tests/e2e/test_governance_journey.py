from __future__ import annotations

import re
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from byvekst.cases.models import Case
from byvekst.governance.models import Forum, MandateVersion
from tests.conftest import Personas, treat
from tests.e2e.conftest import log_in, put_forward


def test_secretariat_drafts_and_agrees_a_mandate_then_finds_it_public(page: Page, personas: Personas) -> None:
    log_in(page, personas.secretariat.username)
    page.goto("/fora/kommunikasjonsnettverket/")
    page.get_by_role("button", name="Lag utkast til ny mandatversjon").click()
    expect(page.get_by_role("heading", name="Rediger mandatutkast")).to_be_visible()
    # Emptying a required field gives a field-level message and keeps everything else typed.
    page.get_by_label("Formål").fill("")
    page.get_by_label("Begrunnelse for endringen").fill("Mer vekt på partene i omlandet")
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.locator(".error-summary")).to_contain_text("Formål")
    expect(page.get_by_label("Begrunnelse for endringen")).to_have_value("Mer vekt på partene i omlandet")
    page.get_by_label("Formål").fill("Vise dagens Miljøløftet med alle ni partene i ekstern kommunikasjon.")
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_text("Utkastet er lagret.")).to_be_visible()
    put_forward(page)
    version = MandateVersion.objects.get(mandate__forum__slug="kommunikasjonsnettverket", number=2)
    assert not version.is_agreed  # a case is not a decision
    decision = treat(
        Case.objects.get(targets__target_type="governance.mandateversion", targets__target_id=str(version.pk)),
        forum="styringsgruppen",
        kind="vedtak",
    )
    page.goto(version.get_absolute_url())
    expect(page.locator(".meta")).to_contain_text(f"Vedtatt av vedtak {decision.number}")
    page.get_by_role("link", name=f"vedtak {decision.number}").click()
    expect(page.locator("main")).to_contain_text("Hva vedtaket endret")
    version.refresh_from_db()
    assert version.is_agreed and version.decision_number == decision.number
    page.get_by_role("button", name="Logg ut").click()
    page.goto("/offentlig/")
    expect(page.locator("main")).to_contain_text(f"vedtak {decision.number}")
    page.get_by_role("link", name=re.compile("Kommunikasjonsnettverket – mandat v2")).click()
    expect(page.get_by_text("alle ni partene")).to_be_visible()


def test_observer_finds_no_edit_or_vote_control(page: Page, personas: Personas) -> None:
    log_in(page, personas.observer.username)
    forbidden = re.compile(r"rediger|lag utkast|legg til|legg fram|stem|vedta|avslutt", re.I)
    urls = [
        "/",
        "/mine-fora/",
        "/organisasjon/",
        "/gjennomforing/",
        "/fora/prioriteringsradet/",
        Forum.objects.get(slug="prioriteringsradet").mandate.current.get_absolute_url(),
    ]
    for url in urls:
        page.goto(url)
        controls = page.locator("main button, main input[type=submit], main a.button")
        names = [controls.nth(i).inner_text() for i in range(controls.count())]
        assert not [n for n in names if forbidden.search(n)], (url, names)


def test_main_pages_have_no_serious_accessibility_violations(page: Page, personas: Personas) -> None:
    axe = Axe()
    pages: list[tuple[str | None, str]] = [(None, "/offentlig/"), (None, "/logg-inn/")]
    council = Forum.objects.get(slug="prioriteringsradet")
    pages += [
        (personas.secretariat.username, u)
        for u in [
            "/",
            "/organisasjon/",
            "/fora/prioriteringsradet/",
            "/fora/arbeidsgruppe-sentrum/",
            "/gjennomforing/",
            council.mandate.current.get_absolute_url(),
            "/historikk/",
            "/mine-fora/",
        ]
    ]
    logged_in = False
    problems: list[Any] = []
    for user, url in pages:
        if user and not logged_in:
            log_in(page, user)
            logged_in = True
        page.goto(url)
        result = axe.run(page)
        serious = [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
        problems += [(url, v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
    assert not problems, problems
