from django.contrib import admin

from byvekst.core.admin import AuditedAdmin
from byvekst.projects.models import ChecklistItem


@admin.register(ChecklistItem)
class ChecklistItemAdmin(AuditedAdmin):
    list_display = ("text", "programme_area_code", "mandatory", "order", "active")
