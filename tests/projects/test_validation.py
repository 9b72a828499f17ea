"""Each rule of a project sheet, through the service that enforces it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from byvekst.projects import services
from byvekst.projects.models import Project
from byvekst.projects.validation import check_complete, check_rules, triangular_percentiles
from tests.conftest import Personas, complete_data


@pytest.mark.parametrize(
    ("over", "field", "text"),
    [
        ({"cost_p10": Decimal("120")}, "cost_p10", "P10"),
        ({"cost_p85": Decimal("80"), "cost_profile": ["40", "60"]}, "cost_p85", "P85"),
        ({"cost_profile": ["40", "50"]}, "cost_profile", "summerer til 90"),
        ({"funding": {"bompenger": "70", "kommunal": "20"}}, "funding", "90"),
        ({"funding": {"gullgruve": "100"}}, "funding", "gullgruve"),
        ({"earliest_start": 2017}, "earliest_start", "2019–2029"),
        ({"latest_start": 2031}, "latest_start", "2019–2029"),
        ({"earliest_start": 2028, "latest_start": 2027}, "latest_start", ""),
        ({"impacts": {"arealbruk": {"grade": 5, "justification": "x"}}}, "impact_arealbruk", "−4"),
        ({"impacts": {"arealbruk": {"grade": 2, "justification": ""}}}, "impact_arealbruk_why", ""),
        ({"location": {"type": "Circle"}}, "location", "GeoJSON"),
        ({"location": {"type": "Point", "coordinates": [500, 60]}}, "location", "GeoJSON"),
        ({"location": {"type": "LineString", "coordinates": [[5.3, 60.4]] * 6000}}, "location", "GeoJSON"),
        ({"cost_p50": Decimal("1e15")}, "cost_p50", "1 000 000"),
        ({"cost_p50": "NaN"}, "cost_p50", "tall"),
        ({"cost_p85": Decimal("100.123")}, "cost_p85", "desimaler"),
        ({"cost_profile": ["1e300"]}, "cost_profile", "MNOK"),
        ({"car_trips_per_day": 10**20}, "car_trips_per_day", "10000000"),
        ({"price_year": 9999}, "price_year", "2100"),
        ({"phase": "hacked"}, "phase", "fasene"),
        ({"area_code": "alle"}, "area_code", "geografiske"),
        ({"area_code": ""}, "area_code", "geografiske"),
        ({"programme_area_code": "drift"}, "programme_area_code", "programområdene"),
        ({"focus_area_codes": ["kollektiv", "romfart"]}, "focus_area_codes", "romfart"),
        ({"impacts": {"arealbruk": {"grade": "1e400", "justification": "x"}}}, "impact_arealbruk", "helt tall"),
        ({"completion_year": 2026}, "completion_year", "tidligste start"),
        ({"measure_kind": "drift", "road_owner": "Statens vegvesen"}, "road_owner", "driftstiltak"),
        ({"measure_kind": "finansiering", "quantity": Decimal("3"), "quantity_unit": "km"}, "quantity", "investering"),
        ({"quantity": Decimal("3")}, "quantity_unit", "enheten"),
        ({"granted_before": Decimal("-5")}, "granted_before", ""),
        ({"other_municipalities": ["x" * 101]}, "other_municipalities", "20"),
        ({"other_areas": ["månen"]}, "other_areas", "konfigurerte"),
    ],
)
def test_rule(over: dict, field: str, text: str, config: None) -> None:
    errors = check_rules({"area_code": "sentrum", **complete_data(**over)})
    assert field in errors and text in errors[field], errors


def test_a_complete_sheet_passes(config: None) -> None:
    data = {"area_code": "sentrum", **complete_data()}
    assert check_rules(data) == {} and check_complete({"title": "x", **data}) == {}


def test_at_least_one_focus_area_is_required_to_submit(config: None) -> None:
    assert "focus_area_codes" in check_complete({"title": "x", **complete_data(focus_area_codes=[])})


def test_service_refuses_invalid_data_and_keeps_the_stored_sheet(project: Project, personas: Personas) -> None:
    with pytest.raises(ValidationError) as exc:
        services.project_update(
            actor=personas.member_a,
            project=project,
            lock_version=project.lock_version,
            data={"cost_p10": Decimal("500")},
        )
    assert "cost_p10" in exc.value.error_dict
    assert Project.objects.get(pk=project.pk).cost_p10 == Decimal("90")


def test_triangular_percentiles() -> None:
    p10, p50, p85 = triangular_percentiles(80, 100, 160)
    assert 80 < p10 < p50 < p85 < 160
    assert p50 == pytest.approx(160 - ((80 * 60 * 0.5) ** 0.5))  # the mode lies below the median here
    with pytest.raises(ValueError):
        triangular_percentiles(100, 90, 120)


def test_a_project_under_construction_may_have_started_before_the_agreement(config: None) -> None:
    ongoing = {"area_code": "sentrum", **complete_data(phase="bygging", earliest_start=2016, latest_start=2019)}
    assert check_rules(ongoing) == {}
    planned = {**ongoing, "phase": "regulering"}
    assert "earliest_start" in check_rules(planned)  # only what is under way started before 2019
