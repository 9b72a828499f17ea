"""Numbers under a real lock: 20 simultaneous creations of cases, sheets, meetings and decisions on PostgreSQL
all succeed with distinct numbers; numbers order as numbers (the 100th decision follows the 99th)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from byvekst.cases import services as cases
from byvekst.cases.models import Decision
from byvekst.core.models import next_number
from byvekst.governance.configuration import load_configuration
from byvekst.governance.models import Forum, Membership, Party
from byvekst.projects import services as projects
from tests.conftest import found
from tests.factories import UserFactory

N = 20

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter; SQLite serialises writers"
)


def all_at_once(work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` for i < N in N threads released together; return results (or the exceptions)."""
    barrier = threading.Barrier(N)
    results: list[Any] = [None] * N

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # the test reports every failure, not just the first
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_counters_count_as_numbers(db: Any) -> None:
    assert next_number("test:x", lambda: 98) == 99
    assert next_number("test:x") == 100
    assert next_number("test:x") == 101


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_cases_sheets_meetings_and_decisions() -> None:
    load_configuration()
    found()
    sek = UserFactory(username="sek", is_secretariat=True)
    forum = Forum.objects.get(slug="prioriteringsradet")
    bergen = Party.objects.get(slug="bergen")

    made = all_at_once(lambda i: cases.case_open(actor=sek, title=f"Sak {i}", subject="annet", officer=sek, year=2027))
    assert [c for c in made if isinstance(c, Exception)] == []
    assert sorted(c.seq for c in made) == list(range(1, N + 1))

    sheets = all_at_once(
        lambda i: projects.project_create(actor=sek, owner=bergen, area_code="nordost", title=f"Tiltak {i}")
    )
    assert [s for s in sheets if isinstance(s, Exception)] == []
    assert len({s.code for s in sheets}) == N

    start = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    meetings = all_at_once(
        lambda i: cases.meeting_schedule(
            actor=sek, forum=forum, starts_at=start, ends_at=start + dt.timedelta(hours=2), place=f"Rom {i}"
        )
    )
    assert [m for m in meetings if isinstance(m, Exception)] == []
    assert len({m.number for m in meetings}) == N

    meeting = meetings[0]
    member = UserFactory(username="medlem", party=bergen)
    Membership.objects.create(person=member, forum=forum, party=bergen, role="leder", start=dt.date(2026, 1, 1))
    cases.attendance_record(actor=sek, meeting=meeting, statuses={member.pk: "present"})
    items = []
    for case in made:
        treatment = cases.treatment_add(actor=sek, case=case, kind="drofting", forum=forum)
        cases.paper_save(
            actor=sek, paper=treatment.paper, data={f: "Tekst" for f in treatment.paper.REQUIRED}, finalise=True
        )
        items.append(cases.agenda_add(actor=sek, meeting=meeting, treatment=treatment))
    decisions = all_at_once(
        lambda i: cases.decision_record(actor=sek, item=items[i], text=f"Tatt til orientering {i}", mode="consensus")
    )
    assert [d for d in decisions if isinstance(d, Exception)] == []
    numbers = Decision.objects.filter(item__meeting=meeting).values_list("seq", flat=True)
    assert sorted(numbers) == list(range(1, N + 1))
