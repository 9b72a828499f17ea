"""Twenty people creating at the same moment on PostgreSQL: cases, project sheets, meetings (numbers from a
counter under a row lock). Prints how many succeeded and how long the burst took.

    .venv/bin/python bench/concurrency.py [--database-url postgres://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
N = 20


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    args = ap.parse_args()
    name = f"byvekst_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        os.environ.update(
            BYVEKST_HOME=tempfile.mkdtemp(),
            DATABASE_URL=args.database_url.rsplit("/", 1)[0] + "/" + name,
            DJANGO_SETTINGS_MODULE="byvekst.settings",
        )
        sys.path.insert(0, str(ROOT / "src"))
        import django

        django.setup()
        run()
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def burst(work: Any) -> tuple[int, float]:
    from django.db import connection

    barrier = threading.Barrier(N)
    ok = [False] * N

    def one(i: int) -> None:
        try:
            barrier.wait()
            work(i)
            ok[i] = True
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(N)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(ok), time.perf_counter() - start


def run() -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from byvekst.cases import services as cases
    from byvekst.governance.configuration import load_configuration
    from byvekst.governance.models import Forum, Party, User
    from byvekst.projects import services as projects

    call_command("migrate", verbosity=0)
    load_configuration()
    sek = User.objects.create(username="sek", is_secretariat=True)
    forum = Forum.objects.get(slug="prioriteringsradet")
    bergen = Party.objects.get(slug="bergen")
    start = timezone.now()
    rows = [
        ("cases", burst(lambda i: cases.case_open(actor=sek, title=f"Sak {i}", subject="annet", officer=sek))),
        (
            "project sheets",
            burst(lambda i: projects.project_create(actor=sek, owner=bergen, area_code="sentrum", title=f"Tiltak {i}")),
        ),
        (
            "meetings",
            burst(
                lambda i: cases.meeting_schedule(
                    actor=sek, forum=forum, starts_at=start, ends_at=start + dt.timedelta(hours=2), place=f"Rom {i}"
                )
            ),
        ),
    ]
    for what, (ok, seconds) in rows:
        print(f"| {N} simultaneous {what} | {ok}/{N} created | {seconds * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
