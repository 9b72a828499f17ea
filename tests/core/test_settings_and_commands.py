from __future__ import annotations

import io
import os
import subprocess
import sys
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings

from byvekst.governance.models import User
from byvekst.settings import DEV_AUDIT_KEY, DEV_SECRET_KEY, check_production


def test_production_refuses_dev_key_short_key_debug_and_missing_audit_key() -> None:
    real = "a-real-secret-key-" + "of-some-length-" * 3
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        check_production("production", DEV_SECRET_KEY, False)
    with pytest.raises(ImproperlyConfigured, match="50 characters"):
        check_production("production", "short-key", False)
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        check_production("production", real, True)
    with pytest.raises(ImproperlyConfigured, match="BYVEKST_AUDIT_KEY"):
        check_production("production", real, False, DEV_AUDIT_KEY)
    check_production("production", real, False, "an-audit-key")
    check_production("development", DEV_SECRET_KEY, True, DEV_AUDIT_KEY)


def test_production_settings_refuse_to_import_with_dev_key() -> None:
    env = {**os.environ, "BYVEKST_ENV": "production", "DEBUG": "0"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-c", "import byvekst.settings"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_healthz(db: Any) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


def test_demo_logins_exist_only_after_demo(db: Any) -> None:
    assert not User.objects.filter(is_demo=True).exists()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "sekretariat" in out.getvalue() and "byvekst-demo" in out.getvalue()
    count = User.objects.filter(is_demo=True).count()
    assert count >= 6
    call_command("demo", stdout=io.StringIO())
    assert User.objects.filter(is_demo=True).count() == count
    call_command("audit", "verify", stdout=io.StringIO())


def test_the_scale_demo_adds_synthetic_sheets_once(db: Any) -> None:
    from byvekst.portfolio.models import Run
    from byvekst.projects.models import Project

    out = io.StringIO()
    call_command("demo", projects=30, stdout=out)
    synthetic = Project.objects.filter(external_id__startswith="SKALA-")
    assert synthetic.count() == 30 and not synthetic.exclude(status="kvalitetssikret").exists()
    assert all(p.versions.count() == 1 and p.risks.exists() for p in synthetic[:5])
    assert "30 synthetic sheets added" in out.getvalue()
    queued = Run.objects.get(scenario__name="Skalering: 30 syntetiske ark")
    assert queued.status == "queued" and queued.scenario.projects.count() >= 30
    call_command("demo", projects=30, stdout=io.StringIO())  # idempotent
    assert synthetic.count() == 30 and Run.objects.filter(scenario__name__startswith="Skalering").count() == 1
    call_command("demo", projects=40, stdout=io.StringIO())  # grows to the size asked for
    assert synthetic.count() == 40
    with pytest.raises(CommandError):
        call_command("demo", projects=-1)
    call_command("audit", "verify", stdout=io.StringIO())


@override_settings(ENVIRONMENT="production")
def test_demo_is_refused_in_production(db: Any) -> None:
    with pytest.raises(CommandError, match="production"):
        call_command("demo")
    assert not User.objects.exists()


def test_cli_dispatches_management_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "byvekst.cli", "help", "audit"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DATABASE_URL": "sqlite:///:memory:"},
    )
    assert result.returncode == 0 and "verify" in result.stdout


def test_demo_has_a_case_history_with_a_held_meeting(db: Any) -> None:
    from django.utils import timezone

    from byvekst.cases.models import Decision, Meeting, Treatment
    from byvekst.overview.status import implementation_status
    from byvekst.portfolio.models import ActionProgramme

    call_command("demo", stdout=io.StringIO())
    numbers = set(Decision.objects.values_list("number", flat=True))
    assert {"SG-2026-01", "PR-2026-01"} <= numbers
    assert Decision.objects.filter(number__startswith="PR-").exclude(reservations={}).exists()
    held = Meeting.objects.filter(status="held")
    assert held.filter(minutes_status__in=["approved", "published"]).count() >= 4
    assert Meeting.objects.filter(status="planned", starts_at__gt=timezone.now()).exists()  # the next meetings
    programme = ActionProgramme.objects.get(stage="adopted")
    versions = {v.stage: v for v in programme.versions.select_related("decision")}
    assert versions["recommendation"].decision.number.startswith("PR-")
    assert versions["decision"].decision.number.startswith("SG-")
    outside = Treatment.objects.filter(case=programme.case, body__isnull=False)
    assert {t.outcome_status for t in outside} == {"approved"} and outside.count() == 2
    lines = {line.key: line.state for line in implementation_status()}
    assert lines["case_history"] == "done" and lines["mandates"] == "done", lines


def test_a_connection_pool_on_postgresql_when_asked_for(tmp_path: Any) -> None:
    """BYVEKST_DB_POOL_MAX turns on psycopg's pool (and off persistent connections); the pool really lends a
    connection that answers."""
    url = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres").rsplit("/", 1)[0] + "/postgres"
    env = {**os.environ, "DATABASE_URL": url, "BYVEKST_DB_POOL_MAX": "4", "BYVEKST_HOME": str(tmp_path)}
    code = (
        "from django.db import connection; connection.ensure_connection();"
        "c = connection.cursor(); c.execute('select 1');"
        "print(type(connection.pool).__name__, connection.pool.max_size, connection.settings_dict['CONN_MAX_AGE'],"
        " c.fetchone()[0])"
    )
    done = subprocess.run(
        [sys.executable, "-m", "byvekst.cli", "shell", "--no-imports", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.split() == ["ConnectionPool", "4", "0", "1"], done.stderr
