"""Each audit record carries an HMAC of its hash with BYVEKST_AUDIT_KEY; existing records get theirs here.

The append-only trigger refuses the update, so the migration (run by the database owner) lifts it for the
duration on PostgreSQL; on SQLite there is no trigger yet (0005 adds it)."""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations, models


def sign(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    key = settings.AUDIT_KEY.encode()
    pg = schema_editor.connection.vendor == "postgresql"
    if pg:
        schema_editor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_no_update")
    for event in AuditEvent.objects.all().only("pk", "hash"):
        mac = hmac.new(key, event.hash.encode(), hashlib.sha256).hexdigest()
        AuditEvent.objects.filter(pk=event.pk).update(mac=mac)
    if pg:
        schema_editor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_no_update")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_triggers")]
    operations = [
        migrations.AddField(
            model_name="auditevent", name="mac", field=models.CharField(blank=True, max_length=64)
        ),
        migrations.RunPython(sign, migrations.RunPython.noop),
    ]
