from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "byvekst.core"
    label = "core"
    verbose_name = "Kjerne"
