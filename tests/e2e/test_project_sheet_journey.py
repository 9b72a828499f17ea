"""Write a sheet, get a validation error, fix it, submit; coordination returns it with a comment; answer,
resubmit; approve."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from byvekst.governance.models import User
from byvekst.projects.models import ChecklistItem, Project
from tests.conftest import Personas
from tests.e2e.conftest import log_in


def _logout(page: Page) -> None:
    page.get_by_role("button", name="Logg ut").click()


def test_sheet_from_draft_to_quality_assured(
    page: Page, personas: Personas, leader: User, coordinator: User, checklist: list[ChecklistItem]
) -> None:
    log_in(page, personas.member_a.username)
    page.goto("/prosjekter/ny/")
    page.get_by_label("Tittel", exact=True).fill("Fortau Strandgaten")
    page.get_by_label("Geografisk område", exact=True).select_option(label="Bergen sentrum")
    page.get_by_label("Programområde", exact=True).select_option(label="Gange, sykkel og trafikksikkerhet")
    page.get_by_label("Gange og sykkel").check()
    page.get_by_label("Kostnad P10 (MNOK)").fill("9")
    page.get_by_label("Kostnad P50 (MNOK)").fill("10")
    page.get_by_label("Kostnad P85 (MNOK)").fill("8")  # below P50: refused
    page.get_by_label("Årlig kostnadsprofil (MNOK, P50)").fill("4; 6")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator(".error-summary")).to_contain_text("P85")
    expect(page.get_by_label("Tittel", exact=True)).to_have_value("Fortau Strandgaten")  # nothing typed is lost
    page.get_by_label("Kostnad P85 (MNOK)").fill("12.5")
    page.get_by_label("Prisgrunnlag (år)").fill("2026")
    page.get_by_label("Tidligste oppstart").fill("2027")
    page.get_by_label("Seneste oppstart").fill("2028")
    page.get_by_label("Beskrivelse og omfang").fill("Nytt fortau på begge sider.")
    page.get_by_label("Behov og problemet det løser").fill("Skolevei uten fortau.")
    page.locator("#id_funding_bompenger").fill("100")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fortau Strandgaten")
    answers = page.locator("section[aria-labelledby=checklist] select")
    expect(answers.first).to_have_value("")  # nothing is answered before the user answers it
    for i in range(answers.count()):
        answers.nth(i).select_option("ja")
    page.get_by_role("button", name="Lagre sjekklisten").click()
    expect(page.get_by_text("Sjekklisten er lagret.")).to_be_visible()
    code = Project.objects.get(title="Fortau Strandgaten").code
    _logout(page)

    log_in(page, leader.username)
    page.goto(f"/prosjekter/{code}/")
    page.get_by_role("button", name="Send til samordning").click()
    expect(page.get_by_text("Innsendt", exact=True).first).to_be_visible()
    _logout(page)

    log_in(page, coordinator.username)
    page.goto(f"/prosjekter/{code}/")
    page.get_by_role("button", name="Start samordning").click()
    page.get_by_label("Felt").select_option("cost_p85")
    page.get_by_label("Kommentar").fill("P85 er lav for et fortau med murer.")
    page.get_by_role("button", name="Legg til kommentar").click()
    page.get_by_role("button", name="Returner med merknader").click()
    expect(page.get_by_text("Returnert med merknader").first).to_be_visible()
    _logout(page)

    log_in(page, personas.member_a.username)
    page.goto(f"/prosjekter/{code}/")
    page.get_by_label("Svar på merknaden").fill("Økt til 14 etter ny kalkyle.")
    page.get_by_role("button", name="Svar", exact=True).click()
    page.get_by_role("link", name="Rediger prosjektark").click()
    page.get_by_label("Kostnad P85 (MNOK)").fill("14")
    page.get_by_role("button", name="Lagre").click()
    _logout(page)

    log_in(page, leader.username)
    page.goto(f"/prosjekter/{code}/")
    page.get_by_role("button", name="Send til samordning").click()
    _logout(page)

    log_in(page, coordinator.username)
    page.goto(f"/prosjekter/{code}/")
    page.get_by_role("button", name="Start samordning").click()
    page.get_by_role("button", name="Godkjenn som kvalitetssikret").click()
    expect(page.get_by_text("Kvalitetssikret").first).to_be_visible()
    page.get_by_role("link", name="sammenlign med forrige").click()
    expect(page.locator("table.diff tbody tr").first).to_contain_text("Kostnad P85 (MNOK)")
    assert Project.objects.get(code=code).versions.count() == 2
