"""Frames as the sources give them: per source and year, a source's total over the period, a total per year
over all sources, or a mix — from the form, the API and a scenario run."""

from __future__ import annotations

import json

from django.urls import reverse

from byvekst.portfolio import services
from byvekst.portfolio.models import FrameVersion, Run, Scenario
from tests.conftest import Personas, approved_sheet, login


def _run(personas: Personas, scenario: Scenario) -> Run:
    run = services.run_enqueue(actor=personas.secretariat, scenario=scenario)
    services.work_once()
    run.refresh_from_db()
    assert run.status == "done", run.error
    return run


def test_a_total_over_the_period_moves_money_between_years(personas: Personas) -> None:
    """Split 10 + 10 by year without carry-over, B (12 in one year) never fits; as a total of 20, A (6) and B do."""
    projects = [
        approved_sheet(personas, "A", "sentrum", 6, 20),
        approved_sheet(personas, "B", "sentrum", 12, 30),
    ]
    by_year = services.frame_create(
        actor=personas.secretariat,
        name="Per år",
        first_year=2027,
        years=2,
        amounts={"bompenger": [10, 10]},
        carry_over=False,
    )
    total = services.frame_create(
        actor=personas.secretariat, name="Totalt", first_year=2027, years=2, amounts={}, totals={"bompenger": 20}
    )
    assert total.amounts == {"bompenger": [None, None]} and total.total == 20
    split = _run(
        personas, services.scenario_create(actor=personas.secretariat, name="Per år", frame=by_year, projects=projects)
    )
    whole = _run(
        personas, services.scenario_create(actor=personas.secretariat, name="Totalt", frame=total, projects=projects)
    )
    assert {s["id"] for s in split.result["selected"]} == {"A"}
    assert {s["id"] for s in whole.result["selected"]} == {"A", "B"}
    page = login(personas.member_a).get(whole.get_absolute_url()).content.decode()
    assert "2 av 2 kandidatprosjekter" in page and "av rammenes 20,0 MNOK" in page


def test_a_yearly_total_over_all_sources_binds_and_is_named(personas: Personas) -> None:
    frame = services.frame_create(
        actor=personas.secretariat,
        name="Årlig tak",
        first_year=2027,
        years=1,
        amounts={"bompenger": [None], "kommunal": [None]},
        year_totals=[10],
    )
    a = approved_sheet(personas, "A", "sentrum", 6, 20)
    b = approved_sheet(personas, "B", "vest", 6, 10)
    run = _run(personas, services.scenario_create(actor=personas.secretariat, name="Tak", frame=frame, projects=[a, b]))
    assert {s["id"] for s in run.result["selected"]} == {"A"}
    page = login(personas.member_a).get(run.get_absolute_url()).content.decode()
    assert "totalen over alle kilder til og med 2027 (mangler 2,0 MNOK)" in page


def test_the_form_and_the_api_take_totals(personas: Personas) -> None:
    client = login(personas.secretariat)
    data = {
        "name": "HP 2028–2031",
        "first_year": 2028,
        "years": 4,
        "price_basis": "2026-kroner",
        "carry_over": "on",
        "amounts_bompenger": "500; –; –; 530",
        "total_bompenger": "2100",
        "total_kommunal": "40",
        "year_totals": "600; 600; 600; 600",
    }
    assert client.post(reverse("frame-new"), data).status_code == 302
    frame = FrameVersion.objects.get(name="HP 2028–2031")
    assert frame.amounts == {"bompenger": [500, None, None, 530], "kommunal": [None] * 4}
    assert frame.totals == {"bompenger": 2100, "kommunal": 40} and frame.year_totals == [600] * 4
    refused = client.post(reverse("frame-new"), {**data, "name": "Feil", "total_kommunal": "førti"})
    assert refused.status_code == 422 and "førti" in refused.content.decode()  # kept as typed
    body = {"name": "Fra skript", "first_year": 2028, "years": 2, "totals": {"bompenger": 900}}
    made = client.post("/api/frames", json.dumps(body), content_type="application/json")
    assert made.status_code == 201 and made.json()["totals"] == {"bompenger": 900.0}
    assert made.json()["amounts"] == {"bompenger": [None, None]}
    unbounded = {"name": "Uten tak", "first_year": 2028, "years": 2, "amounts": {"kommunal": [10, None]}}
    answer = client.post("/api/frames", json.dumps(unbounded), content_type="application/json")
    assert answer.status_code == 422 and answer.json()["detail"][0]["field"] == "amounts"
    assert (
        login(personas.member_a).post("/api/frames", json.dumps(body), content_type="application/json").status_code
        == 403
    )


def test_a_script_builds_runs_and_proposes_a_scenario(personas: Personas) -> None:
    a = approved_sheet(personas, "A", "sentrum", 6, 20)
    b = approved_sheet(personas, "B", "sentrum", 5, 12)
    client = login(personas.secretariat)
    frame = client.post(
        "/api/frames",
        json.dumps({"name": "Skript", "first_year": 2027, "years": 1, "totals": {"bompenger": 11}}),
        content_type="application/json",
    ).json()
    body = {"name": "Fra skript", "frames": frame["number"], "projects": [a.code, b.code], "cost_basis": "p50"}
    made = client.post("/api/scenarios", json.dumps(body), content_type="application/json")
    assert made.status_code == 201, made.content
    unknown = client.post("/api/scenarios", json.dumps({**body, "projects": ["XX-1"]}), content_type="application/json")
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["field"] == "projects"
    queued = client.post(f"/api/scenarios/{made.json()['id']}/runs", "{}", content_type="application/json")
    assert queued.status_code == 202
    services.work_once()
    run = client.get(f"/api/runs/{queued.json()['id']}").json()
    assert run["status"] == "done" and {s["id"] for s in run["result"]["selected"]} == {"A", "B"}
    proposed = client.post(
        f"/api/runs/{run['id']}/programme", json.dumps({"name": "HP fra skript"}), content_type="application/json"
    )
    assert proposed.status_code == 201 and proposed.json()["case"]
    amended = client.post(
        f"/api/programmes/{proposed.json()['id']}/versions",
        json.dumps({"changes": {"B": None}, "reason": "B venter"}),
        content_type="application/json",
    )
    assert amended.status_code == 201 and amended.json()["number"] == 2 and amended.json()["reason"] == "B venter"
    instance = client.get(f"/api/scenarios/{made.json()['id']}/instance").json()
    imported = client.post("/api/scenarios/import", json.dumps(instance), content_type="application/json")
    assert imported.status_code == 201, imported.content
    assert FrameVersion.objects.get(name__startswith="Fra skript").totals == {"bompenger": 11.0}
    member = login(personas.member_a)
    assert member.post("/api/scenarios", json.dumps(body), content_type="application/json").status_code == 403


def test_amounts_are_converted_to_the_frames_price_year_by_the_index(personas: Personas) -> None:
    from byvekst.portfolio.adapter import scenario_to_instance
    from byvekst.projects.models import PriceIndex, Project

    old = approved_sheet(personas, "A", "sentrum", 10, 20, price_year=2020)
    new = approved_sheet(personas, "B", "sentrum", 10, 20, price_year=2026)
    odd = approved_sheet(personas, "C", "sentrum", 10, 20, price_year=2019)
    frame = services.frame_create(
        actor=personas.secretariat, name="R", first_year=2027, years=2, amounts={"bompenger": [50, 50]}
    )
    scenario = services.scenario_create(actor=personas.secretariat, name="S", frame=frame, projects=[old, new, odd])
    doc, notes = scenario_to_instance(scenario)
    assert {p["id"]: p["cost_profile"] for p in doc["projects"]} == {"A": [10.0], "B": [10.0], "C": [10.0]}
    assert any("Ingen prisindeks" in n and "A" in n and "C" in n for n in notes)  # nothing converted silently
    PriceIndex.objects.create(name="Testindeks", source="SSB tabell 08662 (test)", values={"2020": 100, "2026": 125.5})
    doc, notes = scenario_to_instance(scenario)
    profiles = {p["id"]: p["cost_profile"] for p in doc["projects"]}
    assert profiles == {"A": [12.55], "B": [10.0], "C": [10.0]}  # 2020-kroner × 1.255; 2019 is not in the index
    p85 = {p["id"]: p["cost_p85_profile"] for p in doc["projects"]}
    assert p85["A"] == [15.06]
    assert any("omregnet til 2026-kroner med Testindeks" in n for n in notes)
    assert any("Ingen prisindeks" in n and "C" in n and "A" not in n.split(":")[1] for n in notes)
    assert Project.objects.get(code="A").cost_p50 == 10  # the sheet keeps its own price level


def test_an_earmark_per_owner_and_source_from_the_form_to_the_run(personas: Personas) -> None:
    from byvekst.portfolio.forms import earmarks

    assert earmarks("Askøy: 119\nBergen (programområdetiltak): 40\nAlver (bompenger): 3") == [
        {"dimension": "owner", "value": "Askøy", "max_total": 119.0},
        {"dimension": "owner", "value": "Bergen", "max_total": 40.0, "source": "statlig_programomrade"},
        {"dimension": "owner", "value": "Alver", "max_total": 3.0, "source": "bompenger"},
    ]
    client = login(personas.secretariat)
    data = {
        "name": "Øremerket",
        "first_year": 2027,
        "years": 2,
        "price_basis": "2026-kroner",
        "amounts_bompenger": "10; 10",
        "amounts_statlig_programomrade": "10; 10",
        "earmarked": "Bergen (månestøtte): 5",
    }
    refused = client.post(reverse("frame-new"), data)
    assert refused.status_code == 422 and "månestøtte" in refused.content.decode()
    assert (
        client.post(reverse("frame-new"), {**data, "earmarked": "Bergen (programområdetiltak): 5"}).status_code == 302
    )
    frame = FrameVersion.objects.get(name="Øremerket")
    state = approved_sheet(personas, "A", "sentrum", 6, 20, funding={"statlig_programomrade": "100"})
    toll = approved_sheet(personas, "B", "sentrum", 6, 10)
    run = _run(
        personas, services.scenario_create(actor=personas.secretariat, name="Ø", frame=frame, projects=[state, toll])
    )
    assert {s["id"] for s in run.result["selected"]} == {"B"}
    page = login(personas.member_a).get(run.get_absolute_url()).content.decode()
    assert "eieren Bergen fra Statlige midler: programområdetiltak" in page
