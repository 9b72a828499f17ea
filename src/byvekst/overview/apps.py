from django.apps import AppConfig


class OverviewConfig(AppConfig):
    """Pages that read across the apps (home, history, implementation status, the public page, timelines) and
    the demo loader: the top layer, which every other app is below (import-linter's layers contract)."""

    name = "byvekst.overview"
    label = "overview"
    verbose_name = "Oversikt"
