"""The effect of a second background worker (issue 17, item 6): the same queue of optimisation runs emptied by one
``byvekst worker`` process and by two, side by side on one PostgreSQL database.

    .venv/bin/python bench/workers.py [--runs 8] [--workers 1,2]
                                      [--database-url postgres://postgres@127.0.0.1:5432/postgres]

The runs are the demo's main scenario (36 candidates, with the frontier, core index, cost simulation and
explanations every run makes). Each worker is started with ``--once``: it claims runs (``SKIP LOCKED``) until the
queue is empty and exits; the time is from the first start to the last exit.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
BYVEKST = str(ROOT / ".venv/bin/byvekst")
UNFINISHED = "from byvekst.portfolio.models import Run; print(Run.objects.exclude(status='done').count())"


def shell(env: dict[str, str], code: str) -> str:
    return subprocess.run(
        [BYVEKST, "shell", "--no-imports", "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def enqueue(env: dict[str, str], runs: int) -> None:
    shell(
        env,
        "from byvekst.portfolio import services; from byvekst.portfolio.models import Scenario;"
        "from byvekst.governance.models import User; u = User.objects.get(username='sekretariat');"
        "s = Scenario.objects.order_by('pk').first();"
        f"[services.run_enqueue(actor=u, scenario=s) for _ in range({runs})]",
    )


def drain(env: dict[str, str], workers: int) -> float:
    start = time.monotonic()
    procs = [
        subprocess.Popen([BYVEKST, "worker", "--once"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    for p in procs:
        p.wait()
    return time.monotonic() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=8)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    args = ap.parse_args()
    name = f"byvekst_workers_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "BYVEKST_HOME": tempfile.mkdtemp(),
        "DATABASE_URL": args.database_url.rsplit("/", 1)[0] + "/" + name,
        "BYVEKST_ENV": "development",
    }
    try:
        subprocess.run([BYVEKST, "migrate", "-v0"], env=env, check=True)
        subprocess.run([BYVEKST, "demo"], env=env, check=True, capture_output=True)
        drain(env, 1)  # whatever the demo left queued
        print(
            f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, PostgreSQL; {time.strftime('%Y-%m-%d %H:%M')}\n"
        )
        print("| worker processes | runs | wall time s | runs per minute | all done |")
        print("|---:|---:|---:|---:|---|")
        for workers in [int(w) for w in args.workers.split(",")]:
            enqueue(env, args.runs)
            took = drain(env, workers)
            left = shell(env, UNFINISHED)
            done = "yes" if left == "0" else f"no ({left} not done)"
            print(f"| {workers} | {args.runs} | {took:.1f} | {args.runs / took * 60:.1f} | {done} |")
            sys.stdout.flush()
    finally:
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
