from __future__ import annotations

import signal
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from byvekst.core.jobs import Stop
from byvekst.portfolio.services import work_once


class Command(BaseCommand):
    help = (
        "Run queued optimisation runs (the background worker). `--once` empties the queue and exits. SIGTERM or "
        "Ctrl-C lets the run in hand finish, then the worker exits; a worker killed outright leaves its run to be "
        "taken back by another worker after BYVEKST_RUN_STALE_SECONDS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(settings.LANGUAGE_CODE)  # progress messages are stored in the portal's language
        stop = Stop()
        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            while not stop.requested:
                done = work_once(stop)
                if done:
                    self.stdout.write(f"Processed {done} run(s).")
                if options["once"]:
                    return
                slept = 0.0
                while slept < options["interval"] and not stop.requested:
                    time.sleep(0.1)
                    slept += 0.1
            self.stdout.write("Stopped on request; the run in hand was finished.")
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
