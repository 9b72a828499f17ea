from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "byvekst.projects"
    label = "projects"
    verbose_name = "Prosjektark"

    def ready(self) -> None:
        from byvekst.projects import policies  # noqa: F401 - registers the rules
