"""A database queue for background work, with a heartbeat (docs/decisions/0005-task-queue.md).

A job is claimed by one worker (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL), beats while it runs (every
progress report, and a thread every ``BEAT_SECONDS``), and is taken back when its worker has stopped beating for
``BYVEKST_RUN_STALE_SECONDS``: queued again, or failed with a reason when it has been tried
``BYVEKST_RUN_MAX_ATTEMPTS`` times. A worker that is asked to stop (SIGTERM) finishes the job in hand and exits.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

BEAT_SECONDS = 10


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Queued")
        RUNNING = "running", gettext_lazy("Running")
        DONE = "done", gettext_lazy("Done")
        FAILED = "failed", gettext_lazy("Failed")

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


J = TypeVar("J", bound=Job)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def reclaim_stale(model: type[J], on_reclaim: Callable[[J, str], None] | None = None) -> int:
    """Take back jobs whose worker stopped beating. Returns how many."""
    limit = timezone.now() - dt.timedelta(seconds=int(settings.BYVEKST_RUN_STALE_SECONDS))
    count = 0
    with transaction.atomic():
        stale = model._default_manager.filter(status=Job.Status.RUNNING, heartbeat_at__lt=limit)
        if connection.vendor == "postgresql":
            stale = stale.select_for_update(skip_locked=True)
        for job in stale:
            if job.attempts >= int(settings.BYVEKST_RUN_MAX_ATTEMPTS):
                job.status, job.finished_at = Job.Status.FAILED, timezone.now()
                job.message = _("Stopped: the worker stopped during the run %(n)s times; ask the administrator.") % {
                    "n": job.attempts
                }
                outcome = "failed"
            else:
                job.status, job.progress = Job.Status.QUEUED, 0
                job.message = _("Queued again: the worker stopped during the run.")
                outcome = "requeued"
            job.save(update_fields=["status", "progress", "message", "finished_at"])
            if on_reclaim:
                on_reclaim(job, outcome)
            count += 1
    return count


def claim(model: type[J]) -> J | None:
    """Take the oldest queued job; on PostgreSQL, several workers never take the same one."""
    with transaction.atomic():
        qs = model._default_manager.filter(status=Job.Status.QUEUED).order_by("created_at")
        if connection.vendor == "postgresql":
            qs = qs.select_for_update(skip_locked=True)
        job = qs.first()
        if job is None:
            return None
        job.status, job.progress, job.message = Job.Status.RUNNING, 1, _("Started")
        job.attempts += 1
        job.worker, job.heartbeat_at = worker_name(), timezone.now()
        job.save(update_fields=["status", "progress", "message", "attempts", "worker", "heartbeat_at"])
        return job


def report_progress(job: Job, percent: int, message: str) -> None:
    type(job)._default_manager.filter(pk=job.pk).update(progress=percent, message=message, heartbeat_at=timezone.now())


@contextmanager
def beating(job: Job) -> Iterator[None]:
    """Beat every ``BEAT_SECONDS`` from a thread while the block runs (a long solve reports no progress)."""
    done = threading.Event()

    def beat() -> None:
        try:
            while not done.wait(BEAT_SECONDS):
                type(job)._default_manager.filter(pk=job.pk, status=Job.Status.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connection.close()

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(5)


class Stop:
    """Set by a signal handler; the worker loop looks at it between jobs."""

    def __init__(self) -> None:
        self.requested = False

    def __call__(self, *args: Any) -> None:
        self.requested = True
