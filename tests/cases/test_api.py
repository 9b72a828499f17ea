"""The cases API beyond opening cases: the decision register, closed meetings (409), corrections, case papers,
comments by observers, anchoring and outside bodies' outcomes — each through the same services and policy as
the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from byvekst.assessment import services as assessment
from byvekst.assessment.demo import CRITERIA
from byvekst.audit.models import AuditEvent
from byvekst.cases import services
from byvekst.cases.models import Meeting, Treatment
from byvekst.governance.models import Forum, OutsideBody
from tests.cases.conftest import PAPER
from tests.conftest import Personas, decide, login


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), "application/json")


def test_decision_register_lists_what_each_decision_changed(personas: Personas) -> None:
    criteria = assessment.criteria_set_create(actor=personas.secretariat, name="Kriterier", criteria=CRITERIA)
    decision = decide(criteria, subject="vurderingskriterier")
    client = login(personas.member_b)
    page = client.get("/api/decisions", {"forum": "styringsgruppen"}).json()
    assert page["count"] >= 2 and {d["number"] for d in page["items"]} >= {"SG-2026-01", decision.number}
    one = client.get(f"/api/decisions/{decision.number}").json()
    assert one["forum"] == "styringsgruppen" and one["kind"] == "vedtak" and one["decided_on"]
    assert one["changed"] == [
        {
            "target_type": "assessment.criteriaset",
            "target_id": str(criteria.pk),
            "action": "adopt",
            "title": str(criteria),
            "description": one["changed"][0]["description"],
        }
    ]
    assert client.get(f"/api/criteria-sets/{criteria.number}").json()["decision"] == decision.number
    assert client.get("/api/decisions/SG-1999-01").status_code == 404
    assert Client().get("/api/decisions").status_code == 401


def test_a_closed_meeting_answers_409_and_takes_corrections(closed: Meeting, personas: Personas) -> None:
    client = login(personas.secretariat)
    changed = _post(client, f"/api/meetings/{closed.pk}/attendance", {"statuses": {"a": "absent"}})
    assert changed.status_code == 409 and "godkjent" in changed.json()["detail"][0]["message"]
    assert closed.attendance.get(person=personas.member_a).status == "present"
    assert _post(client, f"/api/meetings/{closed.pk}/close", {}).status_code == 409
    blank = _post(client, f"/api/meetings/{closed.pk}/amendments", {"reason": "", "text": "x"})
    assert blank.status_code == 422
    made = _post(
        client,
        f"/api/meetings/{closed.pk}/amendments",
        {"reason": "Feil navn i protokollen", "text": "Rett: Espen Halvorsen møtte for Bergen."},
    )
    assert made.status_code == 201 and made.json()["author"]
    minutes = client.get(f"/api/meetings/{closed.pk}/minutes").json()
    assert minutes["status"] == "approved" and minutes["amendments"][0]["reason"] == "Feil navn i protokollen"
    assert AuditEvent.objects.filter(event_type="minutes.amended", object_id=str(closed.pk)).count() == 1
    observer = login(personas.observer)
    assert _post(observer, f"/api/meetings/{closed.pk}/amendments", {"reason": "x", "text": "y"}).status_code == 403


def test_minutes_through_the_api(treatment: Treatment, held: Meeting, personas: Personas) -> None:
    client = login(personas.secretariat)
    assert _post(client, f"/api/meetings/{held.pk}/close", {}).json()["minutes_status"] == "draft"
    assert login(personas.member_b).get(f"/api/meetings/{held.pk}/minutes").status_code == 403  # a draft
    assert login(personas.observer).get(f"/api/meetings/{held.pk}/minutes").status_code == 200  # a participant
    early = _post(client, f"/api/meetings/{held.pk}/minutes/approve", {})
    assert early.status_code == 422  # not circulated with a deadline that has passed
    today = held.starts_at.date().isoformat()
    assert _post(client, f"/api/meetings/{held.pk}/minutes/circulate", {"deadline": today}).status_code == 200
    approved = _post(client, f"/api/meetings/{held.pk}/minutes/approve", {}).json()
    assert approved["closed"] is True
    assert _post(client, f"/api/meetings/{held.pk}/minutes/publish", {}).json()["minutes_status"] == "published"
    assert login(personas.member_b).get(f"/api/meetings/{held.pk}/minutes").status_code == 200


def test_papers_comments_and_anchoring(treatment: Treatment, personas: Personas) -> None:
    url = f"/api/treatments/{treatment.pk}"
    assert login(personas.outsider).get(f"{url}/paper").status_code == 403  # in no forum that treats the case
    paper = login(personas.observer).get(f"{url}/paper").json()
    assert paper["final"] is True and paper["why"] == PAPER["why"]
    comment = _post(login(personas.observer), f"{url}/comments", {"text": "KDD ber om tall for 2030."})
    assert comment.status_code == 201  # the observers' mandate: read and comment
    assert _post(login(personas.member_b), f"{url}/comments", {"text": "x"}).status_code == 403
    assert _post(login(personas.observer), f"{url}/comments", {"text": ""}).status_code == 422
    assert [c["text"] for c in login(personas.member_a).get(f"{url}/comments").json()] == ["KDD ber om tall for 2030."]
    secretariat = login(personas.secretariat)
    saved = client_put(secretariat, f"{url}/paper", {**PAPER, "positions": "SD er uenig om 2029.", "finalise": True})
    assert saved["positions"] == "SD er uenig om 2029."
    partly = _post(login(personas.member_a), f"{url}/anchoring", {"party": "bergen", "status": "delvis"})
    assert partly.status_code == 422  # "partly" says what is missing
    ok = _post(login(personas.member_a), f"{url}/anchoring", {"party": "bergen", "status": "ja"})
    assert ok.json() == {"party": "bergen", "status": "ja", "comment": ""}
    assert _post(login(personas.member_a), f"{url}/anchoring", {"party": "sd", "status": "ja"}).status_code == 403


def client_put(client: Client, url: str, body: dict[str, Any]) -> Any:
    response = client.put(url, json.dumps(body), "application/json")
    assert response.status_code == 200, response.content
    return response.json()


def test_outside_bodies_outcome(treatment: Treatment, personas: Personas) -> None:
    bystyret = OutsideBody.objects.get(slug="bystyret-bergen")
    outside = services.treatment_add(actor=personas.secretariat, case=treatment.case, kind="vedtak", body=bystyret)
    client = login(personas.secretariat)
    on_forum = _post(client, f"/api/treatments/{treatment.pk}/outcome", {"outcome": "approved", "on": "2026-11-20"})
    assert on_forum.status_code == 422  # a forum of Miljøløftet decides in a meeting
    bad_link = {"outcome": "approved", "on": "2026-11-20", "link": "javascript:alert(1)"}
    assert _post(client, f"/api/treatments/{outside.pk}/outcome", bad_link).status_code == 422
    body = {
        "outcome": "changed",
        "on": "2026-11-20",
        "reference": "2026/4411",
        "link": "https://www.bergen.kommune.no/",
    }
    made = _post(client, f"/api/treatments/{outside.pk}/outcome", body).json()
    assert made["body"] == "Bystyret i Bergen" and made["outcome_status"] == "changed"
    assert _post(client, f"/api/treatments/{outside.pk}/outcome", body).status_code == 422  # recorded once
    assert _post(login(personas.member_a), f"/api/treatments/{outside.pk}/outcome", body).status_code == 403


@pytest.mark.parametrize("extra", [2, 40])
def test_case_and_meeting_lists_take_the_same_queries_at_any_size(
    extra: int, council: Forum, personas: Personas, django_assert_max_num_queries: Any
) -> None:
    for i in range(extra):
        case = services.case_open(
            actor=personas.secretariat, title=f"Sak {i}", subject="annet", officer=personas.secretariat, year=2027
        )
        services.treatment_add(actor=personas.secretariat, case=case, kind="drofting", forum=council)
    client = login(personas.outsider)
    with django_assert_max_num_queries(8):
        assert client.get("/api/cases").json()["count"] >= extra
    with django_assert_max_num_queries(14):
        assert client.get(reverse("case-list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/meetings").status_code == 200
