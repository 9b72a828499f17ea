from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "byvekst.goals"
    label = "goals"
    verbose_name = "Måloppnåelse"

    def ready(self) -> None:
        from byvekst.goals import policies  # noqa: F401 - registers the rules
