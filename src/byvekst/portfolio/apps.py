from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "byvekst.portfolio"
    label = "portfolio"
    verbose_name = "Porteføljestyring"

    def ready(self) -> None:
        from byvekst.portfolio.effects import register_all

        register_all()
        from byvekst.portfolio import policies  # noqa: F401 - registers the rules
