from django.contrib import admin

from byvekst.collaboration.models import LadderRules, TimeUseRules
from byvekst.core.admin import AuditedAdmin


@admin.register(LadderRules)
class LadderRulesAdmin(AuditedAdmin):
    """The time box per level; the newest row is in force, every change is audited."""

    list_display = ("created_at", "days_working_group", "days_coordination", "days_council", "days_steering")


@admin.register(TimeUseRules)
class TimeUseRulesAdmin(AuditedAdmin):
    """Preparation hours per meeting hour (by default and per forum) for the time-use figures."""

    list_display = ("created_at", "default_factor")
