from django.contrib import admin

from byvekst.core.admin import AuditedAdmin
from byvekst.goals.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    """The set of indicators is configuration: the secretariat adds or changes one here (audited)."""

    list_display = ("code", "name", "unit", "reference_year", "is_main", "kind")
