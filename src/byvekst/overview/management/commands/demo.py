from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from byvekst.governance.demo import DEMO_PASSWORD
from byvekst.overview.demo import load_demo
from byvekst.portfolio.demo import load_scale_scenario
from byvekst.projects.demo import load_scale_projects


class Command(BaseCommand):
    help = "Load the Miljøløftet configuration, demo data and demo logins (idempotent; refused in production)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--projects",
            type=int,
            default=0,
            help="also N synthetic quality-assured sheets and a scenario of them queued for the worker (scale demo)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.ENVIRONMENT == "production":
            raise CommandError("`byvekst demo` creates demo logins and is refused when BYVEKST_ENV=production.")
        # What the demo writes in words (minutes drafts, run messages) is written in the portal's own language.
        count = int(options.get("projects") or 0)
        if not 0 <= count <= 20_000:
            raise CommandError("--projects takes 0 to 20000 sheets.")
        with translation.override(settings.LANGUAGE_CODE):
            loaded = load_demo()
            if count:
                added = load_scale_projects(count)
                queued = load_scale_scenario(count)
                self.stdout.write(
                    f"Scale demo: {added} synthetic sheets added ({count} in all)"
                    + (f"; run {queued.pk} queued for the worker." if queued else ".")
                )
        self.stdout.write(
            self.style.SUCCESS(f"Miljøløftet configuration and demo data loaded ({loaded['projects']} new projects).")
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for p in loaded["personas"]:
            self.stdout.write(f"  {p.username:<20} {p.persona}")
