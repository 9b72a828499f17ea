"""Writing and verifying the audit trail. Services call :func:`record` inside their own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
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


def mac_of(text: str) -> str:
    """HMAC-SHA256 with the audit key (from the environment, never in the database)."""
    return hmac.new(settings.AUDIT_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


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


# While a batch appends (one transaction holding the chain's lock), the end of the chain is kept here instead of
# being read back before every record, and the records are written together when the batch ends: an import of
# thousands of sheets appends without a lookup or an insert per sheet.
_BATCH: ContextVar[_Batch | None] = ContextVar("audit_batch", default=None)


@dataclass
class _Batch:
    seq: int = -1
    hash: str = ""
    pending: list[AuditEvent] = field(default_factory=list)


@contextmanager
def appending() -> Iterator[None]:
    """Append many records in one transaction: the chain is locked once, its end kept in memory, and the
    records inserted together at the end. Nested batches join the outer one."""
    if _BATCH.get() is not None:
        yield
        return
    with transaction.atomic():
        batch = _Batch()
        token = _BATCH.set(batch)
        try:
            yield
        finally:
            _BATCH.reset(token)
        AuditEvent.objects.bulk_create(batch.pending, batch_size=1000)


def _head() -> tuple[int, str]:
    """(seq, hash) of the last record, under the chain's lock."""
    batch = _BATCH.get()
    if batch is not None and batch.seq >= 0:
        return batch.seq, batch.hash
    if connection.vendor == "postgresql":
        # Serialise appenders so that two transactions cannot both extend the same last record.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(7301)")
    last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    return (last.seq, last.hash) if last else (0, GENESIS)


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
    seq, prev_hash = _head()
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        seq=seq + 1,
        at=timezone.now().replace(microsecond=0),
        actor=user,
        actor_label=(user.get_username() if user else "system"),
        event_type=event_type,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:300],
        old=_jsonable(old) if old is not None else None,
        new=_jsonable(new) if new is not None else None,
        prev_hash=prev_hash,
    )
    event.hash = _digest(event.prev_hash, _payload(event))
    event.mac = mac_of(event.hash)
    batch = _BATCH.get()
    if batch is None:
        event.save()
    else:
        batch.seq, batch.hash = event.seq, event.hash
        batch.pending.append(event)
    return event


@dataclass(frozen=True)
class Anchor:
    """A checkpoint of the chain kept outside the table: how long it was and how it ended, signed."""

    at: str
    count: int
    last_seq: int
    last_hash: str
    mac: str = ""
    source: str = ""

    def signed_text(self) -> str:
        return f"{self.at}|{self.count}|{self.last_seq}|{self.last_hash}"

    @property
    def authentic(self) -> bool:
        return hmac.compare_digest(self.mac, mac_of(self.signed_text()))

    def as_line(self) -> str:
        """One line for a document (the minutes) that carries the anchor."""
        return (
            f"Revisjonsspor: {self.count} poster, siste #{self.last_seq} {self.last_hash[:16]}… (HMAC {self.mac[:16]}…)"
        )


def anchor_now(source: str) -> Anchor:
    last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    anchor = Anchor(
        at=timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
        count=AuditEvent.objects.count(),
        last_seq=last.seq if last else 0,
        last_hash=last.hash if last else GENESIS,
        source=source,
    )
    return Anchor(**{**asdict(anchor), "mac": mac_of(anchor.signed_text())})


def anchor_file() -> Path:
    return Path(settings.BYVEKST_AUDIT_ANCHOR_FILE)


def write_anchor() -> Anchor:
    """Append a checkpoint to the anchor file (``byvekst audit anchor``; run it from a timer)."""
    anchor = anchor_now("file")
    path = anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(asdict(anchor), sort_keys=True) + "\n")
    return anchor


def _file_anchors() -> Iterable[Anchor]:
    path = anchor_file()
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(Anchor(**{**json.loads(line), "source": "file"}))
    return out


# Other places keep anchors too (approved minutes); their apps register a reader here, so that this bottom
# layer needs to import none of them.
ANCHOR_SOURCES: list[Callable[[], Iterable[Anchor]]] = [_file_anchors]


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    anchors: int = 0


def verify_chain() -> ChainReport:
    """Recompute every hash and HMAC in order; name the first record whose content, link or HMAC does not match;
    then hold the chain against every anchor kept outside the table."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    hashes: dict[int, str] = {}
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return ChainReport(False, checked, expected_seq, f"record #{expected_seq} is missing")
        if event.prev_hash != prev:
            return ChainReport(False, checked, event.seq, "its link to the previous record does not match")
        if _digest(prev, _payload(event)) != event.hash:
            return ChainReport(False, checked, event.seq, "its content does not match its hash (altered)")
        if not hmac.compare_digest(event.mac, mac_of(event.hash)):
            return ChainReport(
                False, checked, event.seq, "its HMAC does not match: the chain was rewritten without the audit key"
            )
        hashes[event.seq] = event.hash
        prev = event.hash
        expected_seq += 1
        checked += 1
    anchors = [a for source in ANCHOR_SOURCES for a in source()]
    for anchor in sorted(anchors, key=lambda a: a.last_seq, reverse=True):
        where = f"the anchor of {anchor.at} ({anchor.source})"
        if not anchor.authentic:
            return ChainReport(False, checked, None, f"{where} is not signed with the audit key (altered)")
        if checked == 0 and anchor.count > 0:
            return ChainReport(False, 0, 1, f"the audit table is empty, but {where} counted {anchor.count} records")
        if anchor.last_seq > checked:
            return ChainReport(
                False,
                checked,
                checked + 1,
                f"records #{checked + 1}–#{anchor.last_seq} are missing: {where} ends at #{anchor.last_seq}",
            )
        if anchor.last_seq and hashes.get(anchor.last_seq) != anchor.last_hash:
            return ChainReport(
                False, checked, anchor.last_seq, f"record #{anchor.last_seq} differs from {where} (re-hashed chain)"
            )
    return ChainReport(True, checked, anchors=len(anchors))


def app_role_grants(role: str) -> list[str]:
    """SQL that gives the application's PostgreSQL role everything it needs, and on the audit table only INSERT
    and SELECT. The owner (who runs migrations) keeps the table and its trigger; a role that does not own a table
    cannot disable its triggers, so the application cannot switch off the append-only rule."""
    if not role.replace("_", "").isalnum():
        raise ValueError("a role name of letters, digits and underscores")
    quoted = f'"{role}"'
    return [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_auditevent FROM {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {quoted}",
    ]
