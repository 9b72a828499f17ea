"""Theme days: the plan, registration, the invitation, attendance by party, the outcome note, and the
implementation-status line that measures the plan."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from byvekst.collaboration.models import ThemeDay
from byvekst.governance.models import Forum, User
from byvekst.overview.status import implementation_status
from tests.conftest import Personas, login


def _status(key: str) -> str:
    return next(line.state for line in implementation_status() if line.key == key)


def test_a_theme_day_from_plan_to_outcome(personas: Personas) -> None:
    assert _status("theme_days") == "missing"
    User.objects.filter(pk=personas.secretariat.pk).update(email="sek@example.no")
    User.objects.filter(pk=personas.member_a.pk).update(email="a@example.no")
    client = login(personas.secretariat)
    start = (timezone.localtime() + dt.timedelta(days=20)).replace(hour=9, minute=0, second=0, microsecond=0)
    fields = {
        "topic": "Fagdag om knutepunkt",
        "focus_area_code": "kollektiv",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Fylkeshuset",
        "forums": [Forum.objects.get(slug="samordningsfunksjonen").pk],
    }
    wrong = client.post("/samarbeid/temadager/", fields)
    assert wrong.status_code == 422 and "Dagen må slutte etter at den begynner." in wrong.content.decode()
    assert 'value="Fagdag om knutepunkt"' in wrong.content.decode()
    made = client.post(
        "/samarbeid/temadager/", {**fields, "ends_at": start.replace(hour=15).strftime("%Y-%m-%dT%H:%M")}
    )
    day = ThemeDay.objects.get()
    assert made.url == day.get_absolute_url() and _status("theme_days") == "done"
    assert login(personas.member_a).post("/samarbeid/temadager/", fields).status_code == 403  # only the planners
    member = login(personas.member_a)
    member.post(day.get_absolute_url(), {"action": "register"})
    assert "Du er påmeldt" in member.get(day.get_absolute_url()).content.decode()
    ics = member.get(f"/samarbeid/temadager/{day.pk}/invitasjon.ics").content.decode()
    unfolded = ics.replace("\r\n ", "")
    assert "ORGANIZER;CN=" in unfolded and "mailto:sek@example.no" in unfolded
    assert "ATTENDEE;" in unfolded and "mailto:a@example.no" in unfolded
    assert member.post(day.get_absolute_url(), {"action": "hold", "outcome": "x"}).status_code == 403
    client.post(
        day.get_absolute_url(), {"action": "hold", "outcome": "Felles standard.", "attended": [personas.member_a.pk]}
    )
    day.refresh_from_db()
    assert day.status == "held" and day.registrations.get().attended is True
    page = member.get(day.get_absolute_url()).content.decode()
    assert "Felles standard." in page and "Bergen: 1" in page
    api = member.get("/api/themedays").json()
    assert api["items"][0]["attended"] == 1 and api["items"][0]["status"] == "held"
    planned = client.post(
        "/api/themedays",
        json.dumps(
            {
                "topic": "Byindeksen",
                "starts_at": start.isoformat(),
                "ends_at": start.replace(hour=12).isoformat(),
                "place": "Vegvesenet",
                "forums": ["nope"],
            }
        ),
        "application/json",
    )
    assert planned.status_code == 422
