"""Adopt a criteria set, enter AHP judgements for two parties, score a project, read its breakdown and the
rankings under each party's weights side by side."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from byvekst.assessment import services
from byvekst.assessment.demo import CRITERIA
from byvekst.assessment.models import WeightSet
from byvekst.cases.models import Case
from byvekst.projects.models import Project
from tests.conftest import Personas, treat
from tests.e2e.conftest import log_in, put_forward


def _judge(page: Page, values: list[str]) -> None:
    selects = page.locator("main form select")
    for i, v in enumerate(values):
        selects.nth(i).select_option(v)
    page.get_by_role("button", name="Lagre vurderingene").click()
    expect(page.get_by_text("Vurderingene er lagret.")).to_be_visible()


def test_criteria_from_adoption_to_side_by_side_rankings(page: Page, personas: Personas, project: Project) -> None:
    cs = services.criteria_set_create(actor=personas.secretariat, name="Vurderingskriterier 2027", criteria=CRITERIA)
    Project.objects.filter(pk=project.pk).update(status="kvalitetssikret", car_trips_per_day=-300, net_benefit=80)
    log_in(page, personas.secretariat.username)
    page.goto(f"/kriterier/{cs.number}/")
    put_forward(page)
    decision = treat(
        Case.objects.get(targets__target_type="assessment.criteriaset", targets__target_id=str(cs.pk)),
        forum="styringsgruppen",
        kind="vedtak",
    )
    page.goto(f"/kriterier/{cs.number}/")
    expect(page.locator("main")).to_contain_text(f"vedtak {decision.number}")

    page.goto(f"/kriterier/{cs.number}/vekter/bergen/")
    _judge(page, ["3", "3", "5", "3", "1", "3", "3", "3", "1", "1"])
    page.goto(f"/kriterier/{cs.number}/vekter/askoy/")
    _judge(page, ["1/3", "1", "1", "1/5", "3", "3", "1", "1", "1/3", "1"])
    page.goto(f"/kriterier/{cs.number}/")
    page.get_by_role("button", name="Beregn samlede vekter").click()
    expect(page.get_by_role("table", name="Partenes vekter side om side")).to_contain_text("Askøy")
    assert WeightSet.objects.filter(criteria_set=cs).count() == 3

    page.goto(f"/prosjekter/{project.code}/vurdering/")
    page.locator("#v-trafikksikkerhet").select_option("3")
    page.locator("#j-trafikksikkerhet").fill("Trygg skolevei for 300 elever.")
    page.locator("#v-trafikksikkerhet").locator("xpath=ancestor::form").get_by_role(
        "button", name="Lagre score"
    ).click()
    expect(page.get_by_text("Scoren er lagret.")).to_be_visible()
    breakdown = page.locator("section[aria-labelledby=bd-h]")
    expect(breakdown).to_contain_text("trafikksikkerhet")
    expect(breakdown).to_contain_text("nullvekst")

    page.goto(f"/kriterier/{cs.number}/rangering/")
    side = page.locator("section[aria-labelledby=side-h] table")
    expect(side.locator("thead")).to_contain_text("Bergen")
    expect(side.locator("thead")).to_contain_text("Askøy")
    expect(side.locator("tbody")).to_contain_text(project.code)
    chart = page.locator("section[aria-labelledby=vfm-h]")
    chart.scroll_into_view_if_needed()  # loaded on demand, drawn when it arrives
    expect(chart.locator("[data-chart=value-cost-chart] svg").first).to_be_visible()
