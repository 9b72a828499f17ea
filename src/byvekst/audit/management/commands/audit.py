from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from byvekst.audit.services import anchor_file, app_role_grants, verify_chain, write_anchor


class Command(BaseCommand):
    help = (
        "Audit trail tools. `byvekst audit verify` checks the hash chain, every record's HMAC and the chain against "
        "the anchors, and names the first problem; `byvekst audit anchor` appends a signed checkpoint to the anchor "
        "file (run it from a timer, e.g. hourly); `byvekst audit grants --role R [--apply]` gives the application's "
        "PostgreSQL role what it needs and no more: it may only insert and read audit records."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "anchor", "grants"])
        parser.add_argument("--role", help="grants: the application's PostgreSQL role")
        parser.add_argument("--apply", action="store_true", help="grants: run the statements (as the owner)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "grants":
            if not options["role"]:
                raise CommandError("Name the application's role: --role ROLE.")
            statements = app_role_grants(options["role"])
            if options["apply"]:
                with connection.cursor() as cursor:
                    for sql in statements:
                        cursor.execute(sql)
            self.stdout.write(";\n".join(statements) + ";")
            return
        if options["action"] == "anchor":
            anchor = write_anchor()
            self.stdout.write(f"Anchor written to {anchor_file()}: {anchor.count} records, last #{anchor.last_seq}.")
            return
        report = verify_chain()
        if not report.ok:
            where = f" at record #{report.broken_seq}" if report.broken_seq else ""
            raise CommandError(f"Audit chain broken{where}: {report.reason}.")
        self.stdout.write(
            f"Audit chain intact: {report.checked} records verified, with their HMACs, "
            f"against {report.anchors} anchors."
        )
