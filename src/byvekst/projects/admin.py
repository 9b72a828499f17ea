from django.contrib import admin

from byvekst.core.admin import AuditedAdmin
from byvekst.projects.models import ChecklistItem, PriceIndex


@admin.register(ChecklistItem)
class ChecklistItemAdmin(AuditedAdmin):
    list_display = ("text", "programme_area_code", "mandatory", "order", "active")


@admin.register(PriceIndex)
class PriceIndexAdmin(AuditedAdmin):
    """The secretariat keeps the price index here; every change is in the audit trail, and a new version is a
    new row (the newest is used)."""

    list_display = ("pk", "name", "source", "created_at")
