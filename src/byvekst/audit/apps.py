from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "byvekst.audit"
    label = "audit"
    verbose_name = "Revisjonsspor"
