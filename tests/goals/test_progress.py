"""Issue 13, item 4: the indicators beside the programme's spend per year, and what aims at each indicator (the
criteria of the value model and the focus areas)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from byvekst.assessment import services as assessment
from byvekst.assessment.demo import CRITERIA
from byvekst.followup import services as followup
from byvekst.goals import selectors, services
from byvekst.goals.configuration import load_indicators
from byvekst.goals.models import Indicator
from byvekst.portfolio.models import ProgrammeVersion
from byvekst.projects.models import Project
from tests.conftest import Personas, decide, login
from tests.followup.conftest import green, programme  # noqa: F401 - the adopted programme of A (2027) and B (2028)


@pytest.fixture
def indicators(personas: Personas) -> dict[str, Indicator]:
    load_indicators()
    return {i.code: i for i in Indicator.objects.all()}


def report(personas: Personas, code: str, year: int, period: int, spent: str, correction: str = "") -> None:
    followup.report_submit(
        actor=personas.secretariat,
        project=Project.objects.get(code=code),
        year=year,
        period=period,
        data=green(spent_this_year=spent),
        correction=correction,
    )


@pytest.mark.usefixtures("programme")
def test_spend_per_year_beside_each_indicator_against_its_reference_year(
    personas: Personas, indicators: dict[str, Indicator]
) -> None:
    Project.objects.filter(code="A").update(cost_profile=["60", "40"])  # 2027, 2028 from A's start
    Project.objects.filter(code="B").update(cost_profile=["15", "25"])  # 2028, 2029 from B's start
    report(personas, "A", 2027, 1, "5")
    report(personas, "A", 2027, 3, "48")  # the newest period of the year counts
    report(personas, "A", 2027, 3, "50", correction="Rettet tall")  # and its newest version
    report(personas, "B", 2027, 2, "2")
    for year, value in ((2018, 40.0), (2027, 36.0)):
        services.value_set(
            actor=personas.secretariat, indicator=indicators["rvu-bilandel"], year=year, month=None, value=value
        )
    for year, value in ((2019, 1.02), (2020, 0.95)):
        services.value_set(
            actor=personas.secretariat, indicator=indicators["byindeks"], year=year, month=None, value=value
        )
    p = selectors.progress()
    assert p.programme == ProgrammeVersion.objects.get()
    assert p.planned == {2027: 60.0, 2028: 55.0, 2029: 25.0}
    assert p.reported == {2027: 52.0}  # A's 50 (period 3, corrected) and B's 2
    assert p.index["rvu-bilandel"] == pytest.approx({2018: 100.0, 2027: 90.0})
    assert p.index["byindeks"] == pytest.approx({2018: 100.0, 2019: 102.0, 2020: 96.9})
    assert p.years == [2018, 2019, 2020, 2027, 2028, 2029]
    rows = selectors.progress_rows(p)
    assert rows[3][:3] == (2027, 60.0, 52.0)

    criteria = assessment.criteria_set_create(actor=personas.secretariat, name="Kriterier", criteria=CRITERIA)
    decide(criteria, subject="vurderingskriterier")  # the criteria in force name the links
    page = login(personas.member_b).get("/mal/forbruk/").content.decode()
    assert "Bilandel (RVU)" in page and "Bidrag til nullvekstmålet" in page and "Kollektivtrafikk" in page
    assert "52,0" in page and "90,0" in page and 'id="spend-chart"' in page and 'id="index-chart"' in page
    data = login(personas.member_b).get("/api/indicators/progress").json()
    assert data["reported"] == {"2027": 52.0} and data["index"]["rvu-bilandel"]["2027"] == pytest.approx(90.0)
    assert data["links"]["byindeks"] == {
        "criteria": ["nullvekst"],
        "focus_areas": ["kollektiv", "gange-sykkel", "innfartsparkering"],
    }


@pytest.mark.parametrize("years", [2, 10])
def test_the_progress_page_is_flat_in_queries(
    years: int, indicators: dict[str, Indicator], personas: Personas, django_assert_max_num_queries: Any
) -> None:
    for year in range(2019, 2019 + years):
        services.value_set(actor=personas.secretariat, indicator=indicators["byindeks"], year=year, month=None, value=1)
    client = login(personas.member_a)
    with django_assert_max_num_queries(14):
        assert client.get("/mal/forbruk/").status_code == 200
    with django_assert_max_num_queries(10):
        assert json.loads(client.get("/api/indicators/progress").content)["years"]
