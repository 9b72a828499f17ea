"""The audit trail cannot be rewritten quietly: hash chain, an HMAC per record with a key outside the database,
anchors outside the table (a file, approved minutes), triggers on SQLite and PostgreSQL, and on PostgreSQL an
application role that may only insert and read audit records."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from byvekst.audit.models import AppendOnlyError, AuditEvent
from byvekst.audit.services import GENESIS, _digest, _payload, mac_of, record, verify_chain, write_anchor

TRIGGERS = ("audit_no_update", "audit_no_delete")


def _tamper(sql: str, params: list[Any] | None = None) -> None:
    """Change rows behind the application's back, as someone with the database file or the owner's role can."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # the owner switches the trigger off
            cursor.execute(sql, params or [])
            cursor.execute("SET session_replication_role = DEFAULT")
        else:
            for name in TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(sql, params or [])
            migration = __import__("importlib").import_module("byvekst.audit.migrations.0005_sqlite_triggers")
            for up in migration.SQLITE_UP:
                cursor.execute(up)


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
    assert all(e.mac == mac_of(e.hash) for e in AuditEvent.objects.all())


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


def test_a_rehashed_chain_is_found_without_the_key(events: list[AuditEvent]) -> None:
    """Edit record 3 and recompute every hash after it, as someone who knows the algorithm but not the key."""
    _tamper("UPDATE audit_auditevent SET new = %s WHERE seq = %s", ['{"i": 99}', 3])
    prev = GENESIS
    for event in AuditEvent.objects.order_by("seq"):
        digest = _digest(prev, _payload(event))
        _tamper("UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE seq = %s", [prev, digest, event.seq])
        prev = digest
    report = verify_chain()
    assert not report.ok and report.broken_seq == 3 and "HMAC" in report.reason


def test_a_deleted_tail_is_found_against_the_anchor(events: list[AuditEvent]) -> None:
    call_command("audit", "anchor")
    _tamper("DELETE FROM audit_auditevent WHERE seq >= %s", [4])
    report = verify_chain()
    assert not report.ok and "#4–#5 are missing" in report.reason


def test_an_emptied_table_is_found_against_the_anchor(events: list[AuditEvent]) -> None:
    write_anchor()
    _tamper("DELETE FROM audit_auditevent")
    with pytest.raises(CommandError, match="empty"):
        call_command("audit", "verify")


def test_an_altered_anchor_is_found(events: list[AuditEvent]) -> None:
    write_anchor()
    path = Path(settings.BYVEKST_AUDIT_ANCHOR_FILE)
    anchor = json.loads(path.read_text())
    anchor["count"], anchor["last_seq"] = 3, 3
    path.write_text(json.dumps(anchor) + "\n")
    report = verify_chain()
    assert not report.ok and "not signed" in report.reason


def test_approved_minutes_carry_an_anchor(db: Any) -> None:
    from byvekst.cases.models import Meeting

    call_command("demo", stdout=__import__("io").StringIO())
    meeting = Meeting.objects.exclude(audit_anchor=None).latest("starts_at")
    assert meeting.audit_anchor["count"] > 0
    from byvekst.cases.documents import minutes_document

    assert any("Revisjonsspor" in getattr(b, "text", "") for b in minutes_document(meeting).blocks)
    assert verify_chain().anchors >= 1
    _tamper("DELETE FROM audit_auditevent WHERE seq > %s", [meeting.audit_anchor["last_seq"] - 2])
    assert not verify_chain().ok


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


def test_database_refuses_raw_update_and_delete(events: list[AuditEvent]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_label = 'x' WHERE seq = 1")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 1")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="roles are a PostgreSQL matter")
def test_the_application_role_may_only_insert_and_read_audit_records(events: list[AuditEvent]) -> None:
    role = f"byvekst_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
    try:
        call_command("audit", "grants", "--role", role, "--apply", stdout=__import__("io").StringIO())
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f'SET LOCAL ROLE "{role}"')
            record(actor=None, event_type="test.as_app", object_type="x", object_id="9")  # insert: allowed
            assert AuditEvent.objects.filter(event_type="test.as_app").exists()  # read: allowed
            with connection.cursor() as cursor:
                cursor.execute("RESET ROLE")  # a released savepoint keeps SET LOCAL until the test's transaction ends
        refused = [
            "UPDATE audit_auditevent SET actor_label = 'x' WHERE seq = 1",
            "DELETE FROM audit_auditevent WHERE seq = 1",
            "TRUNCATE audit_auditevent",
            "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_no_update",
            "DROP TRIGGER audit_no_update ON audit_auditevent",
            "SET session_replication_role = replica",
        ]
        for sql in refused:
            with (
                pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(f'SET LOCAL ROLE "{role}"')
                cursor.execute(sql)
        with transaction.atomic(), connection.cursor() as cursor:  # other tables: the application writes them
            cursor.execute(f'SET LOCAL ROLE "{role}"')
            cursor.execute("UPDATE core_counter SET value = value WHERE key = 'none'")
            cursor.execute("RESET ROLE")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


@pytest.mark.django_db(transaction=True)
def test_record_requires_a_transaction() -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        record(actor=None, event_type="t", object_type="x", object_id="1")


def test_a_batch_appends_one_chain_and_writes_it_at_the_end(db: Any) -> None:
    from byvekst.audit.services import appending

    record(actor=None, event_type="test.before", object_type="t", object_id="0")
    with transaction.atomic(), appending():
        for i in range(5):
            record(actor=None, event_type="test.batch", object_type="t", object_id=str(i))
            with appending():  # a nested batch joins the outer one
                record(actor=None, event_type="test.nested", object_type="t", object_id=str(i))
        assert AuditEvent.objects.count() == 1  # written together when the batch ends
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, 12))
    assert verify_chain().ok
    with pytest.raises(RuntimeError), transaction.atomic(), appending():
        record(actor=None, event_type="test.lost", object_type="t", object_id="x")
        raise RuntimeError("the change fails: nothing of the batch is kept")
    assert AuditEvent.objects.count() == 11 and verify_chain().ok
