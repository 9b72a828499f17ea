"""The project map stays light at any size: beyond MAP_POINTS located projects, nearby ones are drawn as one
cluster with their number; the list beside the map is paged; the page's queries do not grow."""

from __future__ import annotations

from typing import Any

import pytest

from byvekst.governance.models import Party
from byvekst.projects import selectors
from byvekst.projects.models import Project
from tests.conftest import Personas, login


def test_a_geometrys_representative_position() -> None:
    assert selectors.representative({"type": "Point", "coordinates": [5.32, 60.39]}) == (5.32, 60.39)
    assert selectors.representative({"type": "LineString", "coordinates": [[5.1, 60.1], [5.2, 60.2]]}) == (5.1, 60.1)
    polygon = {"type": "Polygon", "coordinates": [[[5.0, 60.0], [5.1, 60.0], [5.1, 60.1], [5.0, 60.0]]]}
    assert selectors.representative(polygon) == (5.0, 60.0)
    assert selectors.representative({"type": "Point", "coordinates": ["x"]}) is None
    assert selectors.representative(None) is None and selectors.representative("nowhere") is None


def _sheets(count: int, start: int = 0, lon: float = 5.32, lat: float = 60.39, step: float = 0.0) -> None:
    owner = Party.objects.get(slug="bergen")
    Project.objects.bulk_create(
        Project(
            code=f"M{start + i:04}",
            title=f"Tiltak {start + i}",
            owner=owner,
            area_code="sentrum",
            status="kvalitetssikret",
            location={"type": "Point", "coordinates": [lon + i * step, lat]},
        )
        for i in range(count)
    )


def test_nearby_projects_are_clustered_beyond_the_limit(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    _sheets(3)  # three at one spot in Bergen
    _sheets(1, start=10, lon=5.0, lat=60.6)  # one alone on Radøy
    located = Project.objects.filter(location__isnull=False)
    assert len(selectors.map_points(located)) == 4 and "count" not in selectors.map_points(located)[0]
    monkeypatch.setattr(selectors, "MAP_POINTS", 3)
    drawn = selectors.map_points(located)
    cluster = next(p for p in drawn if p.get("count"))
    alone = next(p for p in drawn if not p.get("count"))
    assert cluster["count"] == 3 and cluster["codes"] == ["M0000", "M0001", "M0002"] and alone["code"] == "M0010"
    assert cluster["location"]["coordinates"] == pytest.approx([5.32, 60.39])


@pytest.mark.parametrize("extra", [5, 120])
def test_the_map_page_is_paged_and_flat_in_queries(
    extra: int, personas: Personas, django_assert_max_num_queries: Any
) -> None:
    _sheets(extra, step=0.001)
    client = login(personas.member_a)
    with django_assert_max_num_queries(10):
        page = client.get("/prosjekter/kart/").content.decode()
    assert page.count('<tr><td><a href="/prosjekter/M') == min(extra, 50)
