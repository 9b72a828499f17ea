from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from byvekst.audit.services import verify_chain


class Command(BaseCommand):
    help = "Audit trail tools. `byvekst audit verify` checks the hash chain and names the first broken record."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            raise CommandError(f"Audit chain broken at record #{report.broken_seq}: {report.reason}.")
        self.stdout.write(f"Audit chain intact: {report.checked} records verified.")
