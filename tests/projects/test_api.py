from __future__ import annotations

import json
from typing import Any

from byvekst.governance.models import User
from byvekst.projects.models import Project
from tests.conftest import Personas, answer_checklist, login


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
