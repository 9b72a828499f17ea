"""Case paper, agenda and minutes as documents (Word and PDF share the layout) and the .ics invitation."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from byvekst.audit.services import Anchor
from byvekst.cases.models import CasePaper, Meeting, Treatment
from byvekst.core.errors import field_label
from byvekst.documents.spec import Document, Facts, Heading, Paragraph, Table


def paper_document(treatment: Treatment) -> Document:
    paper: CasePaper = treatment.paper
    case = treatment.case
    blocks: list = [
        Facts(
            [
                (_("Case"), case.number),
                (_("Forum"), treatment.body_name),
                (_("Expected conclusion"), treatment.get_kind_display()),
                (_("Case officer"), str(case.officer)),
            ]
        )
    ]
    for name in CasePaper.FIELDS:
        blocks += [Heading(field_label(CasePaper, name).capitalize()), Paragraph(getattr(paper, name) or "–")]
    return Document(title=f"{_('Case paper')} {case.number}: {case.title}", subtitle=treatment.body_name, blocks=blocks)


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    return f"{start:%d.%m.%Y %H:%M}–{timezone.localtime(meeting.ends_at):%H:%M}"


def agenda_document(meeting: Meeting) -> Document:
    rows = [
        [
            str(i.order),
            i.treatment.case.number,
            i.treatment.case.title,
            i.treatment.get_kind_display(),
            f"{i.minutes_allotted} min",
            (_("late paper") + " " if i.late_paper else "") + (_("not ready") if i.not_ready else ""),
        ]
        for i in meeting.items.select_related("treatment__case").order_by("order")
    ]
    return Document(
        title=f"{_('Agenda')}: {meeting}",
        subtitle=f"{_when(meeting)} – {meeting.place or meeting.video_link}",
        blocks=[Table(["#", _("Case"), _("Subject"), _("Kind"), _("Time"), _("Notes")], rows)],
    )


def minutes_document(meeting: Meeting) -> Document:
    status = meeting.get_minutes_status_display()
    blocks: list = [Paragraph(meeting.minutes or "–")]
    amendments = list(meeting.amendments.select_related("author"))
    if amendments:
        blocks.append(Heading(_("Corrections to the approved minutes")))
        blocks += [
            Paragraph(
                f"{timezone.localtime(a.created_at):%d.%m.%Y %H:%M}, {a.author}: {a.text} ({_('reason')}: {a.reason})"
            )
            for a in amendments
        ]
    if meeting.audit_anchor:
        blocks.append(Paragraph(Anchor(**meeting.audit_anchor).as_line()))
    return Document(title=f"{_('Minutes')}: {meeting}", subtitle=f"{_when(meeting)} – {status}", blocks=blocks)


def invitation_ics(meeting: Meeting, url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Byvekst//Miljøløftet//NO")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    ev = Event()
    ev.add("uid", f"meeting-{meeting.pk}@byvekst")
    ev.add("summary", str(meeting))
    ev.add("dtstart", meeting.starts_at)
    ev.add("dtend", meeting.ends_at)
    ev.add("dtstamp", dt.datetime.now(dt.UTC))
    ev.add("location", meeting.place or meeting.video_link)
    agenda = "\n".join(f"{i.order}. {i.treatment.case}" for i in meeting.items.select_related("treatment__case"))
    ev.add("description", f"{url}\n\n{agenda}")
    ev.add("url", url)
    cal.add_component(ev)
    return cal.to_ical()
