from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from byvekst.assessment.demo import load_demo_criteria
from byvekst.cases.demo import load_demo_cases
from byvekst.governance.configuration import load_configuration
from byvekst.governance.demo import DEMO_PASSWORD, load_demo_people
from byvekst.portfolio.demo import load_demo_portfolio
from byvekst.projects.demo import load_demo_projects


class Command(BaseCommand):
    help = "Load the Miljøløftet configuration, demo data and demo logins (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.ENVIRONMENT == "production":
            raise CommandError("`byvekst demo` creates demo logins and is refused when BYVEKST_ENV=production.")
        load_configuration()
        personas = load_demo_people()
        projects = load_demo_projects()
        load_demo_criteria()
        load_demo_cases()
        load_demo_portfolio()
        self.stdout.write(
            self.style.SUCCESS(f"Miljøløftet configuration and demo data loaded ({projects} new projects).")
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for p in personas:
            self.stdout.write(f"  {p.username:<20} {p.persona}")
