from __future__ import annotations

import json
from typing import Any

from django.test import Client

from byvekst.governance.models import Party, User
from byvekst.projects import services
from byvekst.projects.models import Project
from tests.conftest import Personas, answer_checklist, full_data, login


def _post(client: Any, url: str, body: Any, method: str = "post") -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


BODY = {
    "title": "Fortau Nordnes",
    "owner": "bergen",
    "area_code": "sentrum",
    "programme_area_code": "gst",
    "focus_area_codes": ["gange-sykkel"],
    "cost_p10": 9,
    "cost_p50": 10,
    "cost_p85": 12,
    "price_year": 2026,
    "cost_profile": [4, 6],
    "funding": {"bompenger": 100},
    "earliest_start": 2027,
    "latest_start": 2028,
    "description": "Fortau",
    "need": "Skolevei",
}


def test_create_update_conflict_submit(personas: Personas, leader: User, checklist: Any) -> None:
    client = login(personas.member_a)
    response = _post(client, "/api/projects", BODY)
    assert response.status_code == 201, response.content
    code, lock = response.json()["code"], response.json()["lock_version"]
    ok = _post(client, f"/api/projects/{code}", {**BODY, "need": "Ny", "lock_version": lock}, "put")
    assert ok.status_code == 200 and ok.json()["lock_version"] == lock + 1
    stale = _post(client, f"/api/projects/{code}", {**BODY, "need": "Gammel", "lock_version": lock}, "put")
    assert stale.status_code == 409 and stale.json()["current"]["need"] == "Ny"
    bad = _post(client, f"/api/projects/{code}", {**BODY, "cost_p10": 20, "lock_version": lock + 1}, "put")
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "cost_p10"
    assert _post(client, f"/api/projects/{code}/submit", {}).status_code == 403  # members do not submit
    answer_checklist(Project.objects.get(code=code), leader)
    submitted = _post(login(leader), f"/api/projects/{code}/submit", {})
    assert submitted.status_code == 200 and submitted.json()["status"] == "innsendt"
    versions = client.get(f"/api/projects/{code}/versions").json()
    assert versions[0]["number"] == 1 and versions[0]["snapshot"]["need"] == "Ny"


def test_validation_and_unknown_references(personas: Personas) -> None:
    client = login(personas.member_a)
    response = _post(client, "/api/projects", {**BODY, "funding": {"bompenger": 90}})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "funding"
    response = _post(client, "/api/projects", {**BODY, "requires": ["XX-1"]})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "requires"
    assert login(personas.outsider).get("/api/projects/NOPE").status_code == 404
    assert _post(login(personas.outsider), "/api/projects", BODY).status_code == 403


def test_party_boundaries_and_the_owner_change(personas: Personas) -> None:
    """A planner writes sheets only for the party they represent; moving a sheet is the secretariat's step."""
    planner = login(personas.member_a)  # Bergen in Arbeidsgruppe Bergen sentrum
    assert _post(planner, "/api/projects", {**BODY, "owner": "askoy"}).status_code == 403
    made = _post(planner, "/api/projects", BODY).json()
    moved = _post(
        planner,
        f"/api/projects/{made['code']}",
        {**BODY, "owner": "askoy", "lock_version": made["lock_version"]},
        "put",
    )
    assert moved.status_code == 422 and moved.json()["detail"][0]["field"] == "owner"
    body = {"owner": "askoy", "reason": "Askøy bygger og eier anlegget"}
    assert _post(planner, f"/api/projects/{made['code']}/owner", body).status_code == 403
    secretariat = login(personas.secretariat)
    assert _post(secretariat, f"/api/projects/{made['code']}/owner", {**body, "reason": ""}).status_code == 422
    changed = _post(secretariat, f"/api/projects/{made['code']}/owner", body)
    assert changed.status_code == 200 and changed.json()["owner"] == "askoy"
    from byvekst.audit.models import AuditEvent

    event = AuditEvent.objects.get(event_type="project.owner_changed")
    assert event.old == {"owner": "Bergen kommune"} and event.new["reason"] == "Askøy bygger og eier anlegget"
    # The draft now belongs to Askøy: Bergen's planner reads it as a member of the area's group, but edits no more.
    lock = changed.json()["lock_version"]
    assert _post(planner, f"/api/projects/{made['code']}", {**BODY, "lock_version": lock}, "put").status_code == 403


def test_get_is_the_whole_sheet_and_put_takes_it_back_unchanged(personas: Personas, checklist: Any) -> None:
    bergen = Party.objects.get(slug="bergen")
    other = services.project_create(actor=personas.secretariat, owner=bergen, area_code="sentrum", title="Annet")
    project = services.project_create(
        actor=personas.member_a, owner=bergen, area_code="sentrum", title="Fortau", data=full_data(requires=[other])
    )
    client = login(personas.member_a)
    first = client.get(f"/api/projects/{project.code}").json()
    assert set(services.SHEET_FIELDS) - {"owner_id"} <= set(first) and first["requires"] == [other.code]
    assert first["external_id"] == "Fv. 5030 hp 1 m 200" and first["impacts"]["trafikksikkerhet"]["grade"] == 2
    put = _post(client, f"/api/projects/{project.code}", first, "put")
    assert put.status_code == 200, put.content
    second = client.get(f"/api/projects/{project.code}").json()
    assert {**second, "lock_version": first["lock_version"]} == first  # nothing changed but the lock
    assert services.snapshot(Project.objects.get(pk=project.pk))["cost_p50"] == "100"
    page = client.get(f"/prosjekter/{project.code}/").content.decode()
    assert "110,0 / 100,0 MNOK" in page and "10,0 mindre enn søkt" in page  # requested against granted


def test_codes_let_a_script_check_before_it_sends(personas: Personas) -> None:
    codes = login(personas.member_b).get("/api/codes").json()
    assert {"code": "bergen", "name": "Bergen kommune"} in codes["parties"]
    assert "sentrum" in {a["code"] for a in codes["areas"]}
    assert {"code": "bompenger", "name": "Bompenger"} in codes["funding_sources"]  # names in the reader's language
    assert {p["code"] for p in codes["phases"]} >= {"ide", "regulering"}
    assert Client().get("/api/codes").status_code == 401


def test_an_owners_own_id_names_one_sheet(personas: Personas, checklist: Any) -> None:
    client = login(personas.member_a)
    made = _post(client, "/api/projects", {**BODY, "external_id": "K-17"})
    assert made.status_code == 201
    twice = _post(client, "/api/projects", {**BODY, "external_id": "K-17"})
    assert twice.status_code == 422 and twice.json()["detail"][0]["field"] == "external_id"


def test_the_project_list_answers_in_bounded_pages(personas: Personas, checklist: Any) -> None:
    client = login(personas.member_a)
    for i in range(5):
        assert _post(client, "/api/projects", {**BODY, "title": f"Fortau {i}"}).status_code == 201
    first = client.get("/api/projects", {"limit": 2}).json()
    assert first["count"] == 5 and len(first["items"]) == 2 and first["limit"] == 2
    rest = client.get("/api/projects", {"limit": 2, "offset": 4}).json()
    assert [p["title"] for p in rest["items"]] == ["Fortau 4"]
    assert client.get("/api/projects", {"limit": 100_000}).status_code == 422  # no unbounded answers
