"""SQLite refuses updates and deletes of audit records too (PostgreSQL has done so since 0003).

The test suite's flush of transactional tests lifts these triggers for its own DELETEs and puts them back
(tests/conftest.py); nothing in the application deletes audit records."""

from django.db import migrations

SQLITE_UP = [
    """CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit records are append-only (UPDATE refused)'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit records are append-only (DELETE refused)'); END""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_UP:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_mac")]
    operations = [migrations.RunPython(forwards, backwards)]
