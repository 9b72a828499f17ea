"""The secretariat opens a case, writes its paper and schedules it for Prioriteringsrådet; the parties record
anchoring; the meeting is held with attendance and a decision with one party's reservation; the minutes are
approved; the case goes on to Styringsgruppen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from byvekst.cases.models import Case, Decision
from byvekst.governance import services as gov
from byvekst.governance.models import Forum, Party, User
from tests.conftest import PASSWORD, START, Personas
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

PAPER = {
    "Hvorfor saken er oppe i dette forumet": "Rådet innstiller handlingsprogrammet til Styringsgruppen.",
    "Hvilken del av mandatet": "Mandatet, ansvar pkt. 1",
    "Utkast til konklusjon": "Rådet innstiller forslaget.",
    "Bakgrunn": "Forslag fra Samordningsfunksjonen.",
    "Vurdering": "Forslaget holder seg innenfor rammene.",
    "Konsekvenser for økonomi og portefølje": "Ingen ut over forslaget.",
    "Videre behandling (neste forum, når)": "Styringsgruppen i mars 2027.",
}


@pytest.fixture
def council_members(personas: Personas) -> dict[str, User]:
    forum = Forum.objects.get(slug="prioriteringsradet")
    out = {}
    for slug in ("vlfk", "sd"):
        user = UserFactory(username=f"pr-{slug}", party=Party.objects.get(slug=slug), password=PASSWORD)
        gov.membership_create(
            actor=personas.secretariat, person=user, forum=forum, party=user.party, role="medlem", start=START
        )
        out[slug] = user
    return out


def _logout(page: Page) -> None:
    page.get_by_role("button", name="Logg ut").click()


def test_case_from_paper_to_steering_group(page: Page, personas: Personas, council_members: dict[str, User]) -> None:
    log_in(page, personas.secretariat.username)
    page.goto("/saker/")
    page.get_by_text("Opprett en sak").click()
    page.get_by_label("Sakstittel").fill("Handlingsprogram 2027–2030")
    page.get_by_label("Type sak").select_option("handlingsprogram")
    page.get_by_role("button", name="Opprett sak").click()
    case = Case.objects.get(title="Handlingsprogram 2027–2030")
    page.get_by_text("Send saken til et forum").click()
    page.get_by_label("Forum", exact=True).select_option(label="Prioriteringsrådet")
    page.get_by_label("Forventet konklusjon").select_option("innstilling")
    page.get_by_role("button", name="Legg til behandling").click()
    page.get_by_role("link", name="Skriv saksframlegget").click()
    for label, text in PAPER.items():
        page.get_by_label(label).fill(text)
    page.get_by_role("button", name="Lagre og merk som endelig").click()
    expect(page.get_by_text("Saksframlegget er lagret.")).to_be_visible()

    start = (timezone.localtime() - dt.timedelta(hours=1)).replace(second=0, microsecond=0)  # started: decisions
    page.goto("/moter/")
    page.get_by_text("Planlegg et møte").click()
    page.get_by_label("Forum", exact=True).select_option(label="Prioriteringsrådet")
    page.get_by_label("Starter").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Slutter").fill((start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Sted").fill("Rådhuset, møterom 3")
    page.get_by_role("button", name="Planlegg", exact=True).click()
    page.get_by_role("button", name="Legg på sakslisten").click()
    meeting_url = page.url
    _logout(page)

    for user, status, comment in (
        (personas.member_a, "Forankret", ""),
        (council_members["vlfk"], "Delvis forankret", "Fylkesutvalget 2. mars"),
        (council_members["sd"], "Forankret", ""),
    ):
        log_in(page, user.username)
        page.goto(case.get_absolute_url())
        party = user.party.short_name
        page.get_by_label(f"Forankring for {party}").select_option(label=status)
        page.get_by_label("Kommentar", exact=True).first.fill(comment) if comment else None
        page.get_by_role("button", name=f"Registrer {party}").click()
        _logout(page)

    log_in(page, personas.secretariat.username)
    page.goto(meeting_url)
    expect(page.locator(".agenda-item")).to_contain_text("Bergen – forankret")
    for user in (personas.member_a, council_members["vlfk"], council_members["sd"], personas.observer):
        page.locator(f"#att-{user.pk}").select_option("present")
    page.get_by_role("button", name="Lagre oppmøte").click()
    expect(page.get_by_text("Beslutningsdyktig", exact=True)).to_be_visible()
    page.get_by_text("Registrer konklusjonen").click()
    page.locator("select[name=mode]").select_option("reservations")
    page.get_by_label("SD", exact=True).fill("Statens vegvesen tar forbehold om rammen for 2029.")
    page.get_by_role("button", name="Registrer konklusjon").click()
    expect(page.locator(".decision")).to_contain_text("PR-")
    page.get_by_role("button", name="Avslutt møtet og lag utkast til protokoll").click()
    page.get_by_label("Merknader innen").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Send protokollen på høring").click()
    page.get_by_role("button", name="Godkjenn etter merknadsfristen").click()
    page.get_by_role("button", name="Publiser protokollen").click()
    expect(page.locator("#min-h")).to_contain_text("Publisert")

    page.goto(case.get_absolute_url())
    page.get_by_text("Utdrag av protokoll").click()
    expect(page.locator("pre.excerpt")).to_contain_text("forbehold om rammen")
    page.get_by_text("Send saken til et forum").click()
    page.get_by_label("Forum", exact=True).select_option(label="Styringsgruppen")
    page.get_by_label("Forventet konklusjon").select_option("vedtak")
    page.get_by_role("button", name="Legg til behandling").click()
    expect(page.locator(".treatments")).to_contain_text("Styringsgruppen – Vedtak")
    assert Decision.objects.get(item__treatment__case=case).reservations == {
        "sd": "Statens vegvesen tar forbehold om rammen for 2029."
    }
