"""The project map in the browser draws a cluster as one circle with its number, and its popup names the
projects (no console error, as every browser test)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from byvekst.projects import selectors
from tests.conftest import Personas
from tests.e2e.conftest import log_in
from tests.projects.test_map import _sheets


def test_a_cluster_shows_its_number_and_names_its_projects(
    page: Page, personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sheets(4)
    _sheets(1, start=10, lon=5.0, lat=60.6)
    monkeypatch.setattr(selectors, "MAP_POINTS", 3)
    log_in(page, personas.member_a.username)
    page.goto("/prosjekter/kart/")
    count = page.locator(".cluster-count")
    expect(count).to_have_text("4")
    count.click(force=True)  # the tooltip lets the click through to its circle
    expect(page.locator(".leaflet-popup-content")).to_contain_text("M0000")
