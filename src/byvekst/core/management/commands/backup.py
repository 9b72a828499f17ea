from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from byvekst.core.backup import backup, summary


class Command(BaseCommand):
    help = "Write the database content, the uploaded files and the audit anchors into one file (a zip)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = backup(options["path"])
        self.stdout.write(f"Backup written to {options['path']}: {summary(manifest)}.")
