from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "byvekst.followup"
    label = "followup"
    verbose_name = "Oppfølging"

    def ready(self) -> None:
        from byvekst.followup.effects import register_all

        register_all()
        from byvekst.followup import policies  # noqa: F401 - registers the rules
