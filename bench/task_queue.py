"""Background queue: what happens when a worker is killed mid-run (ADR 0005).

Measures, for Byvekst's own queue and for django-tasks 0.12 with django-tasks-db 0.13 (the candidate in ADR
0005): a job is started, its worker is killed with SIGKILL, a second worker is started, and we time how long
until the job is finished. Also the cost of claiming a job from a queue of 1,000 on Byvekst's queue.

    .venv/bin/python bench/task_queue.py            # writes a table to stdout; paste into bench/RESULTS.md
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WAIT = 90.0


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(BIN / "byvekst"), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout


def shell(env: dict[str, str], code: str) -> str:
    return run(env, "shell", "--no-imports", "-c", code).strip()


def until(predicate, timeout: float = WAIT) -> float | None:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.2)
    return None


def byvekst_queue(tmp: Path) -> dict[str, str]:
    env = {**os.environ, "BYVEKST_HOME": str(tmp), "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3"}
    env["BYVEKST_RUN_STALE_SECONDS"] = "10"
    run(env, "migrate", "-v0")
    run(env, "demo")
    pk = shell(
        env,
        "from byvekst.portfolio import services; from byvekst.portfolio.models import Scenario;"
        "from byvekst.governance.models import User;"
        "print(services.run_enqueue(actor=User.objects.get(username='sekretariat'),"
        " scenario=Scenario.objects.first()).pk)",
    )
    status = f"from byvekst.portfolio.models import Run; print(Run.objects.get(pk={pk}).status)"
    first = subprocess.Popen([str(BIN / "byvekst"), "worker"], env=env, stdout=subprocess.DEVNULL)
    until(lambda: shell(env, status) == "running")
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed = time.monotonic()
    second = subprocess.Popen([str(BIN / "byvekst"), "worker"], env=env, stdout=subprocess.DEVNULL)
    try:
        took = until(lambda: shell(env, status) == "done")
    finally:
        second.terminate()
        second.wait()
    # Claiming from a queue of 1,000: the cost of one claim (reclaim check + SKIP LOCKED select + update).
    claim = shell(
        env,
        "import time; from byvekst.portfolio.models import Run; from byvekst.portfolio import services;"
        "base = Run.objects.first();"
        "Run.objects.bulk_create([Run(scenario=base.scenario, created_by=base.created_by) for _ in range(1000)]);"
        "t = time.perf_counter(); [services.claim_next() for _ in range(200)];"
        "print(round((time.perf_counter() - t) / 200 * 1000, 2))",
    )
    return {
        "recovered": f"yes, {time.monotonic() - killed:.1f} s after the kill" if took is not None else "no",
        "stale": "10 s (BYVEKST_RUN_STALE_SECONDS)",
        "claim_ms": claim,
    }


def django_tasks(tmp: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.queue_compare.settings",
        "BENCH_DB": str(tmp / "tasks.sqlite3"),
        "PYTHONPATH": str(ROOT),
    }
    django = [sys.executable, "-m", "django"]
    subprocess.run([*django, "migrate", "-v0"], env=env, check=True)
    enqueue = "from bench.queue_compare.tasks import slow; print(slow.enqueue(20).id)"
    shell_ = [*django, "shell", "--no-imports", "-c"]
    tid = subprocess.run([*shell_, enqueue], env=env, capture_output=True, text=True, check=True).stdout.strip()
    status = f"from django_tasks_db.models import DBTaskResult; print(DBTaskResult.objects.get(id='{tid}').status)"

    def current() -> str:
        return subprocess.run([*shell_, status], env=env, capture_output=True, text=True, check=True).stdout.strip()

    first = subprocess.Popen([*django, "db_worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    until(lambda: current() == "RUNNING")
    first.send_signal(signal.SIGKILL)
    first.wait()
    second = subprocess.Popen([*django, "db_worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        took = until(lambda: current() == "SUCCESSFUL", timeout=60)
        final = current()
    finally:
        second.terminate()
        second.wait()
    return {"recovered": "yes" if took is not None else f"no: still {final} 60 s after a new worker started"}


def main() -> None:
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        ours = byvekst_queue(Path(a))
        theirs = django_tasks(Path(b))
    print("| queue | killed worker's job finished by another worker | claim from 1,000 queued |")
    print("|---|---|---|")
    print(f"| Byvekst (`core.jobs`), stale after {ours['stale']} | {ours['recovered']} | {ours['claim_ms']} ms |")
    print(f"| django-tasks 0.12 + django-tasks-db 0.13 | {theirs['recovered']} | – |")


if __name__ == "__main__":
    main()
