from django.contrib import admin

from byvekst.core.admin import AuditedAdmin
from byvekst.followup.models import ReportingRules


@admin.register(ReportingRules)
class ReportingRulesAdmin(AuditedAdmin):
    """The secretariat keeps the reporting rules here; the newest row is in force, every change is audited."""

    list_display = ("created_at", "periods_per_year", "cost_percent", "cost_mnok", "slip_months")
