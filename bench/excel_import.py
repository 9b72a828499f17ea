"""Excel import throughput (rows per second) on the real services, one audit record per sheet.

    .venv/bin/python bench/excel_import.py [--rows 10000] [--database-url postgres://…]

Builds a filled-in template with N valid rows (the first run creates N sheets; the second, the same file with
their ids, finds them all unchanged), and times: the check of every cell (parse) and the whole import.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--database-url", default="")
    args = ap.parse_args()
    home = tempfile.mkdtemp()
    os.environ.update(
        BYVEKST_HOME=home,
        DATABASE_URL=args.database_url or f"sqlite:///{home}/bench.sqlite3",
        BYVEKST_IMPORT_MAX_ROWS=str(args.rows),
        DJANGO_SETTINGS_MODULE="byvekst.settings",
    )
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from openpyxl import load_workbook

    from byvekst.governance.configuration import load_configuration
    from byvekst.projects.excel import export_xlsx, parse_xlsx, projects_import
    from tests.conftest import found

    call_command("migrate", verbosity=0)
    load_configuration()
    found()  # the Steering Group's constituting meeting adopts the configuration (as in the test suite)
    book = load_workbook(io.BytesIO(export_xlsx([], template=True)))
    sheet = book["Prosjekter"]
    headers = [c.value for c in sheet[1]]
    for i in range(args.rows):
        row = {h: None for h in headers}
        row.update(
            {
                "Tittel": f"Fortau langs veg {i}",
                "Eier (part, kortnavn)": "Bergen",
                "Geografisk område": "sentrum",
                "Programområde": "gst",
                "Satsingsområder (komma)": "gange-sykkel",
                "Fase": "ide",
                "P50 (MNOK)": 10 + i % 50,
                "P85 (MNOK)": 12 + i % 50,
                "Prisår": 2026,
            }
        )
        sheet.append([row[h] for h in headers])
    buf = io.BytesIO()
    book.save(buf)
    content = buf.getvalue()

    start = time.perf_counter()
    rows, errors = parse_xlsx(content)
    parse = time.perf_counter() - start
    assert not errors and len(rows) == args.rows, errors[:3]
    start = time.perf_counter()
    report = projects_import(actor=None, content=content)
    whole = time.perf_counter() - start
    assert len(report.created) == args.rows, report.errors[:3]
    vendor = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    print(
        f"| {args.rows:,} rows, {vendor} | check every cell: {parse:.1f} s ({args.rows / parse:,.0f} rows/s) | "
        f"import (create): {whole:.1f} s ({args.rows / whole:,.0f} rows/s) |"
    )


if __name__ == "__main__":
    main()
