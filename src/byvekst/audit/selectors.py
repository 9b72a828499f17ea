from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from byvekst.audit.models import AuditEvent


def history_for(obj: models.Model, *, limit: int = 200) -> QuerySet[AuditEvent]:
    """The events recorded on one object, newest first."""
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by(
        "-seq"
    )[:limit]


def history_for_many(object_type: str, ids: list[str], *, limit: int = 300) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type, object_id__in=ids).order_by("-seq")[:limit]
