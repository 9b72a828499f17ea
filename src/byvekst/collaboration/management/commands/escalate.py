"""Move every disagreement whose time box has run out one level up the ladder (run daily from cron or a timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from byvekst.collaboration.services import escalate_overdue


class Command(BaseCommand):
    help = "Escalate the disagreements whose time box has run out."

    def handle(self, *args: Any, **options: Any) -> None:
        moved = escalate_overdue()
        for d in moved:
            self.stdout.write(f"{d.pk}: {d.title} → {d.forum.name}")
        self.stdout.write(f"{len(moved)} escalated.")
