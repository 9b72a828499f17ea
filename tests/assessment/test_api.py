"""The criteria API: criteria sets with their decision, weights per party under the same policy as the pages,
the aggregate, and scores proposed and reviewed."""

from __future__ import annotations

import json
from typing import Any

from byvekst.assessment import services
from byvekst.assessment.demo import CRITERIA, JUDGEMENTS
from byvekst.projects.models import Project
from tests.conftest import Personas, decide, login

CODES = [c["code"] for c in CRITERIA]
PAIRS = [f"{a}|{b}" for i, a in enumerate(CODES) for b in CODES[i + 1 :]]


def _send(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(body), "application/json")


def test_criteria_weights_and_scores(personas: Personas, project: Project) -> None:
    cs = services.criteria_set_create(actor=personas.secretariat, name="Kriterier 2027", criteria=CRITERIA)
    decision = decide(cs, subject="vurderingskriterier")
    reader = login(personas.member_b)
    listed = reader.get("/api/criteria-sets").json()
    assert listed[0]["decision"] == decision.number and [c["code"] for c in listed[0]["criteria"]] == CODES
    url = f"/api/criteria-sets/{cs.number}/weights"
    ahp = {"method": "ahp", "judgements": dict(zip(PAIRS, JUDGEMENTS["bergen"], strict=True))}
    assert _send(reader, "put", f"{url}/bergen", ahp).status_code == 403  # Askøy's planner, not Bergen's member
    council = login(personas.member_a)  # Bergen in the Prioritisation Council
    made = _send(council, "put", f"{url}/bergen", ahp)
    assert made.status_code == 200 and abs(sum(made.json()["weights"].values()) - 1) < 1e-9
    off_scale = {"method": "ahp", "judgements": {PAIRS[0]: 20}}
    assert _send(council, "put", f"{url}/bergen", off_scale).status_code == 422
    missing = _send(council, "put", f"{url}/bergen", {"method": "ahp", "judgements": {PAIRS[0]: 3}})
    assert missing.status_code == 422 and PAIRS[1] in {d["field"] for d in missing.json()["detail"]}
    swing = {"method": "swing", "points": dict.fromkeys(CODES, 50) | {CODES[0]: 100}}
    assert _send(login(personas.secretariat), "put", f"{url}/askoy", swing).status_code == 200
    assert council.post(f"/api/criteria-sets/{cs.number}/aggregate").status_code == 403
    aggregate = login(personas.secretariat).post(f"/api/criteria-sets/{cs.number}/aggregate").json()
    assert aggregate["party"] is None and aggregate["inputs"]["parties"] == ["bergen"]  # AHP parties only
    assert len(reader.get(url).json()) == 3

    scores = f"/api/projects/{project.code}/scores"
    score = {"criterion": "trafikksikkerhet", "value": 3, "justification": "Trygg skolevei for 300 elever."}
    assert _send(reader, "post", scores, score).status_code == 403  # not in the area's working group
    assert _send(council, "post", scores, {**score, "justification": ""}).status_code == 422
    assert _send(council, "post", scores, score).json()["status"] == "proposed"
    assert council.post(f"{scores}/trafikksikkerhet/review").status_code == 403
    assert login(personas.secretariat).post(f"{scores}/trafikksikkerhet/review").json()["status"] == "reviewed"
    assert council.get(scores).json()[0]["value"] == 3


def test_a_script_drafts_a_criteria_set(personas: Personas) -> None:
    client = login(personas.secretariat)
    body = {
        "name": "Kriterier fra skript",
        "criteria": [
            {
                "code": "reiser",
                "name": "Nye reiser",
                "kind": "computed",
                "source_field": "sustainable_trips",
                "reference": 1000,
                "missing": "mean",
            },
            {"code": "trygghet", "name": "Trafikksikkerhet", "kind": "judgement"},
        ],
    }
    made = client.post("/api/criteria-sets", json.dumps(body), content_type="application/json")
    assert made.status_code == 201, made.content
    assert [c["missing"] for c in made.json()["criteria"]] == ["mean", "zero"] and made.json()["status"] == "draft"
    twice = {**body, "criteria": [body["criteria"][1], body["criteria"][1]]}
    refused = client.post("/api/criteria-sets", json.dumps(twice), content_type="application/json")
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "criteria"
    no_source = {**body, "criteria": [{**body["criteria"][0], "source_field": ""}]}
    assert client.post("/api/criteria-sets", json.dumps(no_source), content_type="application/json").status_code == 422
    member = login(personas.member_a)
    assert member.post("/api/criteria-sets", json.dumps(body), content_type="application/json").status_code == 403


def test_the_ranking_in_pages_under_a_chosen_weight_set(personas: Personas) -> None:
    from byvekst.governance.models import Party
    from tests.conftest import approved_sheet

    cs = services.criteria_set_create(actor=personas.secretariat, name="K", criteria=CRITERIA)
    url = f"/api/criteria-sets/{cs.number}/ranking"
    reader = login(personas.member_b)
    none_yet = reader.get(url)
    assert none_yet.status_code == 422 and none_yet.json()["detail"][0]["field"] == "weights"
    trips = services.weights_direct(
        actor=personas.secretariat,
        criteria_set=cs,
        party=Party.objects.get(slug="sd"),
        values={c: (1 if c == "nullvekst" else 0) for c in CODES},
    )
    benefit = services.weights_direct(
        actor=personas.secretariat,
        criteria_set=cs,
        party=Party.objects.get(slug="bergen"),
        values={c: (1 if c == "nytte" else 0) for c in CODES},
    )
    for i in range(5):
        approved_sheet(personas, f"R{i}", "sentrum", 10, 100 * (5 - i), car_trips_per_day=-100 * i)
    by_trips = reader.get(url, {"weights": trips.pk, "limit": 2}).json()
    assert by_trips["count"] == 5 and [r["project"] for r in by_trips["items"]] == ["R4", "R3"]
    assert by_trips["items"][0]["place"] == 1 and by_trips["items"][0]["breakdown"]["nullvekst"] > 0
    rest = reader.get(url, {"weights": trips.pk, "limit": 2, "offset": 4}).json()
    assert [r["place"] for r in rest["items"]] == [5]
    by_benefit = reader.get(url, {"weights": benefit.pk}).json()
    assert [r["project"] for r in by_benefit["items"]][:2] == ["R0", "R1"]
    assert by_benefit["items"][0]["value_per_mnok"] == by_benefit["items"][0]["value"] / 10
    assert reader.get(url, {"weights": 999999}).status_code == 422
    assert reader.get(url, {"limit": 501}).status_code == 422
