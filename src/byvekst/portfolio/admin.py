from django.contrib import admin

from byvekst.portfolio.models import Run


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    """Read-only: runs are written by the worker; the admin shows a failed run's traceback."""

    list_display = ("pk", "scenario", "status", "progress", "created_at", "finished_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Run._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
