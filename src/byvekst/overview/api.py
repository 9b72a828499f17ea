"""The person's own work list as JSON (``GET /api/me/tasks``): what the home page's "My tasks" shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from byvekst.overview.tasks import tasks_for

router = Router(tags=["me"])


class TaskOut(Schema):
    kind: str
    title: str
    url: str
    due: dt.date | None
    overdue: bool
    detail: str
    event: bool


@router.get("/me/tasks", response=list[TaskOut])
def my_tasks(request: HttpRequest) -> Any:
    """What waits for the person calling, dated tasks first (soonest first). Bounded by the person's roles."""
    return tasks_for(request.user)
