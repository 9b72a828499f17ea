from __future__ import annotations

import re
from typing import Any

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import translation

from byvekst.portfolio import services
from byvekst.portfolio.explanations import Names
from byvekst.portfolio.models import Run, Scenario
from byvekst.portfolio.summary import balance_rule, compare_warnings, run_summary
from byvekst.projects.models import Project
from tests.conftest import Personas, login


def _run(personas: Personas, scenario: Scenario, **kw: object) -> Run:
    run = services.run_enqueue(actor=personas.secretariat, scenario=scenario, **kw)  # type: ignore[arg-type]
    services.work_once()
    run.refresh_from_db()
    assert run.status == "done", run.error
    return run


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_summary_says_what_the_run_means_and_what_changed(scenario: Scenario, personas: Personas) -> None:
    first = _run(personas, scenario)  # A 2028, B and C 2027; D never fits (see test_portfolio)
    with translation.override("nb"):
        summary = run_summary(first, Names.current(), None)
        assert (summary.chosen, summary.candidates) == (3, 4)
        assert summary.cost == 16 and summary.frames == 20  # spend in the period against the frames
        assert summary.sentences[0] == (
            "3 av 4 kandidatprosjekter er med i porteføljen. Kostnaden deres i perioden (P50) er 16,0 MNOK av "
            "rammenes 20,0 MNOK (80 %)."
        )
        assert summary.sentences[-1] == "Dette er den første ferdige kjøringen av dette scenarioet."
    second = _run(personas, scenario, fixed={"A": None}, base_run=first)
    page = login(personas.member_a).get(second.get_absolute_url())
    text = _text(page.content.decode())
    assert f"Siden kjøring {first.pk}: ut: A." in text
    assert "Kort fortalt" in text and "Ordene på denne siden" in text
    # The manual adjustment's price, in words, against the run it adjusts.
    assert "De manuelle justeringene koster" in text


def test_start_years_offered_and_accepted_only_inside_the_window(scenario: Scenario, personas: Personas) -> None:
    Project.objects.filter(code="A").update(latest_start=2027)
    run = _run(personas, scenario)
    page = login(personas.secretariat).get(run.get_absolute_url()).content.decode()
    options = re.search(r'<select id="(?:start|move)-A" name="start">(.*?)</select>', page, re.S)
    assert options and re.findall(r"<option[^>]*>(\d+)</option>", options.group(1)) == ["2027"]
    errors = services.run_input_errors(scenario, {"A": 2028}, 1)
    assert errors == {"fixed": "A kan bare tvinges til å starte i 2027."}
    client = login(personas.secretariat)
    refused = client.post(reverse("run-adjust", args=[run.pk]), {"project": "A", "action": "in", "start": "2028"})
    assert refused.status_code == 302 and Run.objects.count() == 1  # no run that would wrongly say "no fit"


def test_the_cost_column_follows_the_cost_basis(scenario: Scenario, personas: Personas) -> None:
    Project.objects.update(cost_p85=F("cost_p50") * 2)  # P85 twice P50 for every project
    scenario.cost_basis = Scenario.CostBasis.P85
    scenario.save()
    run = _run(personas, scenario)
    page = login(personas.member_a).get(run.get_absolute_url()).content.decode()
    assert "Kostnad (P85, MNOK)" in page
    p85 = {p["id"]: sum(p["cost_p85_profile"]) for p in run.instance["projects"]}
    assert p85["B"] == 10
    assert re.search(r"<td>B [^<]*</td>.*?<td class=\"num\">10,0</td>", page, re.S)  # P85, not the P50 of 5


def test_compare_names_projects_and_warns_of_unlike_runs(scenario: Scenario, personas: Personas) -> None:
    first = _run(personas, scenario)
    second = _run(personas, scenario, fixed={"A": None}, base_run=first)
    assert compare_warnings([first, first]) == []
    with translation.override("nb"):
        assert compare_warnings([first, second]) == ["Noen av kjøringene har manuelle justeringer."]
    scenario.cost_basis = Scenario.CostBasis.P85
    scenario.save()
    third = _run(personas, scenario)
    with translation.override("nb"):
        assert "Kjøringene bruker ulikt kostnadsgrunnlag (P50/P85)." in compare_warnings([first, third])
    # Everyone who reads the portfolio reaches the page from the portfolio page, and sees titles, not codes only.
    member = login(personas.member_a)
    assert reverse("run-compare") in member.get(reverse("portfolio")).content.decode()
    page = member.get(reverse("run-compare"), {"run": [first.pk, third.pk]}).content.decode()
    title = Project.objects.get(code="A").title
    assert f"A {title}" in page and "ikke direkte sammenlignbare" in page


def test_balance_rules_in_words(personas: Personas) -> None:
    with translation.override("nb"):
        text = balance_rule({"dimension": "area", "value": "nordost", "min_share": 0.1}, Names.current())
    assert text == "området Nordøst får minst 10 % av pengene"


def test_one_partys_weights_alone_changing_the_choice_is_said() -> None:
    from byvekst.portfolio.summary import one_party_alone

    core = {"A": 1.0, "B": 0.75, "C": 0.25, "D": 0.5}
    with translation.override("nb"):
        text = one_party_alone(core, 4, chosen={"A", "B", "D"}, candidates={"A", "B", "C", "D"})
    assert text == "Én parts vekter alene endrer valget: med dem ville B falle ut; C ville komme med."
    assert one_party_alone(core, 1, {"A"}, {"A"}) == ""  # one weight set: nothing to compare
    assert one_party_alone({"A": 1.0}, 4, {"A"}, {"A"}) == ""


@pytest.mark.parametrize("extra", [1, 6])
def test_the_portfolio_page_takes_the_same_queries_for_any_number_of_scenarios(
    extra: int, scenario: Scenario, personas: Personas, django_assert_max_num_queries: Any
) -> None:
    from byvekst.assessment import services as assessment
    from byvekst.assessment.demo import CRITERIA
    from byvekst.governance.models import Party

    cs = assessment.criteria_set_create(actor=personas.secretariat, name="K", criteria=CRITERIA)
    weights = assessment.weights_direct(
        actor=personas.secretariat, criteria_set=cs, party=Party.objects.get(slug="sd"), values={"klima": 1}
    )
    for i in range(extra):
        services.scenario_create(
            actor=personas.secretariat,
            name=f"S{i}",
            frame=scenario.frame,
            projects=list(scenario.projects.all()),
            weight_set=weights,
        )
    client = login(personas.member_a)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("portfolio")).content.decode()
    assert page.count("K (v1): SD") == extra


def test_goal_contribution_adds_up_the_sheets_effect_figures() -> None:
    from types import SimpleNamespace

    from django.utils import translation

    from byvekst.portfolio.summary import goal_contribution

    def sheet(car: int | None, pt: int | None = None) -> SimpleNamespace:
        return SimpleNamespace(
            car_trips_per_day=car, pt_trips_per_day=pt, cycle_trips_per_day=None, walk_trips_per_day=None
        )

    assert goal_contribution([sheet(None), None]) is None
    with translation.override("nb"):
        text = goal_contribution([sheet(-12000, 8300), sheet(-400), sheet(None)])
    assert text is not None
    assert text.replace("\xa0", " ") == (
        "De valgte prosjektene ventes å endre bilturene med −12 400 per dag og gi 8 300 nye kollektivturer, "
        "0 sykkelturer og 0 gangturer per dag (fra de 2 av 3 prosjektarkene med effekttall)."
    )
