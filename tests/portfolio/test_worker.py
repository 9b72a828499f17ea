"""The background worker: a heartbeat on the running run, a run whose worker died is taken back (queued again,
or failed with a reason after the allowed attempts), SIGTERM lets the run in hand finish, results are audited."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import threading
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from byvekst.audit.models import AuditEvent
from byvekst.portfolio import services
from byvekst.portfolio.models import Run
from tests.conftest import Personas


def died(run: Run, minutes: int = 5) -> None:
    """As if the worker holding the run was killed: running, with a heartbeat long ago."""
    Run.objects.filter(pk=run.pk).update(
        status="running", heartbeat_at=timezone.now() - dt.timedelta(minutes=minutes), attempts=run.attempts + 1
    )


def test_a_run_beats_while_it_runs_and_its_result_is_audited(scenario: Any, personas: Personas) -> None:
    run = services.run_enqueue(actor=personas.secretariat, scenario=scenario)
    claimed = services.claim_next()
    assert claimed is not None and claimed.pk == run.pk
    assert claimed.heartbeat_at is not None and claimed.worker and claimed.attempts == 1
    services.run_execute(claimed)
    event = AuditEvent.objects.get(event_type="run.finished", object_id=str(run.pk))
    assert event.new["status"] == "done" and event.new["result_status"] == "optimal"
    assert len(event.new["result_sha256"]) == 64


def test_a_run_whose_worker_died_is_queued_again_and_finished(scenario: Any, personas: Personas) -> None:
    run = services.run_enqueue(actor=personas.secretariat, scenario=scenario)
    died(run)
    assert services.work_once() == 1
    run.refresh_from_db()
    assert run.status == "done" and run.attempts == 2
    assert AuditEvent.objects.filter(event_type="run.requeued", object_id=str(run.pk)).exists()


def test_a_recent_heartbeat_is_left_alone(scenario: Any, personas: Personas) -> None:
    run = services.run_enqueue(actor=personas.secretariat, scenario=scenario)
    died(run, minutes=1)  # within BYVEKST_RUN_STALE_SECONDS (two minutes)
    assert services.work_once() == 0
    run.refresh_from_db()
    assert run.status == "running"


def test_after_the_allowed_attempts_the_run_fails_with_a_reason(scenario: Any, personas: Personas) -> None:
    run = services.run_enqueue(actor=personas.secretariat, scenario=scenario)
    Run.objects.filter(pk=run.pk).update(attempts=1)
    run.refresh_from_db()
    died(run)
    services.work_once()
    run.refresh_from_db()
    assert run.status == "failed" and "arbeideren stoppet" in run.message


@pytest.mark.skipif(connection.vendor == "sqlite", reason="another thread reads the run: a shared PostgreSQL database")
@pytest.mark.django_db(transaction=True)
def test_sigterm_lets_the_run_in_hand_finish(personas: Personas, scenario: Any) -> None:
    first = services.run_enqueue(actor=personas.secretariat, scenario=scenario)
    second = services.run_enqueue(actor=personas.secretariat, scenario=scenario)

    def stop_when_running() -> None:
        try:
            for _ in range(300):
                if Run.objects.filter(pk=first.pk, status="running").exists():
                    os.kill(os.getpid(), signal.SIGTERM)
                    return
                time.sleep(0.02)
        finally:
            connection.close()

    killer = threading.Thread(target=stop_when_running)
    killer.start()
    out = io.StringIO()
    call_command("worker", "--interval", "0.1", stdout=out)
    killer.join()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "done"
    assert second.status == "queued"  # the worker stopped before taking the next one
    assert "Stopped on request" in out.getvalue()
