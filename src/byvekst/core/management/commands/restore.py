from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from byvekst.core.backup import BackupError, restore, summary


class Command(BaseCommand):
    help = "Load a backup made by `byvekst backup` into an empty, migrated database, with its files and anchors."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(options["path"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored from {options['path']}: {summary(manifest)}. Run `byvekst audit verify` next.")
