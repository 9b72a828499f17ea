"""Writing and verifying the audit trail. Services call :func:`record` inside their own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from byvekst.audit.models import AuditEvent

GENESIS = "0" * 64


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The values of a model instance's concrete fields, ready for JSON (foreign keys as ids)."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _jsonable(getattr(obj, name)) for name in names}


def changed(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value differs, as (old, new)."""
    keys = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}


def _digest(prev_hash: str, payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def _payload(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at.astimezone(dt.UTC).isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "event_type": event.event_type,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "old": event.old,
        "new": event.new,
    }


def record(
    *,
    actor: Any,
    event_type: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction (the write it records)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside the transaction of the change it records")
    if connection.vendor == "postgresql":
        # Serialise appenders so that two transactions cannot both extend the same last record.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(7301)")
    last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        at=timezone.now().replace(microsecond=0),
        actor=user,
        actor_label=(user.get_username() if user else "system"),
        event_type=event_type,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:300],
        old=_jsonable(old) if old is not None else None,
        new=_jsonable(new) if new is not None else None,
        prev_hash=last.hash if last else GENESIS,
    )
    event.hash = _digest(event.prev_hash, _payload(event))
    event.save()
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify_chain() -> ChainReport:
    """Recompute every hash in order; name the first record whose content or link does not match."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return ChainReport(False, checked, expected_seq, f"record #{expected_seq} is missing")
        if event.prev_hash != prev:
            return ChainReport(False, checked, event.seq, "its link to the previous record does not match")
        if _digest(prev, _payload(event)) != event.hash:
            return ChainReport(False, checked, event.seq, "its content does not match its hash (altered)")
        prev = event.hash
        expected_seq += 1
        checked += 1
    return ChainReport(True, checked)
