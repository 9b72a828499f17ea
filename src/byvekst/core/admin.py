"""Admin pages keep the audit habit: every save and delete through the admin is recorded in the same
transaction (the admin wraps each change in one)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from byvekst.audit.services import record, snapshot


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        old = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        record(
            actor=request.user,
            event_type=f"admin.{'changed' if change else 'added'}",
            obj=obj,
            old=old,
            new=snapshot(obj),
        )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        record(actor=request.user, event_type="admin.deleted", obj=obj, old=snapshot(obj))
        super().delete_model(request, obj)
