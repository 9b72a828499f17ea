"""Rankings are computed once and kept while their inputs stay the same; any change to a sheet, a score or the
weights gives the next reader a freshly computed ranking."""

from __future__ import annotations

from typing import Any

import pytest

from byvekst.assessment import rankings as kept
from byvekst.assessment import selectors, services
from byvekst.assessment.demo import CRITERIA
from byvekst.assessment.models import CriteriaSet, RankingSnapshot, WeightSet
from byvekst.governance.models import Party
from byvekst.projects.models import Project
from tests.conftest import Personas, approved_sheet

CODES = [c["code"] for c in CRITERIA]


@pytest.fixture
def criteria_set(personas: Personas) -> CriteriaSet:
    cs = services.criteria_set_create(actor=personas.secretariat, name="Test", criteria=CRITERIA)
    services.weights_direct(
        actor=personas.secretariat, criteria_set=cs, party=Party.objects.get(slug="sd"), values=dict.fromkeys(CODES, 1)
    )
    for i, trips in enumerate((-100, -300, -200)):
        approved_sheet(personas, f"K{i}", "sentrum", 10 + i, 50, car_trips_per_day=trips)
    return cs


def read(cs: CriteriaSet) -> tuple[kept.Rankings, WeightSet]:
    criteria, weight_sets = list(cs.criteria.all()), list(cs.weight_sets.all())
    return kept.rankings(cs, criteria, weight_sets), weight_sets[0]


def order(cs: CriteriaSet) -> list[str]:
    ranked, ws = read(cs)
    return [r.code for r in ranked.rows(ws)]


def test_the_stored_ranking_is_the_one_computed_from_the_sheets(criteria_set: CriteriaSet) -> None:
    ranked, ws = read(criteria_set)
    fresh = selectors.value_table(criteria_set, ws.weights)
    rows = ranked.rows(ws)
    assert [(r.code, r.place) for r in rows] == [(f.project.code, i + 1) for i, f in enumerate(fresh)]
    assert [r.value for r in rows] == pytest.approx([f.value for f in fresh])
    assert rows[0].breakdown == pytest.approx(fresh[0].breakdown) and rows[0].coverage == fresh[0].coverage
    assert rows[0].value_per_mnok == pytest.approx(fresh[0].value_per_mnok)
    assert set(ranked.stability(ws)) == set(CODES)
    assert RankingSnapshot.objects.get(criteria_set=criteria_set).data["sets"][str(ws.pk)]["order"] == order(
        criteria_set
    )


def test_unchanged_inputs_are_not_computed_again(
    criteria_set: CriteriaSet, monkeypatch: pytest.MonkeyPatch, django_assert_max_num_queries: Any
) -> None:
    first = order(criteria_set)

    def not_again(*args: Any) -> Any:
        raise AssertionError("computed again although nothing changed")

    monkeypatch.setattr(kept, "compute", not_again)
    criteria, weight_sets = list(criteria_set.criteria.all()), list(criteria_set.weight_sets.all())
    with django_assert_max_num_queries(3):  # the fingerprint's two aggregates and the stored rankings
        again = kept.rankings(criteria_set, criteria, weight_sets)
    assert [r.code for r in again.rows(weight_sets[0])] == first


def test_a_process_holds_the_rankings_it_read_while_the_inputs_stay_the_same(
    criteria_set: CriteriaSet, django_assert_num_queries: Any
) -> None:
    first, ws = read(criteria_set)
    criteria, weight_sets = list(criteria_set.criteria.all()), list(criteria_set.weight_sets.all())
    with django_assert_num_queries(2):  # the fingerprint's two aggregates: the stored rankings are not fetched
        again = kept.rankings(criteria_set, criteria, weight_sets)
    assert again is first and again.rows(ws) is first.rows(ws)  # neither decoded nor built again

    kept.HELD.clear()  # another process: it reads the stored rankings
    with django_assert_num_queries(3):
        other = kept.rankings(criteria_set, criteria, weight_sets)
    assert other is not first and [r.code for r in other.rows(ws)] == [r.code for r in first.rows(ws)]


def test_a_change_made_by_another_process_is_seen_by_one_holding_the_rankings(
    criteria_set: CriteriaSet, personas: Personas
) -> None:
    assert order(criteria_set) == ["K1", "K2", "K0"]
    Project.objects.filter(code="K1").update(status="utkast")  # as another process would, past this one
    assert order(criteria_set) == ["K2", "K0"]


def test_a_changed_sheet_score_or_weight_gives_a_new_ranking(criteria_set: CriteriaSet, personas: Personas) -> None:
    assert order(criteria_set) == ["K1", "K2", "K0"]  # fewest car trips first
    approved_sheet(personas, "K3", "sentrum", 10, 50, car_trips_per_day=-900)
    assert order(criteria_set) == ["K3", "K1", "K2", "K0"]  # a sheet was quality-assured

    for code in ("trafikksikkerhet", "klima"):
        services.score_propose(
            actor=personas.secretariat,
            project=Project.objects.get(code="K0"),
            criterion=criteria_set.criteria.get(code=code),
            value=4,
            justification="Sterk effekt",
        )
    assert order(criteria_set)[0] == "K0"  # scores changed

    services.weights_direct(
        actor=personas.secretariat,
        criteria_set=criteria_set,
        party=Party.objects.get(slug="sd"),
        values={code: (1 if code == "nullvekst" else 0) for code in CODES},
    )
    assert order(criteria_set) == ["K3", "K1", "K2", "K0"]  # the weights changed: only car trips count
    assert RankingSnapshot.objects.count() == 1  # one kept ranking per criteria set, replaced each time

    Project.objects.filter(code="K2").update(status="utkast")  # back to draft, even past the services
    assert order(criteria_set) == ["K3", "K1", "K0"]
