from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.http import HttpRequest

from byvekst.audit.services import record, snapshot
from byvekst.core.admin import AuditedAdmin
from byvekst.governance.models import OnboardingItem, Party, User

AUDITED_USER_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "party_id",
    "is_secretariat",
    "is_active",
    "is_staff",
    "job_title",
]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Byvekst", {"fields": ("party", "is_secretariat", "job_title")}))  # type: ignore[misc]
    list_display = ("username", "first_name", "last_name", "party", "is_secretariat", "is_active")
    list_filter = ("party", "is_secretariat", "is_active")

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        old = snapshot(User.objects.get(pk=obj.pk), AUDITED_USER_FIELDS) if change else None
        super().save_model(request, obj, form, change)
        record(
            actor=request.user,
            event_type="person.changed" if change else "person.added",
            obj=obj,
            old=old,
            new=snapshot(obj, AUDITED_USER_FIELDS),
        )  # never the password hash


@admin.register(Party)
class PartyAdmin(AuditedAdmin):
    list_display = ("name", "short_name", "kind", "active")


@admin.register(OnboardingItem)
class OnboardingItemAdmin(AuditedAdmin):
    list_display = ("text", "order", "active")
