from __future__ import annotations

from django.db import models
from django.db.models import Q, QuerySet

from byvekst.audit.models import AuditEvent


def history_for(obj: models.Model, *, limit: int = 200) -> QuerySet[AuditEvent]:
    """The events recorded on one object, newest first."""
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("-seq")[:limit]


def history_for_related(objects: dict[str, list[str]], *, limit: int = 300) -> QuerySet[AuditEvent]:
    """Events on several objects at once ({object_type: [ids]}), newest first: one query."""
    where = Q(pk__in=[])
    for object_type, ids in objects.items():
        where |= Q(object_type=object_type, object_id__in=ids)
    return AuditEvent.objects.filter(where).order_by("-seq")[:limit]
