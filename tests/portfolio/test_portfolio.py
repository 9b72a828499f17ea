from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from byvekst.audit.models import AuditEvent
from byvekst.core.policy import can
from byvekst.engine.format import parse_instance
from byvekst.governance.models import Party
from byvekst.portfolio import services
from byvekst.portfolio.adapter import scenario_from_instance, scenario_to_instance
from byvekst.portfolio.models import ActionProgramme, FrameVersion, Run, Scenario
from byvekst.projects.models import Project
from tests.conftest import Personas, decide, login, printed, treat

MATRIX: dict[str, list[tuple[str, set[str]]]] = {
    "portfolio.view": [("none", {"secretariat", "member_a", "member_b", "observer", "outsider"})],
    "portfolio.plan": [("none", {"secretariat"})],
    "programme.advance": [("none", {"secretariat"})],
    "programme.view": [
        ("draft", {"secretariat", "member_a", "member_b", "observer", "outsider"}),
        ("public", {"secretariat", "member_a", "member_b", "observer", "outsider", "anonymous"}),
    ],
}


def _run(personas: Personas, scenario: Scenario, **kw: Any) -> Run:
    run = services.run_enqueue(actor=personas.secretariat, scenario=scenario, **kw)
    assert services.work_once() == 1
    run.refresh_from_db()
    assert run.status == "done", run.error
    return run


def test_permission_matrix(personas: Personas) -> None:
    draft = ActionProgramme(name="x", first_year=2027, last_year=2030)
    public = ActionProgramme(name="y", first_year=2027, last_year=2030, is_public=True)
    objects = {"none": None, "draft": draft, "public": public}
    for action, rows in MATRIX.items():
        for key, allowed in rows:
            for name, user in personas.all().items():
                user.__dict__.pop("_project_roles", None)
                assert can(user, action, objects[key]) == (name in allowed), (action, key, name)


def test_background_run_with_progress_and_why(scenario: Scenario, personas: Personas) -> None:
    run = services.run_enqueue(actor=personas.secretariat, scenario=scenario)
    assert run.status == "queued" and run.progress == 0
    page = login(personas.member_a).get(run.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page  # the page polls until the worker is done
    services.work_once()
    run.refresh_from_db()
    assert run.status == "done" and run.progress == 100
    # Frames of 10 a year, no carry-over, 4 % discount. D (12) never fits. A (6, value 20) cannot share a year
    # with B or C (5 each); B+C (value 21) take one year and A the other; the larger value goes first.
    assert {s["id"]: s["start"] for s in run.result["selected"]} == {"A": 2028, "B": 2027, "C": 2027}
    why = run.analysis["why"]  # stored as data; the page words it in the reader's language
    # D (12) next to B+C in 2027 is short by 12, next to A in 2028 by 8: the nearest miss is named.
    assert why["D"] == {
        "code": "out.breaks",
        "start": 2028,
        "breaks": [{"kind": "budget", "source": "bompenger", "year": 2028, "cumulative": False, "short": 8.0}],
        "value": 50.0,
        "per_unit": pytest.approx(50 / 12),
    }
    assert why["A"]["code"] == "in.value" and why["A"]["value"] == 20.0
    html = login(personas.member_a).get(run.get_absolute_url()).content.decode()
    assert "bryte rammen for Bompenger i 2028 (mangler 8,0 MNOK)" in html
    assert "Med: verdi 20,0 for 6,0 MNOK" in html and "the bompenger frame" not in html
    assert "Dette er den beste porteføljen som finnes innenfor rammene og reglene (bevist)." in html


def test_round_trip_matches_the_command_line(scenario: Scenario, personas: Personas, tmp_path: Path) -> None:
    run = _run(personas, scenario)
    exported = login(personas.member_b).get(reverse("scenario-export", args=[scenario.pk])).json()
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(exported))
    cli = subprocess.run(
        [sys.executable, "-m", "byvekst.cli", "optimise", str(path)], capture_output=True, text=True, check=True
    )
    result = json.loads(cli.stdout)
    assert result["selected"] == run.result["selected"] and result["objective"] == pytest.approx(
        run.result["objective"]
    )
    # ... and back into the database: the imported scenario runs to the same result.
    imported = scenario_from_instance(actor=personas.secretariat, doc=exported, name="Importert")
    again = _run(personas, imported)
    assert again.result["selected"] == run.result["selected"]
    assert parse_instance(scenario_to_instance(imported)[0]).budget == parse_instance(exported).budget


def test_rerun_reproduces_the_stored_result(scenario: Scenario, personas: Personas) -> None:
    first, second = _run(personas, scenario), _run(personas, scenario)
    assert first.result["selected"] == second.result["selected"]
    assert first.analysis["simulation"] == second.analysis["simulation"]  # same seed, same draws
    assert first.instance == second.instance


def test_manual_adjustment_shows_its_cost(scenario: Scenario, personas: Personas) -> None:
    base = _run(personas, scenario)
    response = login(personas.secretariat).post(
        reverse("run-adjust", args=[base.pk]), {"project": "C", "action": "out"}
    )
    services.work_once()
    adjusted = Run.objects.exclude(pk=base.pk).get()
    assert response["Location"] == adjusted.get_absolute_url() and adjusted.fixed == {"C": None}
    html = login(personas.secretariat).get(adjusted.get_absolute_url()).content.decode()
    assert "9,00" in html or "9.00" in html  # C's value is what forcing it out costs


def test_import_refuses_bad_files(personas: Personas) -> None:
    with pytest.raises(ValidationError, match="Ukjente prosjekt-ID-er: NOPE"):
        scenario_from_instance(
            actor=personas.secretariat,
            doc={
                "format": "byvekst.portfolio/1",
                "years": [2027],
                "funding_sources": ["b"],
                "budget": {"b": [1]},
                "projects": [
                    {
                        "id": "NOPE",
                        "owner": "x",
                        "area": "y",
                        "focus_area": "z",
                        "cost_profile": [1],
                        "funding": {"b": 1},
                        "value": 1,
                        "earliest_start": 2027,
                        "latest_start": 2027,
                    }
                ],
            },
        )
    with pytest.raises(ValidationError, match="is required"):
        scenario_from_instance(actor=personas.secretariat, doc={"format": "byvekst.portfolio/1"})


def test_programme_passage_through_the_cases(scenario: Scenario, personas: Personas) -> None:
    from byvekst.cases import services as cases
    from byvekst.governance.models import OutsideBody

    run = _run(personas, scenario)
    programme = services.programme_propose(
        actor=personas.secretariat, run=run, name="HP 2027–2028", officer=personas.secretariat
    )
    case = programme.case
    assert case and [t.forum.slug for t in case.treatments.all()] == ["prioriteringsradet"]
    assert case.targets.get().target_id == str(programme.pk)
    with pytest.raises(ValidationError):  # a change needs its reason
        services.programme_amend(actor=personas.secretariat, programme=programme, changes={"C": None}, reason="")
    v2 = services.programme_amend(
        actor=personas.secretariat, programme=programme, changes={"C": None}, reason="Rådet tar ut C til neste revisjon"
    )
    assert {s["code"] for s in v2.selection} == {"A", "B"}
    with pytest.raises(ValidationError):  # the Steering Group decides on a recommendation, not on a proposal
        treat(case, forum="styringsgruppen", kind="vedtak")
    recommendation = treat(case, forum="prioriteringsradet", kind="innstilling", text="Rådet anbefaler forslaget.")
    programme.refresh_from_db()
    assert programme.stage == "recommendation" and programme.versions.first().decision == recommendation
    with pytest.raises(ValidationError):  # no more changes after the recommendation
        services.programme_amend(actor=personas.secretariat, programme=programme, changes={"A": 2028}, reason="x")
    decision = treat(case, forum="styringsgruppen", kind="vedtak")
    programme.refresh_from_db()
    assert programme.stage == "decision" and programme.versions.first().decision == decision
    outside = {t.body.slug: t for t in case.treatments.filter(body__isnull=False)}
    required = set(OutsideBody.objects.filter(required_for_programme=True).values_list("slug", flat=True))
    assert set(outside) == required == {"bystyret-bergen", "fylkestinget-vestland"}
    assert not Project.objects.filter(status="i_handlingsprogram").exists()  # adoption waits for them
    record = dict(on=dt.date.today(), reference="2027/1234", link="https://www.bergen.kommune.no/")
    cases.treatment_outcome_record(
        actor=personas.secretariat, treatment=outside["bystyret-bergen"], outcome="approved", **record
    )
    programme.refresh_from_db()
    assert programme.stage == "decision"  # fylkestinget has not treated it yet
    cases.treatment_outcome_record(
        actor=personas.secretariat, treatment=outside["fylkestinget-vestland"], outcome="changed", **record
    )
    programme.refresh_from_db()
    assert programme.stage == "adopted" and programme.is_public and programme.versions.count() == 5
    adopted = programme.versions.first()
    assert adopted.decision == decision and adopted.treatment == outside["fylkestinget-vestland"]
    statuses = dict(Project.objects.values_list("code", "status"))
    assert (
        statuses["A"] == statuses["B"] == "i_handlingsprogram" and statuses["C"] == statuses["D"] == "ikke_prioritert"
    )
    per_sheet = AuditEvent.objects.filter(event_type="project.programme_status")  # one per sheet, old and new
    assert sorted((e.object_id, e.old["status"], e.new["status"]) for e in per_sheet) == sorted(
        (str(p.pk), "kvalitetssikret", p.status) for p in Project.objects.all()
    )
    assert AuditEvent.objects.filter(event_type__startswith="programme.").count() == 5
    public = login(personas.outsider).get(reverse("public")).content.decode()
    assert "HP 2027–2028" in public and decision.number in public and recommendation.number in public
    api = login(personas.member_b)
    assert [p["stage"] for p in api.get("/api/programmes").json()] == ["adopted"]
    made = {v["stage"]: v for v in api.get(f"/api/programmes/{programme.pk}/versions").json()}
    assert made["recommendation"]["decision"] == recommendation.number
    assert made["recommendation"]["made_by"] == "Prioriteringsrådet"
    assert made["adopted"]["made_by"] == "Fylkestinget i Vestland" and made["proposal"]["decision"] is None
    assert api.get("/api/programmes/999").status_code == 404
    from django.test import Client

    assert "Tiltak A" in Client().get(programme.get_absolute_url()).content.decode()
    compare = Client().get(reverse("programme-compare", args=[programme.pk, 1, 2])).content.decode()
    assert "C" in compare and "Rådet tar ut C" in compare


def test_programme_exports(scenario: Scenario, personas: Personas, tmp_path: Path) -> None:
    import io

    from docx import Document as Docx
    from openpyxl import load_workbook

    run = _run(personas, scenario)
    programme = services.programme_propose(actor=personas.secretariat, run=run, name="HP", officer=personas.secretariat)
    client = login(personas.member_a)
    wb = load_workbook(io.BytesIO(client.get(reverse("programme-export", args=[programme.pk, "xlsx"])).content))
    assert wb["Prosjekter"]["A2"].value == "A" and {"Programområder", "Kilder"} <= set(wb.sheetnames)
    word = client.get(reverse("programme-export", args=[programme.pk, "docx"])).content
    doc = Docx(io.BytesIO(word))
    assert any("Bompenger" in c.text for t in doc.tables for r in t.rows for c in r.cells)  # names, not codes
    assert wb["Kilder"]["A2"].value == "Bompenger"
    page = printed(word, tmp_path)  # as LibreOffice prints it
    assert page.size_mm in ((210, 297), (297, 210)) and "Programområde" in page.text and "bompenger" not in page.text
    assert "16,0" in page.text  # the programme's total, in Norwegian format
    assert client.get(reverse("programme-export", args=[programme.pk, "pdf"])).content.startswith(b"%PDF")


def test_result_page_queries_bounded_for_400_projects(personas: Personas, django_assert_max_num_queries: Any) -> None:
    from byvekst.engine.generate import generate

    doc = generate(400, 4, seed=3)
    owner = Party.objects.get(slug="bergen")
    Project.objects.bulk_create(
        Project(code=p["id"], title=p["name"], owner=owner, area_code="sentrum", status="kvalitetssikret")
        for p in doc["projects"]
    )
    frame = FrameVersion.objects.create(number=99, name="x", first_year=2027, amounts=doc["budget"])
    scenario = Scenario.objects.create(name="400", frame=frame, created_by=personas.secretariat)
    run = Run.objects.create(
        scenario=scenario,
        status="done",
        progress=100,
        created_by=personas.secretariat,
        instance=doc,
        result={
            "status": "optimal",
            "objective": 1.0,
            "gap": 0,
            "solve_seconds": 1,
            "selected": [{"id": p["id"], "start": 2027} for p in doc["projects"][:200]],
            "spend": {s: [0, 0, 0, 0] for s in doc["funding_sources"]},
        },
        analysis={"why": {}, "notes": []},
    )
    client = login(personas.member_a)
    with django_assert_max_num_queries(12):
        response = client.get(run.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200 and doc["projects"][399]["id"] not in page  # the chart comes on demand
    assert f'hx-get="{reverse("run-chart", args=[run.pk])}"' in page
    assert page.count('<tr id="out-') == 50 and "Side 1 av 4" in page  # 200 left out, in pages of 50
    with django_assert_max_num_queries(12):
        chart = client.get(reverse("run-chart", args=[run.pk]), headers={"HX-Request": "true"}).content.decode()
    assert chart.strip().startswith('<figure class="chart-figure">') and doc["projects"][399]["id"] in chart  # all
    with django_assert_max_num_queries(12):
        region = client.get(run.get_absolute_url(), {"ut": 4, "tabell": "ut"}, headers={"HX-Request": "true"})
    part = region.content.decode()
    assert part.startswith('<div id="out-table">') and part.count('<tr id="out-') == 50 and "Side 4 av 4" in part
    assert "<html" not in part and "value-cost-chart" not in part  # only the table's region
    assert 'href="?ut=3#out-table"' in part and 'hx-get="?ut=3&amp;tabell=ut"' in part


@pytest.mark.parametrize("extra", [3, 120])
def test_the_scenario_form_and_the_portfolio_page_take_the_same_queries_for_any_number_of_sheets(
    extra: int, personas: Personas, scenario: Scenario, django_assert_max_num_queries: Any
) -> None:
    owner = Party.objects.get(slug="bergen")
    Project.objects.bulk_create(
        Project(code=f"Q{i:03}", title=f"Q {i}", owner=owner, area_code="sentrum", status="kvalitetssikret")
        for i in range(extra)
    )
    client = login(personas.secretariat)
    with django_assert_max_num_queries(12):
        form = client.get(reverse("scenario-new")).content.decode()
    with django_assert_max_num_queries(12):
        overview = client.get(reverse("portfolio")).content.decode()
    assert form.count('name="projects"') == Project.objects.count()  # every sheet is a candidate to tick
    assert form.count(" checked>") == Project.objects.filter(status="kvalitetssikret").count()  # ticked: approved
    assert "Q000" not in overview and reverse("scenario-new") in overview  # the summary has no picker


def test_frame_form_names_the_wrong_source_and_keeps_input(personas: Personas) -> None:
    client = login(personas.secretariat)
    data = {
        "name": "HP 2028–2031",
        "first_year": 2028,
        "years": 4,
        "price_basis": "2026-kroner",
        "carry_over": "on",
        "amounts_bompenger": "500; 510; 520",
        "amounts_kommunal": "10; 10; 10; x",
    }
    response = client.post(reverse("frame-new"), data)
    html = response.content.decode()
    assert response.status_code == 422 and "500; 510; 520" in html
    assert 'id="id_amounts_bompenger-error"' in html or "4 årene" in html
    data.update(amounts_bompenger="500; 510; 520; 530", amounts_kommunal="10; 10; 10; 10")
    assert client.post(reverse("frame-new"), data).status_code == 302
    frame = FrameVersion.objects.get(name="HP 2028–2031")
    assert (
        frame.amounts == {"bompenger": [500, 510, 520, 530], "kommunal": [10, 10, 10, 10]} and frame.status == "draft"
    )
    page = client.get(frame.get_absolute_url()).content.decode()
    assert f"?target=portfolio.frameversion:{frame.pk}&amp;subject=rammer" in page  # put forward for decision
    decision = decide(frame, subject="rammer")
    frame.refresh_from_db()
    assert frame.status == "adopted" and frame.decision == decision
    assert client.get(f"/api/frames/{frame.number}").json()["decision"] == decision.number
    frame.name = "Endret"
    with pytest.raises(ValueError):
        frame.save()
    assert login(personas.member_a).post(reverse("frame-new"), data).status_code == 403


def test_mandatory_rule_from_the_scenario(scenario: Scenario, personas: Personas) -> None:
    scenario.mandatory = ["D"]  # D (12) cannot fit a frame of 10: the run says why
    scenario.save()
    run = _run(personas, scenario)
    assert run.result["status"] == "infeasible" and "short by 2.0" in run.result["explanation"][0]


def test_owner_capacity_from_the_sheets(scenario: Scenario, personas: Personas) -> None:
    # Capacity needs on the sheets, person-months a year: one per MNOK here.
    for code, pm in (("A", 6), ("B", 5), ("C", 5), ("D", 12)):
        Project.objects.filter(code=code).update(capacity_person_months=pm)
    scenario.owner_capacity = {"Bergen": 6.0}  # rate = Σ P50 / Σ pm = 28 / 28 = 1 MNOK per person-month
    scenario.save()
    doc, _notes = scenario_to_instance(scenario)
    assert doc["capacity"] == [
        {"owner": "Bergen", "year": 2027, "max_spend": 6.0},
        {"owner": "Bergen", "year": 2028, "max_spend": 6.0},
    ]
    run = _run(personas, scenario)
    # 6 MNOK of work a year: one project a year. A (20) and B (12) are the two best; the larger value first.
    assert {s["id"]: s["start"] for s in run.result["selected"]} == {"A": 2027, "B": 2028}


def test_scenario_form_rules(personas: Personas, scenario: Scenario) -> None:
    client = login(personas.secretariat)
    base = {
        "name": "Med regler",
        "frame": scenario.frame.pk,
        "cost_basis": "p50",
        "projects": ["1", "2"],
        "min_share": "10",
        "min_share_focus": "5",
    }
    projects = [str(p.pk) for p in Project.objects.all()]
    bad = client.post(
        reverse("scenario-new"), {**base, "projects": projects, "owner_capacity": "Bergen: 40\nGotham: 3"}
    )
    assert bad.status_code == 422 and "Gotham" in bad.content.decode() and "Bergen: 40" in bad.content.decode()
    ok = client.post(reverse("scenario-new"), {**base, "projects": projects, "owner_capacity": "Bergen: 40"})
    assert ok.status_code == 302
    made = Scenario.objects.get(name="Med regler")
    assert made.owner_capacity == {"Bergen": 40.0}
    assert {"dimension": "focus_area", "value": "kollektiv", "min_share": 0.05} in made.balance
    assert {"dimension": "area", "value": "vest", "min_share": 0.1} in made.balance


def test_earmarked_frames_from_the_form(personas: Personas) -> None:
    client = login(personas.secretariat)
    response = client.post(
        reverse("frame-new"),
        {
            "name": "Med øremerking",
            "first_year": 2028,
            "years": 1,
            "price_basis": "2026-kroner",
            "amounts_bompenger": "100",
            "earmarked": "Askøy: 12,5\nAlver: 10",
        },
    )
    assert response.status_code == 302
    assert FrameVersion.objects.get(name="Med øremerking").allocations == [
        {"dimension": "owner", "value": "Askøy", "max_total": 12.5},
        {"dimension": "owner", "value": "Alver", "max_total": 10.0},
    ]


def test_run_page_charts_are_data_with_a_table_beside(scenario: Scenario, personas: Personas) -> None:
    run = _run(personas, scenario)
    client = login(personas.member_a)
    html = client.get(run.get_absolute_url()).content.decode()
    response = client.get(reverse("run-chart", args=[run.pk]))  # loaded when the reader comes to it
    assert 'data-chart="value-cost-chart"' in response.content.decode() and 'data-chart="spend-chart"' in html
    assert "<h1>Verdi mot kostnad</h1>" in response.content.decode()  # also a page of its own
    scatter = next(c for c in response.context["value_cost_chart"]().spec()["series"] if c["name"] == "Valgt")
    assert len(scatter["data"]) == 3 and all(isinstance(x, float | int) for p in scatter["data"] for x in p[:2])
    assert "<svg" not in html.split("<main", 1)[1]  # no chart is markup formatted by hand
    assert "Bompenger" in html and "bompenger</" not in html  # sources by name
    assert "Tallene bak figuren" in html


def test_the_run_pages_map_names_each_chosen_project_as_the_project_map_does(
    scenario: Scenario, personas: Personas
) -> None:
    Project.objects.filter(code__in=["A", "B", "C", "D"]).update(
        location={"type": "Point", "coordinates": [5.33, 60.39]}
    )
    run = _run(personas, scenario)
    page = login(personas.member_a).get(run.get_absolute_url())
    points = json.loads(page.content.decode().split('id="map-points" type="application/json">')[1].split("<")[0])
    chosen = sorted(s["id"] for s in run.result["selected"])
    assert sorted(p["code"] for p in points) == chosen  # the popup links each by its code, as on the project map
    assert all(p["url"] == f"/prosjekter/{p['code']}/" for p in points)


def test_moving_a_start_is_a_manual_adjustment(scenario: Scenario, personas: Personas) -> None:
    base = _run(personas, scenario)  # A 2028, B 2027, C 2027
    login(personas.secretariat).post(
        reverse("run-adjust", args=[base.pk]), {"project": "A", "action": "in", "start": "2027"}
    )
    services.work_once()
    moved = Run.objects.exclude(pk=base.pk).get()
    starts = {s["id"]: s["start"] for s in moved.result["selected"]}
    assert starts["A"] == 2027 and moved.result["objective"] <= base.result["objective"]


def test_api_queue_poll_and_read_a_run(scenario: Scenario, personas: Personas) -> None:
    client = login(personas.secretariat)
    assert [s["name"] for s in client.get("/api/scenarios").json()] == ["Test"]
    instance = client.get(f"/api/scenarios/{scenario.pk}/instance").json()
    assert instance["format"] == "byvekst.portfolio/1" and len(instance["projects"]) == 4
    queued = client.post(
        f"/api/scenarios/{scenario.pk}/runs", data=json.dumps({"fixed": {"C": None}}), content_type="application/json"
    )
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    services.work_once()
    run = client.get(f"/api/runs/{queued.json()['id']}").json()
    assert run["status"] == "done" and run["progress"] == 100
    assert "C" not in {s["id"] for s in run["result"]["selected"]}
    assert (
        login(personas.member_a)
        .post(f"/api/scenarios/{scenario.pk}/runs", data="{}", content_type="application/json")
        .status_code
        == 403
    )


def test_worker_command_empties_the_queue(scenario: Scenario, personas: Personas) -> None:
    import io

    from django.core.management import call_command

    services.run_enqueue(actor=personas.secretariat, scenario=scenario)
    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    assert "Processed 1 run(s)." in out.getvalue() and Run.objects.get().status == "done"


def test_the_run_pages_chart_of_every_candidate_is_drawn_once_and_kept(
    personas: Personas, scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    from byvekst.portfolio import charts

    run = _run(personas, scenario)
    drawn = []
    original = charts.run_value_cost
    monkeypatch.setattr(charts, "run_value_cost", lambda rows: drawn.append(1) or original(rows))
    client = login(personas.member_a)
    first = client.get(reverse("run-chart", args=[run.pk])).content.decode()
    again = client.get(reverse("run-chart", args=[run.pk])).content.decode()
    assert 'id="value-cost-chart"' in first and first.count("value-cost-chart") == again.count("value-cost-chart")
    assert len(drawn) == 1  # drawn for the first reading, kept for the next
