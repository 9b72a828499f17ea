"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: run `make test`, which installs it")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A page in Norwegian. Any console error or uncaught exception (a chart the browser rejects, a script the
    Content-Security-Policy blocks) fails the test at its end."""
    context = browser.new_context(locale="nb-NO", base_url=live_server.url)
    context.set_default_timeout(15000)
    page = context.new_page()
    errors: list[str] = []

    def console(message: Any) -> None:
        # A form sent with mistakes comes back as 422 with the person's input and field messages (on purpose:
        # the status says the form was not accepted); Chromium logs every 4xx document as a console error.
        if message.type == "error" and "status of 422" not in message.text:
            errors.append(f"{page.url}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    yield page
    context.close()
    assert not errors, errors


def log_in(page: Page, username: str) -> None:
    page.goto("/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/")


PAPER = {
    "Hvorfor saken er oppe i dette forumet": "Forumet behandler saken etter mandatet.",
    "Hvilken del av mandatet": "Mandatet, ansvar pkt. 1",
    "Bakgrunn": "Forslag fra Samordningsfunksjonen.",
    "Vurdering": "Forslaget holder seg innenfor rammene.",
    "Konsekvenser for økonomi og portefølje": "Som beskrevet i forslaget.",
    "Videre behandling (neste forum, når)": "Neste forum i tråd med mandatet.",
}


def write_paper(page: Page, case_url: str, conclusion: str, **fields: str) -> None:
    """Write and finalise the case paper for the case's planned treatment."""
    page.goto(case_url)
    page.get_by_role("link", name="Skriv saksframlegget").click()
    for label, text in {**PAPER, "Utkast til konklusjon": conclusion, **fields}.items():
        page.get_by_label(label).fill(text)
    page.get_by_role("button", name="Lagre og merk som endelig").click()
    expect(page.get_by_text("Saksframlegget er lagret.")).to_be_visible()


def hold_meeting(page: Page, forum: str, present: list[Any]) -> str:
    """Plan a meeting of ``forum`` that began an hour ago, put the ready cases on its agenda and record who is
    present. Returns the meeting's address."""
    start = (timezone.localtime() - dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    page.goto("/moter/")
    page.get_by_text("Planlegg et møte").click()
    page.get_by_label("Forum", exact=True).select_option(label=forum)
    page.get_by_label("Starter").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Slutter").fill((start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Sted").fill("Fylkeshuset, møterom Fjellet")
    page.get_by_role("button", name="Planlegg", exact=True).click()
    page.get_by_role("button", name="Legg på sakslisten").click()
    for user in present:
        page.locator(f"#att-{user.pk}").select_option("present")
    page.get_by_role("button", name="Lagre oppmøte").click()
    expect(page.get_by_text("Beslutningsdyktig", exact=True)).to_be_visible()
    return page.url


def conclude(page: Page) -> str:
    """Record the forum's conclusion (consensus) on the meeting page; returns the decision number shown."""
    page.get_by_text("Registrer konklusjonen").click()
    page.get_by_role("button", name="Registrer konklusjon").click()
    decision = page.locator(".decision").first
    expect(decision).to_contain_text("-20")
    return decision.locator("a").first.inner_text()


def put_forward(page: Page) -> None:
    """From a record's page: open the case that puts it forward for decision."""
    page.get_by_role("link", name="Legg fram til vedtak").click()
    expect(page.locator("#new-case")).to_contain_text("Saken foreslår vedtak om")
    page.get_by_role("button", name="Opprett sak").click()
    expect(page.locator("main")).to_contain_text("Hva saken foreslår å vedta")
