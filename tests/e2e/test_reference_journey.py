"""A new user brings a real-shaped portfolio: the Excel template filled in with the reference projects is uploaded
in the browser, the frames are entered as the sources give them (totals over the period, a yearly cap), a
scenario is run, and every reason for a project left out reads in Norwegian and names the limits."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from byvekst.portfolio import services
from byvekst.projects.models import Project
from tests.conftest import Personas
from tests.e2e.conftest import log_in
from tests.portfolio.test_reference import DATA, reference_workbook
from tests.sweep import RAW


def test_import_frames_as_totals_run_and_read_why(page: Page, personas: Personas, checklist: Any) -> None:
    log_in(page, personas.secretariat.username)
    page.goto("/prosjekter/import/")
    page.get_by_label("Excel-fil (.xlsx)").set_input_files(
        files=[{"name": "hp.xlsx", "mimeType": "application/octet-stream", "buffer": reference_workbook()}]
    )
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_role("status")).to_contain_text(f"{len(DATA['projects'])} opprettet")
    Project.objects.update(status="kvalitetssikret")  # approved in coordination (its own journey shows how)

    page.goto("/portefolje/rammer/ny/")
    page.get_by_label("Navn", exact=True).fill("HP 2026–2029")
    page.get_by_label("Første år").fill("2026")
    page.get_by_label("Antall år").fill("4")
    page.get_by_label("Bompenger: total for perioden").fill("2400")
    page.get_by_label("Statlige midler: programområdetiltak: total for perioden").fill("900")
    page.get_by_label("Statlige midler: belønningsmidler", exact=True).fill("35; 35; 35; 35")
    page.get_by_label("Kommunale midler", exact=True).fill("60; 60; 60; 60")
    page.get_by_label("Total per år for alle kilder").fill("900; 900; 950; 950")
    page.get_by_role("button", name="Lagre rammene").click()
    expect(page.get_by_text("Rammene er lagret som et utkast.")).to_be_visible()

    page.goto("/portefolje/")
    page.get_by_text("Bygg et scenario").click()
    page.get_by_label("Navn", exact=True).fill("Referanse")
    page.get_by_label("Rammer", exact=True).select_option(label="HP 2026–2029 (v1)")
    page.get_by_role("button", name="Opprett scenario").click()
    page.get_by_role("button", name="Kjør optimeringen").click()
    services.work_once()
    page.get_by_role("link", name="Vis resultatet").click()
    expect(page.get_by_role("heading", name="Kort fortalt")).to_be_visible()
    main = page.inner_text("main")
    assert not RAW.findall(main), RAW.findall(main)[:5]
    reasons = page.locator("tr[id^=out-]")
    assert reasons.count() > 0
    for i in range(reasons.count()):
        text = reasons.nth(i).inner_text()
        assert "Ute:" in text, text
