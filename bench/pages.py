"""Server-side time, queries and size of the main pages and API lists at several portfolio sizes (one user, no
network): the demo grown with ``byvekst demo --projects N``.

    .venv/bin/python bench/pages.py [--sizes 0,400,1000] [--repeat 5] [--database-url postgres://…]

For each size: the median time of ``--repeat`` requests after one warm-up, the number of queries and the size of
the answer. This measures what a page costs the server; ``bench/load.py`` measures 1 and 20 people over gunicorn.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

from _django import setup

PAGES = [
    "/",
    "/prosjekter/",
    "/prosjekter/kart/",
    "/kriterier/1/rangering/",
    "/portefolje/",
    "/saker/",
    "/moter/",
    "/vedtak/",
    "/offentlig/",
    "/api/projects",
    "/api/cases",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="0,400,1000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--database-url", default="")
    args = ap.parse_args()
    setup(args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from byvekst.governance.models import User

    call_command("migrate", verbosity=0)
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        call_command("demo", projects=size, stdout=io.StringIO())
        client = Client()
        client.force_login(User.objects.get(username="radsmedlem"))
        for url in PAGES:
            client.get(url)
            times = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    answer = client.get(url)
                    times.append(time.perf_counter() - start)
            rows.append((size, url, answer.status_code, statistics.median(times), len(queries), len(answer.content)))
    print("| extra sheets | page | status | median ms | queries | kB |\n|---:|---|---:|---:|---:|---:|")
    for size, url, status, seconds, queries, length in rows:
        print(f"| {size} | `{url}` | {status} | {seconds * 1000:.0f} | {queries} | {length // 1024} |")


if __name__ == "__main__":
    main()
