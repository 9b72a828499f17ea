from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "byvekst.collaboration"
    label = "collaboration"
    verbose_name = "Samarbeid"

    def ready(self) -> None:
        from byvekst.collaboration import minutes, policies  # noqa: F401 - registers the rules and the minutes note
