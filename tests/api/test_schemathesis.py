"""schemathesis over the whole OpenAPI description, seeded and bounded: as the secretariat with a token, and
anonymous. No answer may be a server error, and every answer must conform to the schema.

Path parameters are mostly real ids (a sheet, a case, a meeting, a scenario, a run …), so that the operations
are exercised past "not found"; the rest are whatever schemathesis makes up."""

from __future__ import annotations

import zlib
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from byvekst.cases import services as cases
from byvekst.governance.models import Forum, MandateVersion, User
from byvekst.governance.services import api_token_create
from byvekst.portfolio import services as portfolio
from byvekst.wsgi import application
from tests.conftest import Personas, answer_checklist

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
# Every check but "positive data acceptance": the schema cannot say which party slugs or project ids exist,
# so a schema-valid request may rightly be refused (404/422). Invalid data must still be rejected.
EXCLUDED = [positive_data_acceptance]
REAL: dict[str, Any] = {}
EXAMPLES = 100


@schema.hook
def map_case(context: Any, case: Any) -> Any:
    """Two cases in three use real ids (chosen by a hash of the generated ones, so the run stays seeded)."""
    params = case.path_parameters
    negative = case.meta is not None and case.meta.generation.mode.is_negative
    if REAL and params and not negative and zlib.crc32(repr(sorted(params.items())).encode()) % 3:
        resource = case.operation.path.split("/")[2]
        for name in params:
            value = REAL.get(f"{resource}.{name}", REAL.get(name))
            if value is not None:
                params[name] = value
    return case


@pytest.fixture(autouse=True, scope="module")
def _keep_the_test_connection() -> Any:
    """Django closes "old" database connections at the start and end of each request; the test's connection holds
    the test's transaction, so (as Django's own test client does) the WSGI calls here must not close it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(personas: Personas, checklist: Any, scenario: Any) -> Any:
    """A sheet with a frozen version, a case with a treatment, a meeting, a scenario with a queued run."""
    sheet = scenario.projects.order_by("code").first()
    answer_checklist(sheet, personas.secretariat)
    forum = Forum.objects.get(slug="prioriteringsradet")
    case = cases.case_open(actor=None, title="Sak", subject="annet", officer=personas.secretariat, year=2026)
    cases.treatment_add(actor=None, case=case, kind="drofting", forum=forum)
    meeting = cases.meeting_schedule(
        actor=None,
        forum=forum,
        starts_at=case.created_at,
        ends_at=case.created_at.replace(year=case.created_at.year + 1),
        place="Rådhuset",
    )
    run = portfolio.run_enqueue(actor=personas.secretariat, scenario=scenario)
    REAL.clear()
    REAL.update(
        {
            "code": sheet.code,
            "a": 1,
            "b": 1,
            "year": case.year,
            "seq": case.seq,
            "meetings.pk": meeting.pk,
            "scenarios.pk": scenario.pk,
            "runs.pk": run.pk,
            "mandates.pk": MandateVersion.objects.first().pk,  # type: ignore[union-attr]
            "forums.slug": forum.slug,
            "parties.slug": "bergen",
            "person": User.objects.first().username,  # type: ignore[union-attr]
        }
    )
    yield
    REAL.clear()


@pytest.fixture
def token(personas: Personas, world: Any) -> str:
    return api_token_create(actor=None, user=personas.secretariat, name="schemathesis")[1]


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_as_the_secretariat(case: Any, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=EXCLUDED)


@schema.parametrize()
@settings(max_examples=8, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_anonymous(case: Any, world: Any) -> None:
    case.call_and_validate(excluded_checks=EXCLUDED)
