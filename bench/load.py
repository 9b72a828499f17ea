"""Load over the README's production set-up (issue 17): gunicorn with ``byvekst.gunicorn_conf`` on PostgreSQL,
the demo grown with ``byvekst demo --projects N``, and 1 or 20 people who each open the main pages and API lists
in turn, waiting 0.5–1.5 s between pages. Writes p50, p95 and throughput per page.

    .venv/bin/python bench/load.py [--sizes 0,400,1000] [--users 1,20] [--seconds 30] [--workers 5]
                                   [--database-url postgres://postgres@127.0.0.1:5432/postgres]

Each size gets a fresh database. The people are signed in with a session made for them (the login form and its
two-factor step are not what is measured). Behind the proxy the README describes, requests carry
``X-Forwarded-Proto: https``. Before the measurement, a warm-up of ten seconds has as many people as workers open
the pages without pause, so that each worker has served every page once (compiled its templates, read what it
holds): the times are those of a server that has been running, not of its first minute.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    "/",
    "/prosjekter/",
    "/portefolje/",
    "/kriterier/1/rangering/",
    "/kriterier/1/rangering/verdi-og-kostnad/",  # the ranking's value-cost chart, loaded as the reader scrolls
    "/saker/",
    "/moter/",
    "/vedtak/",
    "/oppfolging/",
    "/offentlig/",
    "/api/projects",
    "/api/cases",
    "/api/criteria-sets/1/ranking",
]
PORT = 8799


def _env(database_url: str, home: str) -> dict[str, str]:
    return {
        **os.environ,
        "BYVEKST_HOME": home,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "byvekst.settings",
        "BYVEKST_ENV": "production",
        "SECRET_KEY": "bench-" + uuid.uuid4().hex + uuid.uuid4().hex,
        "BYVEKST_AUDIT_KEY": "bench-audit-" + uuid.uuid4().hex,
        "BYVEKST_MFA_REQUIRED_FOR": "",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BIND": f"127.0.0.1:{PORT}",
    }


def _prepare(env: dict[str, str], size: int) -> tuple[str, str]:
    """Migrate, load the demo at the size (development mode: the demo refuses production), collect static
    files, and make a session for the Council member. Returns (session key, the newest finished run's page: at a
    grown size, the run over every synthetic sheet, finished by one pass of the worker)."""
    dev = {**env, "BYVEKST_ENV": "development"}
    byvekst = str(ROOT / ".venv/bin/byvekst")
    subprocess.run([byvekst, "migrate", "-v0"], env=dev, check=True)
    subprocess.run([byvekst, "demo", "--projects", str(size)], env=dev, check=True, capture_output=True)
    subprocess.run([byvekst, "worker", "--once"], env=dev, check=True, capture_output=True)  # the scale run
    subprocess.run([byvekst, "collectstatic", "--noinput", "-v0"], env=env, check=True)  # the manifest
    code = (
        "from importlib import import_module;from django.conf import settings;"
        "from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY;"
        "from byvekst.governance.models import User;from byvekst.portfolio.models import Run;"
        "u=User.objects.get(username='radsmedlem');s=import_module(settings.SESSION_ENGINE).SessionStore();"
        "s[SESSION_KEY]=str(u.pk);s[BACKEND_SESSION_KEY]='django.contrib.auth.backends.ModelBackend';"
        "s[HASH_SESSION_KEY]=u.get_session_auth_hash();s.create();"
        "r=Run.objects.filter(status='done').order_by('-pk').first();print(s.session_key, r.pk if r else '')"
    )
    out = subprocess.run([byvekst, "shell", "-c", code], env=dev, check=True, capture_output=True, text=True)
    key, run = out.stdout.split()[-2:]
    return key, f"/portefolje/kjoring/{run}/"


def _person(
    pages: list[str],
    session: str,
    until: float,
    pause: bool,
    times: dict[str, list[float]],
    errors: dict[str, int],
    lock: threading.Lock,
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    headers = {"Cookie": f"sessionid={session}", "X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    rng = random.Random(threading.get_ident())
    order = pages[:]
    rng.shuffle(order)
    i = 0
    while time.monotonic() < until:
        page = order[i % len(order)]
        i += 1
        start = time.monotonic()
        try:
            conn.request("GET", page, headers=headers)
            answer = conn.getresponse()
            answer.read()
            ok = answer.status == 200
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
            ok = False
        took = time.monotonic() - start
        with lock:
            if ok:
                times[page].append(took)
            else:
                errors[page] += 1
        if pause:
            time.sleep(rng.uniform(0.5, 1.5))
    conn.close()


def _load(
    pages: list[str], session: str, users: int, seconds: float, pause: bool = True
) -> tuple[dict[str, list[float]], dict[str, int]]:
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_person, args=(pages, session, until, pause, times, errors, lock)) for _ in range(users)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="0,400,1000")
    ap.add_argument("--users", default="1,20")
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (WEB_THREADS)")
    ap.add_argument("--pool", type=int, default=0, help="psycopg pool size per process (BYVEKST_DB_POOL_MAX)")
    ap.add_argument("--no-pause", action="store_true", help="people do not wait between pages (saturation)")
    ap.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    args = ap.parse_args()
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; gunicorn {args.workers} workers × {args.threads} threads; "
        f"{'pool of ' + str(args.pool) if args.pool else 'persistent connections'}; "
        f"{'no pause' if args.no_pause else 'pause 0.5–1.5 s'}; {time.strftime('%Y-%m-%d %H:%M')}\n"
    )
    print("| extra sheets | users | page | requests | p50 ms | p95 ms | per second | errors |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|")
    for size in [int(s) for s in args.sizes.split(",")]:
        name = f"byvekst_load_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env = _env(args.database_url.rsplit("/", 1)[0] + "/" + name, tempfile.mkdtemp())
        server = None
        try:
            session, run_page = _prepare(env, size)
            pages = [*PAGES, run_page, run_page + "verdi-og-kostnad/"]  # the run page and its chart
            server = subprocess.Popen(
                [
                    str(ROOT / ".venv/bin/gunicorn"),
                    "-c",
                    "python:byvekst.gunicorn_conf",
                    "byvekst.wsgi",
                    "--workers",
                    str(args.workers),
                    "--access-logfile",
                    "/dev/null",
                ],
                env={
                    **env,
                    "WEB_CONCURRENCY": str(args.workers),
                    "WEB_THREADS": str(args.threads),
                    **({"BYVEKST_DB_POOL_MAX": str(args.pool)} if args.pool else {}),
                },
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(4)
            # Warm-up: as many people as workers, without pause, so that every worker has compiled every page's
            # templates and read what it holds (a server that has been running), as the targets are for.
            _load(pages, session, args.workers * args.threads, 10, pause=False)
            for users in [int(u) for u in args.users.split(",")]:
                times, errors = _load(pages, session, users, args.seconds, pause=not args.no_pause)
                for page in pages:
                    t = times.get(page, [])
                    label = page.replace(run_page, "/portefolje/kjoring/N/")
                    print(
                        f"| {size} | {users} | `{label}` | {len(t)} | {_p(t, 0.5) * 1000:.0f} | "
                        f"{_p(t, 0.95) * 1000:.0f} | {len(t) / args.seconds:.1f} | {errors.get(page, 0)} |"
                    )
                    sys.stdout.flush()
                every = [x for v in times.values() for x in v]
                print(
                    f"| {size} | {users} | **all pages** | {len(every)} | {_p(every, 0.5) * 1000:.0f} | "
                    f"{_p(every, 0.95) * 1000:.0f} | {len(every) / args.seconds:.1f} | {sum(errors.values())} |"
                )
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
            with psycopg.connect(args.database_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
