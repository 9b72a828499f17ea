"""Goal achievement in the browser, in Norwegian: the secretariat uploads a year's registration-point counts, sees
the byindeks and its three-year rolling mean, opens a project's benefit plan; the public page shows the chart."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from byvekst.goals import services
from byvekst.goals.configuration import load_indicators
from byvekst.goals.demo import point_csv
from byvekst.goals.models import Indicator
from tests.conftest import Personas, approved_sheet
from tests.e2e.conftest import log_in


@pytest.fixture
def history(personas: Personas) -> None:
    load_indicators()
    byindeks = Indicator.objects.get(code="byindeks")
    for year, value in ((2019, 0.98), (2020, 0.902), (2021, 1.06), (2022, 1.055), (2023, 1.011)):
        services.value_set(actor=personas.secretariat, indicator=byindeks, year=year, month=None, value=value)


@pytest.mark.usefixtures("history")
def test_point_data_to_byindeks_to_public_page(page: Page, personas: Personas, tmp_path: Path) -> None:
    points = {f"BRG-{p:02d}": 1.0 for p in range(1, 9)}
    (tmp_path / "2024.csv").write_text(point_csv(2024, {k: 0.99 for k in points}, 2), encoding="utf-8")
    (tmp_path / "2023.csv").write_text(point_csv(2023, points, 1), encoding="utf-8")
    approved_sheet(personas, "A", "sentrum", 100, 20, pt_trips_per_day=900)
    log_in(page, personas.secretariat.username)
    page.get_by_role("link", name="Måloppnåelse").click()
    page.get_by_role("link", name="Byindeks (lette kjøretøy)").click()
    page.get_by_label("År", exact=True).fill("2024")
    page.get_by_label("Tellinger for året", exact=True).set_input_files(str(tmp_path / "2024.csv"))
    page.get_by_label("Tellinger for året før").set_input_files(str(tmp_path / "2023.csv"))
    page.get_by_role("button", name="Beregn").click()
    expect(page.locator(".messages")).to_contain_text("Byindeksen for 2024 er beregnet: −")
    expect(page.locator("main")).to_contain_text("Treårig glidende snitt, siste")
    expect(page.locator("main")).to_contain_text("BRG-08")
    expect(page.locator("[data-chart=indicator] canvas, [data-chart=indicator] svg").first).to_be_visible()
    page.goto("/prosjekter/A/gevinster/")
    expect(page.get_by_label("Hva som måles")).to_have_value("Nye kollektivturer per dag")
    page.get_by_label("Ansvarlig").fill("Bergen kommune")
    page.get_by_role("button", name="Lagre planen").click()
    expect(page.locator(".messages")).to_contain_text("Gevinstplanen er lagret")
    page.get_by_role("button", name="Logg ut").click()
    page.goto("/offentlig/")
    expect(page.get_by_role("heading", name="Når vi nullvekstmålet?")).to_be_visible()
    expect(page.locator("[data-chart=public-goal] canvas, [data-chart=public-goal] svg").first).to_be_visible()
