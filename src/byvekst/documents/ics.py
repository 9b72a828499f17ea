"""One calendar invitation (.ics) from plain data: the organiser and the attendees by name and e-mail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from icalendar import Calendar, Event, vCalAddress, vText


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    optional: bool = False


def invitation(
    *,
    uid: str,
    summary: str,
    starts: dt.datetime,
    ends: dt.datetime,
    location: str,
    description: str,
    url: str,
    organiser: Person | None,
    attendees: list[Person],
) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Byvekst//Miljøløftet//NO")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    ev = Event()
    ev.add("uid", uid)
    ev.add("summary", summary)
    ev.add("dtstart", starts)
    ev.add("dtend", ends)
    ev.add("dtstamp", dt.datetime.now(dt.UTC))
    ev.add("location", location)
    ev.add("description", description)
    ev.add("url", url)
    if organiser is not None:
        address = vCalAddress(f"mailto:{organiser.email}")
        address.params["cn"] = vText(organiser.name)
        ev.add("organizer", address)
    for person in attendees:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.name)
        attendee.params["role"] = vText("OPT-PARTICIPANT" if person.optional else "REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        ev.add("attendee", attendee, encode=False)
    cal.add_component(ev)
    return bytes(cal.to_ical())
