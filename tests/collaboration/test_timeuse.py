"""Time use on a hand-made calendar: meeting length plus the forum's preparation, theme days attended, per forum,
party and person per month, against the mandate's words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from byvekst.cases import services as cases
from byvekst.collaboration import services
from byvekst.collaboration.models import TimeUseRules
from byvekst.collaboration.timeuse import THEME_DAYS, expected_per_month, time_use
from byvekst.governance.models import Forum
from tests.conftest import Personas, login


@pytest.mark.parametrize(
    ("text", "meetings", "hours"),
    [
        ("Om lag 4 timer i måneden", 0, 4.0),
        ("Om lag 2 timer per møte med forberedelse", 1.5, 3.0),
        ("Om lag 2 timer i kvartalet", 0, 2 / 3),
        ("6 t i året", 0, 0.5),
        ("Etter behov", 2, None),
    ],
)
def test_the_mandates_words_become_hours_a_month(text: str, meetings: float, hours: float | None) -> None:
    assert expected_per_month(text, meetings) == (pytest.approx(hours) if hours is not None else None)


def _local(y: int, m: int, d: int, h: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, h))


def test_hours_per_forum_party_and_person(personas: Personas) -> None:
    council = Forum.objects.get(slug="prioriteringsradet")
    TimeUseRules.objects.create(default_factor=1, factors={"prioriteringsradet": 0.5})
    # October: a two-hour Council meeting with Bergen's member and the observer present.
    october = cases.meeting_schedule(
        actor=personas.secretariat,
        forum=council,
        starts_at=_local(2026, 10, 5, 9),
        ends_at=_local(2026, 10, 5, 11),
        place="Rådhuset",
    )
    cases.attendance_record(
        actor=personas.secretariat,
        meeting=october,
        statuses={personas.member_a.pk: "present", personas.observer.pk: "present"},
    )
    # November: one hour, Bergen's member only; and a six-hour theme day Askøy's member attended.
    november = cases.meeting_schedule(
        actor=personas.secretariat,
        forum=council,
        starts_at=_local(2026, 11, 2, 9),
        ends_at=_local(2026, 11, 2, 10),
        place="Rådhuset",
    )
    cases.attendance_record(
        actor=personas.secretariat,
        meeting=november,
        statuses={personas.member_a.pk: "present", personas.observer.pk: "absent"},
    )
    day = services.themeday_plan(
        actor=personas.secretariat,
        topic="Fagdag",
        starts_at=_local(2026, 11, 10, 9),
        ends_at=_local(2026, 11, 10, 15),
        place="Fylkeshuset",
        organiser=personas.secretariat,
    )
    services.themeday_register(
        actor=personas.member_b, day=day, person=personas.member_b, party=personas.member_b.party
    )
    services.themeday_hold(actor=personas.secretariat, day=day, attended={personas.member_b.pk: True}, outcome="Ok")
    use = time_use(dt.date(2026, 10, 1), dt.date(2026, 11, 1))
    assert use.months == ["2026-10", "2026-11"]
    assert use.by_forum[("2026-10", "prioriteringsradet")] == pytest.approx(6.0)  # 2 h × 1.5 × 2 people
    assert use.by_forum[("2026-11", "prioriteringsradet")] == pytest.approx(1.5)
    assert use.by_forum[("2026-11", THEME_DAYS)] == pytest.approx(6.0)
    assert use.by_party[("2026-10", "Bergen")] == pytest.approx(3.0) and use.by_party[("2026-11", "Askøy")] == 6.0
    assert use.by_person[("2026-11", personas.member_a.pk)] == pytest.approx(1.5)
    council_row = next(r for r in use.forum_rows() if r["slug"] == "prioriteringsradet")
    assert council_row["meetings"] == 2 and council_row["hours"] == pytest.approx(7.5)
    assert council_row["per_person_month"] == pytest.approx(7.5 / 3)  # three person-months: two in Oct, one in Nov
    assert council_row["expected"] == pytest.approx(4.0)  # "Om lag 4 timer i måneden" in the configuration
    page = login(personas.member_a).get("/samarbeid/tidsbruk/", {"fra": "2026-10", "til": "2026-11"})
    text = page.content.decode()
    assert page.status_code == 200 and "Prioriteringsrådet" in text and "Temadager" in text
    assert "7,5" in text and "Forventet etter mandatet" in text
    assert "Per person (timer)" in text and personas.observer.get_full_name() not in text  # only one's own hours
    api = login(personas.member_a).get("/api/time-use", {"first": "2026-10", "last": "2026-11"}).json()
    # November also holds the Steering Group's founding meeting (tests.conftest.found), Bergen's leader present.
    assert api["parties"]["Bergen"] == [3.0, round(use.by_party[("2026-11", "Bergen")], 2)]
    assert login(personas.member_a).get("/api/time-use", {"first": "2026-11", "last": "2026-01"}).status_code == 422
