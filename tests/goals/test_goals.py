"""Goal achievement in the portal: the indicator set, values by hand and from CSV (errors by row and field,
nothing partial), the byindeks from uploaded point data with its chained level and rolling mean, the public page's
main indicator, the API and the permission matrix."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from byvekst.core.policy import can
from byvekst.goals import services
from byvekst.goals.configuration import load_indicators
from byvekst.goals.demo import point_csv
from byvekst.goals.models import Indicator, IndicatorValue
from tests.conftest import Personas, login

PERSONAS = ["secretariat", "member_a", "member_b", "observer", "outsider", "anonymous"]
MATRIX: dict[str, list[tuple[str, set[str]]]] = {
    "goals.view": [("none", set(PERSONAS) - {"anonymous"})],
    "goals.manage": [("none", {"secretariat"})],
    "benefit.edit": [("project", {"secretariat"})],  # and the project's group leader: tests/goals/test_benefits.py
}


@pytest.fixture
def indicators(personas: Personas) -> dict[str, Indicator]:
    load_indicators()
    return {i.code: i for i in Indicator.objects.all()}


@pytest.mark.parametrize(("action", "key", "allowed"), [(a, k, w) for a, rows in MATRIX.items() for k, w in rows])
def test_permission_matrix(action: str, key: str, allowed: set[str], personas: Personas) -> None:
    from tests.conftest import approved_sheet

    target = approved_sheet(personas, "A", "sentrum", 10, 1) if key == "project" else None
    assert {n for n in PERSONAS if can(personas.all()[n], action, target)} == allowed


def test_values_from_csv_all_or_nothing(indicators: dict[str, Indicator], personas: Personas) -> None:
    client = login(personas.secretariat)
    bad = "indikator;år;måned;verdi;merknad\nrvu-bilandel;2023;;54;RVU\nrvu-bilandel;20x3;13;mye;\nukjent;2023;;1;\n"
    answer = client.post("/mal/", {"file": SimpleUploadedFile("v.csv", bad.encode())})
    text = answer.content.decode()
    assert answer.status_code == 422 and not IndicatorValue.objects.exists()
    assert "Rad 3, år:" in text and "Rad 3, måned:" in text and "Rad 3, verdi: Skriv et tall." in text
    assert "Rad 4, indikator: ukjent indikator «ukjent»" in text
    good = "indikator;år;måned;verdi;merknad\nrvu-bilandel;2022;;56;RVU\nrvu-bilandel;2023;;54,5;RVU\n"
    client.post("/mal/", {"file": SimpleUploadedFile("v.csv", good.encode())})
    assert [v.value for v in indicators["rvu-bilandel"].values.all()] == [56.0, 54.5]
    client.post("/mal/", {"file": SimpleUploadedFile("v.csv", good.encode())})  # the same file again
    assert indicators["rvu-bilandel"].values.count() == 2
    assert (
        login(personas.member_a).post("/mal/", {"file": SimpleUploadedFile("v.csv", good.encode())}).status_code == 403
    )


def test_the_byindeks_from_point_data_and_the_public_page(indicators: dict[str, Indicator], personas: Personas) -> None:
    byindeks = indicators["byindeks"]
    for year, value in ((2019, 0.98), (2020, 0.902), (2021, 1.06), (2022, 1.055), (2023, 1.011)):
        services.value_set(actor=personas.secretariat, indicator=byindeks, year=year, month=None, value=value)
    points = {f"BRG-{p:02d}": 1.0 for p in range(1, 9)}
    grown = {k: 1.04 for k in points}
    client = login(personas.secretariat)
    broken = client.post(
        "/mal/byindeks/",
        {
            "year": "2024",
            "current": SimpleUploadedFile("a.csv", b"punkt;tidspunkt\n"),
            "previous": SimpleUploadedFile("b.csv", point_csv(2023, points, 1).encode()),
        },
    )
    assert broken.status_code == 422 and "filen for året, rad 1" in broken.content.decode()
    made = client.post(
        "/mal/byindeks/",
        {
            "year": "2024",
            "current": SimpleUploadedFile("a.csv", point_csv(2024, grown, 2).encode()),
            "previous": SimpleUploadedFile("b.csv", point_csv(2023, points, 1).encode()),
        },
        follow=True,
    )
    text = made.content.decode()
    assert "Byindeksen for 2024 er beregnet: +" in text
    stored = byindeks.values.get(year=2024)
    assert stored.value == pytest.approx(1.04, abs=0.02) and stored.low < stored.value < stored.high
    assert 0.9 < stored.coverage < 1 and len(stored.details["points"]) == 8
    api = login(personas.member_a).get("/api/indicators/byindeks").json()
    assert api["levels"]["2023"] == pytest.approx(0.98 * 0.902 * 1.06 * 1.055 * 1.011)
    assert api["rolling"]["2024"] == pytest.approx(sum(api["levels"][str(y)] for y in (2022, 2023, 2024)) / 3)
    public = Client().get("/offentlig/").content.decode()
    assert "Når vi nullvekstmålet?" in public and 'data-chart="public-goal"' in public


def test_the_api_writes(indicators: dict[str, Indicator], personas: Personas) -> None:
    client = login(personas.secretariat)
    made = client.post(
        "/api/indicators/pastigninger/values", json.dumps({"year": 2024, "value": 70.5}), "application/json"
    )
    assert made.status_code == 201 and made.json()["values"] == {"2024": 70.5}
    bad = client.post(
        "/api/indicators/pastigninger/values", json.dumps({"year": 2024, "month": 13, "value": 1}), "application/json"
    )
    assert bad.status_code == 422
    assert (
        login(personas.member_a)
        .post("/api/indicators/pastigninger/values", json.dumps({"year": 2024, "value": 1}), "application/json")
        .status_code
        == 403
    )


@pytest.mark.parametrize("years", [2, 10])
def test_the_pages_are_flat_in_queries(
    years: int, indicators: dict[str, Indicator], personas: Personas, django_assert_max_num_queries: Any
) -> None:
    for year in range(2019, 2019 + years):
        for code in ("byindeks", "rvu-bilandel"):
            services.value_set(actor=personas.secretariat, indicator=indicators[code], year=year, month=None, value=1.0)
    client = login(personas.member_a)
    with django_assert_max_num_queries(12):
        assert client.get("/mal/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/mal/byindeks/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/indicators").status_code == 200
