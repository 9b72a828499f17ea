from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from byvekst.audit.models import AppendOnlyError, AuditEvent
from byvekst.audit.services import record, verify_chain


def _tamper(sql: str, params: list[Any]) -> None:
    """Change a row behind the application's back, as a database administrator could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser can switch off the append-only trigger for the session; the chain still notices.
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET session_replication_role = DEFAULT")
        else:
            cursor.execute(sql, params)


@pytest.fixture
def events(db: Any) -> list[AuditEvent]:
    with transaction.atomic():
        return [
            record(actor=None, event_type="test.event", object_type="x", object_id=str(i), new={"i": i})
            for i in range(5)
        ]


def test_intact_chain_verifies(events: list[AuditEvent], capsys: Any) -> None:
    assert verify_chain().ok
    call_command("audit", "verify")
    assert "5 records verified" in capsys.readouterr().out


def test_altered_row_is_found_and_named(events: list[AuditEvent]) -> None:
    _tamper("UPDATE audit_auditevent SET new = %s WHERE seq = %s", ['{"i": 99}', 3])
    report = verify_chain()
    assert not report.ok and report.broken_seq == 3
    with pytest.raises(CommandError, match="record #3"):
        call_command("audit", "verify")


def test_deleted_row_is_found(events: list[AuditEvent]) -> None:
    _tamper("DELETE FROM audit_auditevent WHERE seq = %s", [2])
    report = verify_chain()
    assert not report.ok and report.broken_seq == 2


def test_application_cannot_update_or_delete(events: list[AuditEvent]) -> None:
    event = events[0]
    event.actor_label = "someone else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(seq=1).update(actor_label="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_database_refuses_raw_update(events: list[AuditEvent]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_label = 'x' WHERE seq = 1")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 1")


@pytest.mark.django_db(transaction=True)
def test_record_requires_a_transaction() -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        record(actor=None, event_type="t", object_type="x", object_id="1")
