from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "byvekst.cases"
    label = "cases"
    verbose_name = "Saksflyt"

    def ready(self) -> None:
        from byvekst.audit.services import ANCHOR_SOURCES
        from byvekst.cases import policies  # noqa: F401 - registers the rules
        from byvekst.cases.selectors import minutes_anchors

        ANCHOR_SOURCES.append(minutes_anchors)
