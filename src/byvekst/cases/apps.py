from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "byvekst.cases"
    label = "cases"
    verbose_name = "Saksflyt"

    def ready(self) -> None:
        from byvekst.cases import policies  # noqa: F401 - registers the rules
