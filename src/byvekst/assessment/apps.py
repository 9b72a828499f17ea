from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "byvekst.assessment"
    label = "assessment"
    verbose_name = "Vurderingskriterier"

    def ready(self) -> None:
        from byvekst.assessment import policies  # noqa: F401 - registers the rules
