"""Benefit plans: from the sheet's expected effects, measurements as they come, expected against realised per
plan and over the portfolio by focus area and area; the API; who may write."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from byvekst.goals import selectors, services
from byvekst.goals.models import BenefitPlan
from byvekst.governance.models import User
from byvekst.projects.models import Project
from tests.conftest import Personas, login
from tests.followup.conftest import programme  # noqa: F401 - the adopted programme of A and B

PLAN = {
    "measure": "Nye kollektivturer per dag",
    "unit": "turer per dag",
    "baseline": 0.0,
    "baseline_year": 2028,
    "target": 1200.0,
    "target_year": 2031,
    "method": "Skyss' billettdata før og etter",
    "responsible": "Bergen kommune",
}


def test_expected_against_realised(personas: Personas) -> None:
    from tests.conftest import approved_sheet

    a = approved_sheet(personas, "A", "sentrum", 100, 20, focus_area_codes=["kollektiv"])
    b = approved_sheet(personas, "B", "vest", 40, 12, focus_area_codes=["gange-sykkel"])
    with pytest.raises(ValidationError) as e:
        services.plan_create(actor=personas.secretariat, project=a, data={**PLAN, "measure": "", "target_year": 2020})
    assert set(e.value.message_dict) == {"measure", "target_year"}
    plan = services.plan_create(actor=personas.secretariat, project=a, data=dict(PLAN))
    services.plan_create(actor=personas.secretariat, project=b, data={**PLAN, "target": 300.0})
    services.realisation_add(actor=personas.secretariat, plan=plan, year=2029, value=400, source="measurement")
    services.realisation_add(actor=personas.secretariat, plan=plan, year=2030, value=900, source="status_report")
    rows = selectors.benefit_rows()
    first = next(r for r in rows if r.plan == plan)
    assert (first.realised, first.share) == (900, 0.75)
    groups = dict(selectors.benefit_groups(rows, "focus"))
    assert [r.plan.project.code for r in groups["kollektiv"]] == ["A"] and groups["gange-sykkel"][0].share is None
    assert set(dict(selectors.benefit_groups(rows, "area"))) == {"sentrum", "vest"}
    page = login(personas.member_a).get("/mal/gevinster/").content.decode()
    assert "Kollektivtrafikk" in page and "75" in page and "1 plan, 1 målt" in page
    by_area = login(personas.member_a).get("/mal/gevinster/", {"etter": "omrade"}).content.decode()
    assert "Per område" in by_area


def test_an_indicator_page_adds_up_the_plans_aimed_at_it(personas: Personas) -> None:
    from byvekst.goals.configuration import load_indicators
    from byvekst.goals.models import Indicator
    from tests.conftest import approved_sheet

    load_indicators()
    boardings = Indicator.objects.get(code="pastigninger")
    a = approved_sheet(personas, "A", "sentrum", 100, 20)
    b = approved_sheet(personas, "B", "vest", 40, 12)
    plan = services.plan_create(actor=personas.secretariat, project=a, data=dict(PLAN), indicator=boardings)
    services.plan_create(actor=personas.secretariat, project=b, data={**PLAN, "target": 300.0}, indicator=boardings)
    services.plan_create(actor=personas.secretariat, project=b, data={**PLAN, "measure": "Annet"})  # no indicator
    services.realisation_add(actor=personas.secretariat, plan=plan, year=2029, value=400, source="measurement")
    rows = selectors.benefit_rows(BenefitPlan.objects.filter(indicator=boardings))
    assert selectors.plan_totals(rows) == [("turer per dag", 1500.0, 400.0)]
    page = login(personas.member_b).get(boardings.get_absolute_url()).content.decode()
    assert "1\u00a0500 turer per dag forventet, 400 realisert så langt" in page and "Annet" not in page
    assert (
        "Ingen prosjekters gevinstplan peker på denne indikatoren"
        in login(personas.member_b).get("/mal/byindeks/").content.decode()
    )


@pytest.mark.usefixtures("programme")
def test_the_group_leader_keeps_the_plan(personas: Personas, leader: User) -> None:
    project = Project.objects.get(code="A")
    Project.objects.filter(pk=project.pk).update(pt_trips_per_day=800, completion_year=2029)
    client = login(leader)
    form = client.get("/prosjekter/A/gevinster/").content.decode()
    assert 'value="Nye kollektivturer per dag"' in form and 'value="800' in form  # from the sheet's effects
    bad = client.post("/prosjekter/A/gevinster/", {"action": "plan", **{**PLAN, "baseline": "mye"}})
    assert bad.status_code == 422 and 'value="mye"' in bad.content.decode()
    client.post("/prosjekter/A/gevinster/", {"action": "plan", **PLAN})
    plan = BenefitPlan.objects.get()
    client.post(
        "/prosjekter/A/gevinster/",
        {"action": "realised", "plan": plan.pk, "year": 2029, "value": "300,5", "source": "measurement"},
    )
    assert plan.realisations.get().value == 300.5
    assert login(personas.member_b).post("/prosjekter/A/gevinster/", {"action": "plan", **PLAN}).status_code == 403
    api = login(personas.member_b).get("/api/benefit-plans", {"project": "A"}).json()
    assert (
        api["count"] == 1
        and api["items"][0]["realised"] == 300.5
        and api["items"][0]["share"] == pytest.approx(300.5 / 1200)
    )
    made = client.post("/api/projects/A/benefit-plans", json.dumps({**PLAN, "indicator": "nope"}), "application/json")
    assert made.status_code == 404
    measured = client.post(
        f"/api/benefit-plans/{plan.pk}/realisations",
        json.dumps({"year": 2030, "value": 600, "source": "after_evaluation"}),
        "application/json",
    )
    assert measured.status_code == 201 and measured.json()["share"] == 0.5


@pytest.mark.parametrize("plans", [2, 10])
def test_benefit_pages_are_flat_in_queries(plans: int, personas: Personas, django_assert_max_num_queries: Any) -> None:
    from tests.conftest import approved_sheet

    for i in range(plans):
        p = approved_sheet(personas, f"P{i}", "sentrum", 10, 1, focus_area_codes=["kollektiv"])
        plan = services.plan_create(actor=personas.secretariat, project=p, data=dict(PLAN))
        services.realisation_add(actor=personas.secretariat, plan=plan, year=2029, value=10, source="measurement")
    client = login(personas.member_a)
    with django_assert_max_num_queries(12):
        assert client.get("/mal/gevinster/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/benefit-plans").status_code == 200
