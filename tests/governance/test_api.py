from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from byvekst.governance import services
from byvekst.governance.models import Forum, Membership
from tests.conftest import Personas, login


def _json(client: Client, method: str, url: str, body: Any = None, **extra: Any) -> Any:
    data = body if isinstance(body, str) else json.dumps(body) if body is not None else None
    return getattr(client, method)(url, data=data, content_type="application/json", **extra)


def test_unauthenticated_is_401(config: None) -> None:
    response = Client().get("/api/forums")
    assert response.status_code == 401 and "detail" in response.json()


def test_openapi_and_docs_are_served(db: Any) -> None:
    spec = Client().get("/api/openapi.json").json()
    assert "/api/forums" in spec["paths"] and "/api/memberships" in spec["paths"]
    docs = Client().get("/api/docs")
    assert docs.status_code == 200 and '<html lang="en">' in docs.content.decode()  # WCAG 3.1.1


def test_list_forums_and_mandates(personas: Personas) -> None:
    client = login(personas.member_b)
    forums = client.get("/api/forums").json()
    council = next(f for f in forums if f["slug"] == "prioriteringsradet")
    assert council["reports_to"] == "styringsgruppen" and council["current_mandate"]
    old = next(f for f in forums if f["slug"] == "arbeidsutvalget")
    assert old["replaced_by"] == "samordningsfunksjonen" and old["ended_on"]
    versions = client.get("/api/forums/prioriteringsradet/mandates").json()
    assert versions[0]["status"] == "agreed"


def test_unknown_forum_is_404(personas: Personas) -> None:
    assert login(personas.member_a).get("/api/forums/nope").status_code == 404


def test_membership_create_forbidden_for_non_secretariat(personas: Personas) -> None:
    body = {"person": "out", "forum": "prioriteringsradet", "role": "medlem", "start": "2027-01-01"}
    response = _json(login(personas.member_a), "post", "/api/memberships", body)
    assert response.status_code == 403


def test_membership_conflict_is_422_naming_the_field(personas: Personas) -> None:
    body = {"person": "obs", "forum": "prioriteringsradet", "role": "medlem", "start": "2027-01-01"}
    response = _json(login(personas.secretariat), "post", "/api/memberships", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "role"


def test_schema_error_is_422_naming_the_field(personas: Personas) -> None:
    body = {"person": "out", "forum": "prioriteringsradet", "role": "king", "start": "not a date"}
    response = _json(login(personas.secretariat), "post", "/api/memberships", body)
    assert response.status_code == 422
    fields = {d["field"] for d in response.json()["detail"]}
    assert {"role", "start"} <= fields


def test_malformed_json_is_400_with_position(personas: Personas) -> None:
    response = _json(login(personas.secretariat), "post", "/api/memberships", '{"person": "out",, }')
    assert response.status_code == 400
    message = response.json()["detail"][0]["message"]
    assert "not valid JSON" in message and "line 1" in message


def test_token_auth_and_membership_create(personas: Personas) -> None:
    _token, plain = services.api_token_create(actor=personas.secretariat, user=personas.secretariat, name="script")
    body = {"person": "out", "forum": "prioriteringsradet", "party": "bergen", "role": "medlem", "start": "2027-01-01"}
    response = _json(Client(), "post", "/api/memberships", body, HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert response.status_code == 201, response.content
    assert response.json()["party"] == "bergen"
    assert Membership.objects.filter(person=personas.outsider, forum__slug="prioriteringsradet").exists()
    bad = _json(Client(), "get", "/api/forums", HTTP_AUTHORIZATION="Bearer wrong")
    assert bad.status_code == 401


def test_session_post_needs_csrf(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.secretariat)
    body = {"person": "out", "forum": "prioriteringsradet", "role": "medlem", "start": "2027-01-01"}
    assert _json(client, "post", "/api/memberships", body).status_code in (401, 403)


def test_mandate_draft_update_agree_through_api(personas: Personas) -> None:
    client = login(personas.secretariat)
    response = _json(
        client, "post", "/api/forums/kommunikasjonsnettverket/mandates", {"purpose": "", "responsibilities": "x"}
    )
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "purpose"
    response = _json(
        client,
        "post",
        "/api/forums/kommunikasjonsnettverket/mandates",
        {"purpose": "Formål", "responsibilities": "Ansvar"},
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    assert _json(client, "post", f"/api/mandates/{pk}/agree", {}).status_code == 404  # agreed only by decisions
    assert client.get(f"/api/mandates/{pk}").json()["decision"] == ""
    opened = _json(
        client,
        "post",
        "/api/cases",
        {"title": "Mandat", "subject": "mandat", "officer": "sek", "targets": [f"governance.mandateversion:{pk}"]},
    )
    assert opened.status_code == 201 and opened.json()["targets"][0]["target_id"] == str(pk)
    # Observers of another forum may not read this draft; it does not exist for them.
    assert login(personas.observer).get(f"/api/mandates/{pk}").status_code == 404


@pytest.mark.parametrize("extra", [0, 30])
def test_membership_list_queries_are_bounded(
    personas: Personas, extra: int, django_assert_max_num_queries: Any
) -> None:
    from tests.factories import UserFactory

    forum = Forum.objects.get(slug="styringsgruppen")
    for _ in range(extra):
        services.membership_create(
            actor=personas.secretariat,
            person=UserFactory(),
            forum=forum,
            party=None,
            role="medlem",
            start=forum.started_on,
        )
    client = login(personas.member_a)
    with django_assert_max_num_queries(4):
        assert client.get("/api/memberships").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/forums").status_code == 200


def test_a_party_edits_only_its_own_contact(personas: Personas) -> None:
    body = json.dumps({"contact": "postmottak@bergen.kommune.no"})
    ok = login(personas.member_a).patch("/api/parties/bergen", data=body, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["contact"] == "postmottak@bergen.kommune.no"
    refused = login(personas.member_b).patch("/api/parties/bergen", data=body, content_type="application/json")
    assert refused.status_code == 403
    from byvekst.audit.models import AuditEvent

    assert AuditEvent.objects.filter(event_type="party.updated").count() == 1


def test_configuration_versions_carry_their_decision(personas: Personas) -> None:
    from byvekst.cases.models import Decision

    versions = login(personas.member_a).get("/api/configurations").json()
    first = versions[-1]
    assert first["status"] == "adopted" and first["decision"].startswith("SG-")
    assert Decision.objects.filter(number=first["decision"]).exists()
    assert {a["code"] for a in first["areas"]} >= {"sentrum", "vest"}
    assert Client().get("/api/configurations").status_code == 401
