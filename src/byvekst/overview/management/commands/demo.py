from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from byvekst.governance.demo import DEMO_PASSWORD
from byvekst.overview.demo import load_demo


class Command(BaseCommand):
    help = "Load the Miljøløftet configuration, demo data and demo logins (idempotent; refused in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.ENVIRONMENT == "production":
            raise CommandError("`byvekst demo` creates demo logins and is refused when BYVEKST_ENV=production.")
        # What the demo writes in words (minutes drafts, run messages) is written in the portal's own language.
        with translation.override(settings.LANGUAGE_CODE):
            loaded = load_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Miljøløftet configuration and demo data loaded ({loaded['projects']} new projects).")
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for p in loaded["personas"]:
            self.stdout.write(f"  {p.username:<20} {p.persona}")
