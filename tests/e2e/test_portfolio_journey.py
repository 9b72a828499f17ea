"""Build a scenario, run it, read why a project is out, force it in and see the cost, propose, recommend with
one change, adopt, and find the programme on the public page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from byvekst.portfolio import services
from byvekst.portfolio.models import Run
from byvekst.projects.models import Project
from tests.conftest import Personas, approved_sheet
from tests.e2e.conftest import log_in


def _wait_for_run(page: Page) -> None:
    services.work_once()  # the worker, as `byvekst worker` runs it; the page polls and shows the result
    page.get_by_role("link", name="Vis resultatet").click()


def test_scenario_to_public_programme(page: Page, personas: Personas) -> None:
    services.frame_create(
        actor=personas.secretariat,
        name="HP 2027–2028",
        first_year=2027,
        years=2,
        amounts={"bompenger": [10, 10]},
        carry_over=False,
    )
    for code, cost, value in (("A", 6, 20), ("B", 5, 12), ("C", 5, 9), ("D", 12, 50), ("E", 5, 2)):
        approved_sheet(personas, code, "sentrum", cost, value, location={"type": "Point", "coordinates": [5.32, 60.39]})
    log_in(page, personas.secretariat.username)
    page.goto("/portefolje/")
    page.get_by_text("Bygg et scenario").click()
    page.get_by_label("Navn", exact=True).fill("Alternativ A")
    page.get_by_role("button", name="Opprett scenario").click()
    page.get_by_role("button", name="Kjør optimeringen").click()
    expect(page.locator("#progress")).to_be_visible()
    _wait_for_run(page)
    expect(page.locator("#out-D")).to_contain_text("short by 8.0 MNOK")
    page.locator("#out-E").get_by_role("combobox").select_option("2028")
    page.locator("#out-E").get_by_role("button", name="Tving inn").click()
    _wait_for_run(page)
    expect(page.get_by_text("Kostnad ved den manuelle justeringen")).to_be_visible()
    page.goto(Run.objects.order_by("pk").first().get_absolute_url())  # back to the optimum
    page.get_by_role("button", name="Foreslå som handlingsprogram").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Handlingsprogram")
    page.get_by_label("Endring for C").select_option("out")
    page.get_by_label("Begrunnelse for endringene (rådets innstilling)").fill("C tas ut til neste revisjon.")
    page.get_by_role("button", name="Registrer rådets innstilling").click()
    expect(page.locator("#ch-h")).to_be_visible()
    expect(page.get_by_text("Tatt ut: C Tiltak C")).to_be_visible()
    page.get_by_label("Vedtak i Styringsgruppen").fill("SG-2027-04")
    page.get_by_role("button", name="Registrer Styringsgruppens vedtak").click()
    page.get_by_label("Lokalpolitisk behandling (hva som ble vedtatt hvor)").fill("Bystyret 12.6., fylkestinget 14.6.")
    page.get_by_role("button", name="Registrer som vedtatt").click()
    expect(page.get_by_text("Vedtatt etter lokalpolitisk behandling").first).to_be_visible()
    page.get_by_role("button", name="Logg ut").click()
    page.goto("/offentlig/")
    page.get_by_role("link", name="Handlingsprogram 2027–2028").click()
    expect(page.locator("table")).to_contain_text("Tiltak A")
    expect(page.locator("table")).not_to_contain_text("Tiltak C")
    assert Project.objects.get(code="A").status == "i_handlingsprogram"
