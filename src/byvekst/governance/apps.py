from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "byvekst.governance"
    label = "governance"
    verbose_name = "Styringsregister"

    def ready(self) -> None:
        from byvekst.governance import policies  # noqa: F401 - registers the rules
