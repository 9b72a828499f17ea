"""The audit trail: append-only and hash-chained (after Noark 5's endringslogg/hendelseslogg).

Each record's ``hash`` is SHA-256 over the previous record's hash and this record's canonical content, so an
edit or deletion behind the application's back breaks the chain at that record; ``mac`` is an HMAC of the
hash with a key that is not in the database (``BYVEKST_AUDIT_KEY``), so a chain rewritten and re-hashed by
someone with database access but without the key is found too. Anchors (``byvekst audit anchor``, and each
approved set of minutes) record the chain's length and last hash outside the table, so a deleted tail or an
emptied table is found. ``byvekst audit verify`` (:func:`byvekst.audit.services.verify_chain`) checks all of
it. The application refuses updates and deletes; the database refuses them too, by triggers (migrations 0003
and 0005), and on PostgreSQL the application's own role may only insert and read (docs/admin-guide.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit record."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit records cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit records cannot be deleted.")


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    actor_label = models.CharField(max_length=200)
    event_type = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=300)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    mac = models.CharField(max_length=64, blank=True)  # HMAC-SHA256 of ``hash`` with BYVEKST_AUDIT_KEY

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event_type} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit records cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit records cannot be deleted.")
