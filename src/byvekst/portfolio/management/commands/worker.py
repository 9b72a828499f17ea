from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from byvekst.portfolio.services import work_once


class Command(BaseCommand):
    help = "Run queued optimisation runs (the background worker). `--once` empties the queue and exits."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            done = work_once()
            if done:
                self.stdout.write(f"Processed {done} run(s).")
            if options["once"]:
                return
            time.sleep(options["interval"])
