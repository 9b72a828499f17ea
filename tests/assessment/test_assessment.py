from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from byvekst.assessment import selectors, services
from byvekst.assessment.demo import CRITERIA, JUDGEMENTS
from byvekst.assessment.models import CriteriaSet, Score, WeightSet
from byvekst.core.policy import can
from byvekst.engine.mcda import total
from byvekst.governance import services as gov
from byvekst.governance.models import Forum, Party, User
from byvekst.projects.models import Project
from tests.conftest import START, Personas, approved_sheet, decide, login
from tests.factories import UserFactory

CODES = [c["code"] for c in CRITERIA]
PAIRS = [f"{a}|{b}" for i, a in enumerate(CODES) for b in CODES[i + 1 :]]

# action -> [(object key, who may)]
MATRIX: dict[str, list[tuple[str, set[str]]]] = {
    "criteria.view": [("draft", {"secretariat", "member_a", "member_b", "observer", "outsider", "council_bergen"})],
    "criteria.edit": [("draft", {"secretariat"}), ("adopted", set())],
    # member_a sits in the Prioritisation Council for Bergen, like council_bergen.
    "weights.enter": [("bergen", {"secretariat", "member_a", "council_bergen"}), ("askoy", {"secretariat"})],
    "score.propose": [("project", {"secretariat", "member_a"})],
    "score.review": [("project", {"secretariat"})],
}


@pytest.fixture
def council_bergen(personas: Personas) -> User:
    user = UserFactory(username="rad.bergen", party=Party.objects.get(slug="bergen"))
    gov.membership_create(
        actor=personas.secretariat,
        person=user,
        forum=Forum.objects.get(slug="prioriteringsradet"),
        party=user.party,
        role="medlem",
        start=START,
    )
    return user


@pytest.fixture
def criteria_set(personas: Personas) -> CriteriaSet:
    return services.criteria_set_create(actor=personas.secretariat, name="Test", criteria=CRITERIA)


@pytest.fixture
def scored(project: Project, criteria_set: CriteriaSet, personas: Personas) -> Project:
    Project.objects.filter(pk=project.pk).update(
        status="kvalitetssikret", car_trips_per_day=-400, pt_trips_per_day=900, net_benefit=120
    )
    project.refresh_from_db()
    for code, value in (("trafikksikkerhet", 2), ("klima", 3)):
        services.score_propose(
            actor=personas.member_a,
            project=project,
            criterion=criteria_set.criteria.get(code=code),
            value=value,
            justification="Begrunnet",
        )
    return project


def test_permission_matrix(
    personas: Personas, criteria_set: CriteriaSet, council_bergen: User, project: Project
) -> None:
    adopted = services.criteria_set_create(actor=personas.secretariat, name="Vedtatt", criteria=CRITERIA)
    decide(adopted, subject="vurderingskriterier")
    adopted.refresh_from_db()
    objects = {
        "draft": criteria_set,
        "adopted": adopted,
        "bergen": Party.objects.get(slug="bergen"),
        "askoy": Party.objects.get(slug="askoy"),
        "project": project,
    }
    people = {**personas.all(), "council_bergen": council_bergen}
    for action, rows in MATRIX.items():
        for key, allowed in rows:
            for name, user in people.items():
                user.__dict__.pop("_project_roles", None)
                expected = name in allowed
                assert can(user, action, objects[key]) == expected, (action, key, name)


def test_adopted_set_is_immutable(criteria_set: CriteriaSet, personas: Personas) -> None:
    decision = decide(criteria_set, subject="vurderingskriterier")
    criteria_set.refresh_from_db()
    assert criteria_set.decision_number == decision.number
    assert decision.effects.get().target_id == str(criteria_set.pk)
    with pytest.raises(ValidationError):  # a second decision cannot adopt it again
        decide(criteria_set, subject="vurderingskriterier")
    criteria_set.name = "Endret"
    with pytest.raises(ValueError):
        criteria_set.save()


def test_ahp_per_party_and_geometric_aggregate(criteria_set: CriteriaSet, personas: Personas) -> None:
    for slug in ("bergen", "askoy"):
        services.weights_ahp(
            actor=personas.secretariat,
            criteria_set=criteria_set,
            party=Party.objects.get(slug=slug),
            judgements=dict(zip(PAIRS, JUDGEMENTS[slug], strict=True)),
        )
    agg = services.weights_aggregate(actor=personas.secretariat, criteria_set=criteria_set)
    assert agg.party is None and sum(agg.weights.values()) == pytest.approx(1.0)
    bergen = WeightSet.objects.get(party__slug="bergen")
    askoy = WeightSet.objects.get(party__slug="askoy")
    for code in CODES:  # the aggregate lies between the two parties for every weight
        lo, hi = sorted((bergen.weights[code], askoy.weights[code]))
        assert lo - 0.05 <= agg.weights[code] <= hi + 0.05
    with pytest.raises(ValidationError) as exc:
        services.weights_ahp(
            actor=personas.secretariat,
            criteria_set=criteria_set,
            party=Party.objects.get(slug="sd"),
            judgements={PAIRS[0]: 12},
        )
    assert PAIRS[0] in exc.value.error_dict and PAIRS[1] in exc.value.error_dict


def test_scores_and_breakdown_add_up(scored: Project, criteria_set: CriteriaSet, personas: Personas) -> None:
    services.weights_direct(
        actor=personas.secretariat,
        criteria_set=criteria_set,
        party=Party.objects.get(slug="sd"),
        values=dict.fromkeys(CODES, 1),
    )
    weights = WeightSet.objects.get(party__slug="sd").weights
    row = selectors.value_table(criteria_set, weights, [scored])[0]
    assert row.breakdown["nullvekst"] == pytest.approx(0.2 * 400 / 1000 * 10)
    assert row.breakdown["klima"] == pytest.approx(0.2 * 3 / 4 * 10)
    assert row.value == pytest.approx(total(row.breakdown))
    with pytest.raises(ValidationError) as exc:
        services.score_propose(
            actor=personas.member_a,
            project=scored,
            criterion=criteria_set.criteria.get(code="klima"),
            value=7,
            justification="",
        )
    assert {"value", "justification"} <= set(exc.value.error_dict)
    with pytest.raises(ValidationError):
        services.score_propose(
            actor=personas.member_a,
            project=scored,
            criterion=criteria_set.criteria.get(code="nullvekst"),
            value=1,
            justification="x",
        )


def test_pages(
    scored: Project,
    criteria_set: CriteriaSet,
    personas: Personas,
    council_bergen: User,
    django_assert_max_num_queries: Any,
) -> None:
    decide(criteria_set, subject="vurderingskriterier")
    client = login(council_bergen)
    url = reverse("weights-ahp", args=[criteria_set.number, "bergen"])
    bad = client.post(url, {PAIRS[0]: "x"})
    assert bad.status_code == 422
    response = client.post(url, dict(zip(PAIRS, ["9", "9", "9", "9", "1/9", "9", "9", "9", "9", "9"], strict=True)))
    assert response.status_code == 200
    ws = WeightSet.objects.get(party__slug="bergen")
    assert ws.consistency_ratio > 0.1  # contradictory on purpose: the page names the worst judgements
    assert "andre vurderingene" in response.content.decode() or "other judgements" in response.content.decode()
    assert login(personas.member_b).get(url).status_code == 403
    with django_assert_max_num_queries(20):
        html = client.get(reverse("criteria-ranking", args=[criteria_set.number])).content.decode()
    assert scored.code in html
    scores_url = reverse("project-scores", args=[scored.code])
    html = login(personas.member_a).post(
        scores_url,
        {"criterion": criteria_set.criteria.get(code="klima").pk, "value": "", "justification": "Tekst jeg skrev"},
    )
    assert html.status_code == 422 and "Tekst jeg skrev" in html.content.decode()
    login(personas.secretariat).post(
        scores_url, {"criterion": criteria_set.criteria.get(code="klima").pk, "action": "review"}
    )
    assert Score.objects.get(project=scored, criterion__code="klima").status == "reviewed"


def test_status_line_turns_done_with_adopted_criteria_and_weights(
    criteria_set: CriteriaSet, personas: Personas
) -> None:
    from byvekst.overview.status import implementation_status

    def line() -> Any:
        return next(x for x in implementation_status() if x.key == "criteria")

    assert line().state == "missing"
    decide(criteria_set, subject="vurderingskriterier")
    assert line().state == "missing"
    for party in ("sd", "bergen", "vlfk", "askoy", "alver", "bjornafjorden"):
        services.weights_ahp(
            actor=personas.secretariat,
            criteria_set=criteria_set,
            party=Party.objects.get(slug=party),
            judgements=dict(zip(PAIRS, JUDGEMENTS[party], strict=True)),
        )
    services.weights_aggregate(actor=personas.secretariat, criteria_set=criteria_set)
    assert line().state == "missing" and "Øygarden" in line().detail  # one voting party of the Council is missing
    services.weights_ahp(
        actor=personas.secretariat,
        criteria_set=criteria_set,
        party=Party.objects.get(slug="oygarden"),
        judgements=dict(zip(PAIRS, JUDGEMENTS["oygarden"], strict=True)),
    )
    assert line().state == "missing"  # the aggregate is older than the last party's weights
    services.weights_aggregate(actor=personas.secretariat, criteria_set=criteria_set)
    assert line().state == "done"


def test_swing_and_direct_pages(criteria_set: CriteriaSet, personas: Personas) -> None:
    client = login(personas.secretariat)
    url = reverse("weights-points", args=[criteria_set.number, "sd", "swing"])
    bad = client.post(url, {"nullvekst": "80", "reiser": "50", "nytte": "x", "trafikksikkerhet": "10", "klima": "10"})
    assert bad.status_code == 422 and 'value="80"' in bad.content.decode()
    no_hundred = client.post(
        url, {"nullvekst": "80", "reiser": "50", "nytte": "20", "trafikksikkerhet": "10", "klima": "10"}
    )
    assert no_hundred.status_code == 422
    ok = client.post(url, {"nullvekst": "100", "reiser": "50", "nytte": "25", "trafikksikkerhet": "15", "klima": "10"})
    assert ok.status_code == 302
    ws = WeightSet.objects.get(party__slug="sd")
    assert ws.method == "swing" and ws.weights["nullvekst"] == pytest.approx(0.5)
    client.post(reverse("weights-points", args=[criteria_set.number, "sd", "direct"]), dict.fromkeys(CODES, "1"))
    assert WeightSet.objects.get(party__slug="sd").weights["klima"] == pytest.approx(0.2)


def test_thin_data_is_shown_and_noted_on_the_run(
    scored: Project, criteria_set: CriteriaSet, personas: Personas
) -> None:
    """The scored sheet has data on every criterion; a bare one only its net benefit: the rest counts as no effect,
    and the ranking and the run say how little its value rests on."""
    from byvekst.portfolio import services as portfolio
    from byvekst.portfolio.adapter import scenario_to_instance

    services.weights_direct(
        actor=personas.secretariat,
        criteria_set=criteria_set,
        party=Party.objects.get(slug="sd"),
        values=dict.fromkeys(CODES, 1),
    )
    bare = approved_sheet(personas, "X", "vest", 5, 0)
    rows = {
        r.project.code: r for r in selectors.value_table(criteria_set, WeightSet.objects.get().weights, [scored, bare])
    }
    assert rows[scored.code].coverage == pytest.approx(1.0) and rows["X"].coverage == pytest.approx(
        0.2
    )  # net benefit only
    page = login(personas.member_a).get(reverse("criteria-ranking", args=[criteria_set.number])).content.decode()
    assert "Datadekning" in page and "100 %" in page and '20 % <span class="badge">tynt</span>' in page
    frame = portfolio.frame_create(
        actor=personas.secretariat, name="R", first_year=2027, years=2, amounts={"bompenger": [100, 100]}
    )
    scenario = portfolio.scenario_create(
        actor=personas.secretariat,
        name="S",
        frame=frame,
        projects=[scored, bare],
        weight_set=WeightSet.objects.get(),
    )
    _doc, notes = scenario_to_instance(scenario)
    assert any("Tynt datagrunnlag: for 1 av 2 kandidater" in n and "X" in n for n in notes)


def _weighed(criteria_set: CriteriaSet, personas: Personas, sheets: int) -> None:
    """SD's weights on every criterion, and that many quality-assured sheets R0, R1, … (fewer car trips later)."""
    services.weights_direct(
        actor=personas.secretariat,
        criteria_set=criteria_set,
        party=Party.objects.get(slug="sd"),
        values=dict.fromkeys(CODES, 1),
    )
    for i in range(sheets):
        approved_sheet(personas, f"R{i}", "sentrum", 10 + i, i, car_trips_per_day=-10 * i)


@pytest.mark.parametrize("extra", [3, 60])
def test_the_ranking_page_is_paged_and_its_queries_do_not_grow(
    extra: int, criteria_set: CriteriaSet, personas: Personas, django_assert_max_num_queries: Any
) -> None:
    _weighed(criteria_set, personas, extra)
    client = login(personas.member_a)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("criteria-ranking", args=[criteria_set.number])).content.decode()
    assert page.count('<td><a href="/prosjekter/R') == min(extra, 50)  # one page of the ranking at a time
    if extra > 50:
        rest = client.get(reverse("criteria-ranking", args=[criteria_set.number]), {"page": 2}).content.decode()
        assert rest.count('<td><a href="/prosjekter/R') == extra - 50 and "<td>51</td>" in rest


def test_the_value_cost_chart_of_every_project_is_loaded_on_demand(
    criteria_set: CriteriaSet, personas: Personas, django_assert_max_num_queries: Any
) -> None:
    _weighed(criteria_set, personas, 60)
    client = login(personas.member_a)
    page = client.get(reverse("criteria-ranking", args=[criteria_set.number]), {"vekter": "SD"}).content.decode()
    url = reverse("criteria-ranking-chart", args=[criteria_set.number]) + "?vekter=SD"
    section = page.split('id="vfm-h"')[1].split("</section>")[0]
    assert "R59" not in section and "R0 " not in section  # the chart's sixty points are not sent with the page
    assert f'hx-get="{url}" hx-trigger="intersect once"' in page and f'<a href="{url}">Vis diagrammet</a>' in page
    with django_assert_max_num_queries(12):
        region = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in region and 'data-chart="value-cost-chart"' in region
    assert all(f"R{i} " in region for i in range(60))  # a point and a table row for every project
    whole = client.get(url).content.decode()  # without scripts: a page of its own
    assert "<h1>Verdi mot kostnad</h1>" in whole and "Vekter: SD." in whole and 'data-chart="value-cost-chart"' in whole
    assert Client().get(url).status_code == 302  # to the sign-in page, as the ranking itself


def test_no_chart_before_there_are_weights(personas: Personas) -> None:
    cs = services.criteria_set_create(actor=personas.secretariat, name="Uten vekter", criteria=CRITERIA)
    assert login(personas.member_a).get(reverse("criteria-ranking-chart", args=[cs.number])).status_code == 404
