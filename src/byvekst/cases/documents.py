"""Case paper, agenda and minutes as documents (Word and PDF share the layout) and the .ics invitation."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from byvekst.audit.services import Anchor
from byvekst.cases.models import Attendance, CasePaper, Meeting, Treatment
from byvekst.core.errors import field_label
from byvekst.documents.ics import Person, invitation
from byvekst.documents.spec import Block, Document, Facts, Heading, Paragraph, Table
from byvekst.governance.models import Membership

ROLE_LABELS = dict(Membership.Role.choices)
# Sections an app above cases adds to a case paper (collaboration: the disagreements on the case).
PAPER_SECTIONS: list[Callable[[Treatment], list[Block]]] = []


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
    for section in PAPER_SECTIONS:
        blocks += section(treatment)
    return Document(title=f"{_('Case paper')} {case.number}: {case.title}", subtitle=treatment.body_name, blocks=blocks)


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    return f"{start:%d.%m.%Y %H:%M}–{timezone.localtime(meeting.ends_at):%H:%M}"


def agenda_document(meeting: Meeting) -> Document:
    items = list(meeting.items.select_related("treatment__case", "treatment__paper").order_by("order"))
    rows = [
        [
            str(i.order),
            i.treatment.case.number,
            i.treatment.case.title,
            i.treatment.get_kind_display(),
            f"{i.minutes_allotted} min",
            (_("late paper") + " " if i.late_paper else "") + (_("not ready") if i.not_ready else ""),
        ]
        for i in items
    ]
    blocks: list = [Table(["#", _("Case"), _("Subject"), _("Kind"), _("Time"), _("Notes")], rows)]
    blocks.append(Heading(_("Proposed conclusions")))
    for i in items:
        paper = getattr(i.treatment, "paper", None)
        blocks += [
            Heading(f"{i.order}. {i.treatment.case.number} {i.treatment.case.title}", level=2),
            Paragraph((paper.draft_conclusion if paper else "") or _("The case paper has no draft conclusion yet.")),
        ]
    return Document(
        title=f"{_('Agenda')}: {meeting}",
        subtitle=f"{_when(meeting)} – {meeting.place or meeting.video_link}",
        blocks=blocks,
    )


def _attendance(meeting: Meeting) -> list:
    """Who was there, who sent apologies and who observed, by party, as the minutes must record them."""
    rows = list(meeting.attendance.select_related("person", "party").order_by("party__short_name", "person__last_name"))
    if not rows:
        return []
    observer = Membership.Role.OBSERVER

    def table(caption: str, chosen: list[Attendance]) -> Table:
        return Table(
            [_("Name"), _("Party"), _("Role")],
            [
                [str(a.person), a.party.short_name if a.party else "–", str(ROLE_LABELS.get(a.role, a.role))]
                for a in chosen
            ],
            caption=caption,
        )

    present = [a for a in rows if a.status == Attendance.Status.PRESENT and a.role != observer]
    away = [a for a in rows if a.status != Attendance.Status.PRESENT and a.role != observer]
    observers = [a for a in rows if a.role == observer and a.status == Attendance.Status.PRESENT]
    blocks: list = [Heading(_("Attendance"))]
    blocks.append(table(_("Present"), present))
    if away:
        blocks.append(table(_("Absent or excused"), away))
    if observers:
        blocks.append(table(_("Observers present (no vote)"), observers))
    return blocks


def minutes_document(meeting: Meeting) -> Document:
    status = meeting.get_minutes_status_display()
    blocks: list = [*_attendance(meeting), Heading(_("Minutes")), Paragraph(meeting.minutes or "–")]
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


def invitation_ics(meeting: Meeting, url: str, people: list[Membership]) -> bytes:
    """The invitation for calendars: organised by the forum's secretary, members required, observers optional."""
    agenda = "\n".join(f"{i.order}. {i.treatment.case}" for i in meeting.items.select_related("treatment__case"))
    secretary = next((m.person for m in people if m.role == Membership.Role.SECRETARY and m.person.email), None)
    return invitation(
        uid=f"meeting-{meeting.pk}@byvekst",
        summary=str(meeting),
        starts=meeting.starts_at,
        ends=meeting.ends_at,
        location=meeting.place or meeting.video_link,
        description=f"{url}\n\n{agenda}",
        url=url,
        organiser=Person(str(secretary), secretary.email) if secretary else None,
        attendees=[
            Person(str(m.person), m.person.email, optional=m.role == Membership.Role.OBSERVER)
            for m in people
            if m.role != Membership.Role.SECRETARY and m.person.email
        ],
    )
