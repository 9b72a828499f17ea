from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "byvekst.accounts"
    label = "accounts"
    verbose_name = "Innlogging"

    def ready(self) -> None:
        from byvekst.accounts import signals  # noqa: F401 - connects the sign-in events to the audit trail
