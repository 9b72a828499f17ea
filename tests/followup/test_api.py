"""The follow-up from a script: report with a token, read the deviation it opened, send it to the Council, and
order, answer and close a deliverable."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from byvekst.followup.models import Deviation
from byvekst.governance import services as governance
from byvekst.governance.models import User
from byvekst.portfolio.models import ProgrammeVersion
from tests.conftest import Personas, login
from tests.followup.conftest import green, now_period


def _post(client: Client, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(url, json.dumps(body), "application/json", headers=headers)


def test_a_script_reports_and_the_deviation_goes_to_the_council(
    programme: ProgrammeVersion, personas: Personas, leader: User
) -> None:
    _token, secret = governance.api_token_create(actor=leader, user=leader, name="rapportering")
    bearer = {"Authorization": f"Bearer {secret}"}
    year, period = now_period()
    body = {**green(forecast_p50="150", forecast_p85="170"), "year": year, "period": period}
    client = Client()
    bad = _post(client, "/api/projects/A/reports", {**body, "percent_complete": 101, "light_goals": "blue"}, **bearer)
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["detail"]} == {"percent_complete", "light_goals"}
    made = _post(client, "/api/projects/A/reports", body, **bearer)
    assert made.status_code == 201, made.content
    report = made.json()
    assert report["version"] == 1 and report["lights"]["economy"] == "green" and report["adopted_cost"] == "100.00"
    again = _post(client, "/api/projects/A/reports", body, **bearer)
    assert again.status_code == 422 and again.json()["detail"][0]["field"] == "correction"
    listed = client.get("/api/reports", {"project": "A"}, headers=bearer).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == report["id"]
    deviations = client.get("/api/deviations", {"status": "open"}, headers=bearer).json()
    assert [d["rule"] for d in deviations["items"]] == ["cost"]
    pk = deviations["items"][0]["id"]
    assert "150,0" in deviations["items"][0]["description"] or "150.0" in deviations["items"][0]["description"]
    explained = _post(
        client, f"/api/deviations/{pk}/explanation", {"explanation": "Anbud", "measure": "Kutt"}, **bearer
    )
    assert explained.status_code == 200 and explained.json()["measure"] == "Kutt"
    assert _post(client, f"/api/deviations/{pk}/case", {}, **bearer).status_code == 403
    case = _post(login(personas.secretariat), f"/api/deviations/{pk}/case", {})
    assert case.status_code == 201
    assert Deviation.objects.get(pk=pk).case.number == case.json()["case"]  # type: ignore[union-attr]
    assert client.get(f"/api/deviations/{pk}", headers=bearer).json()["status"] == "in_treatment"
    assert Client().get("/api/deviations").status_code == 401
    assert client.get("/api/deviations", {"status": "nonsense"}, headers=bearer).status_code == 422


def test_orders_through_the_api(personas: Personas) -> None:
    secretariat, member = login(personas.secretariat), login(personas.member_a)
    body = {
        "title": "Kostnadsanslag",
        "deliverable": "Oppdatert anslag for delstrekning 2",
        "due": "2027-02-01",
        "report_form": "memo",
        "to_party": "bergen",
        "reference": "PR-sak 2026/4",
    }
    assert _post(member, "/api/orders", body).status_code == 403
    both = _post(secretariat, "/api/orders", {**body, "to_forum": "prioriteringsradet"})
    assert both.status_code == 422 and both.json()["detail"][0]["field"] == "to_party"
    order = _post(secretariat, "/api/orders", body).json()
    assert order["to"] and order["status"] == "sent" and order["overdue"] is False
    pk = order["id"]
    assert _post(member, f"/api/orders/{pk}/acknowledge", {}).json()["status"] == "acknowledged"
    assert _post(member, f"/api/orders/{pk}/report", {"report": ""}).status_code == 422
    assert _post(member, f"/api/orders/{pk}/report", {"report": "Sendt 20. januar."}).json()["status"] == "reported"
    assert _post(login(personas.member_b), f"/api/orders/{pk}/report", {"report": "x"}).status_code == 403
    closed = _post(secretariat, f"/api/orders/{pk}/close", {"note": "Tatt til etterretning."})
    assert closed.json()["status"] == "closed"
    assert member.get("/api/orders", {"status": "closed"}).json()["count"] == 1


def test_a_revision_run_from_a_script(programme: ProgrammeVersion, personas: Personas) -> None:
    from byvekst.portfolio import services as portfolio

    frame = portfolio.frame_create(
        actor=personas.secretariat, name="HP 2028–2029", first_year=2028, years=2, amounts={"bompenger": [100, 30]}
    )
    body = {"frame": frame.number, "name": "Rullering", "reason": "Årlig rullering"}
    assert _post(login(personas.member_a), "/api/revisions", body).status_code == 403
    assert _post(login(personas.secretariat), "/api/revisions", {**body, "reason": ""}).status_code == 422
    queued = _post(login(personas.secretariat), "/api/revisions", body)
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    assert _post(login(personas.secretariat), "/api/revisions", {**body, "frame": 999}).status_code == 404
