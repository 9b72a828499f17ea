"""Meetings held from a script — the demo and the test suite build their history with it. Every step is the
ordinary service a person uses in the portal: cases with what they propose to change, treatments, final papers,
a meeting with attendance, anchoring by party, decisions, minutes circulated and approved. The constituting
meeting of the Steering Group (:func:`found_organisation`) agrees every forum's first mandate (its own too,
which ``services.competence_refusal`` allows before any mandate is in force) and then adopts the configuration.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from byvekst.cases import services
from byvekst.cases.models import Case, Decision, Meeting
from byvekst.governance.models import CaseKind, ConfigVersion, Forum, MandateVersion, Subject, User

PAPER = {
    "why": "Saken er lagt fram for forumet etter mandatet.",
    "mandate_basis": "Mandatet for forumet, ansvar og myndighet.",
    "draft_conclusion": "Forslaget vedtas.",
    "background": "Sekretariatet har forberedt saken med partene.",
    "assessment": "Saken er drøftet med partene og er klar for behandling.",
    "consequences": "Som beskrevet i saken.",
    "further_handling": "Vedtaket følges opp av sekretariatet.",
}


@dataclass
class Item:
    """One case on the meeting's agenda and what the forum concludes."""

    case: Case
    kind: str
    text: str
    paper: dict[str, str] = field(default_factory=dict)
    reservations: dict[str, str] = field(default_factory=dict)
    anchored: bool = True


@transaction.atomic
def hold_meeting(
    *,
    actor: User,
    forum: Forum,
    starts_at: dt.datetime,
    items: list[Item],
    place: str = "Fylkeshuset, Agnes Mowinckels gate 5",
    absent: tuple[str, ...] = (),
    approve: bool = True,
) -> tuple[Meeting, list[Decision]]:
    """Schedule a meeting at ``starts_at`` (in the past), hold it, decide each item, and circulate and approve
    the minutes when the comment deadline has passed. ``absent`` holds usernames of members who are away."""
    meeting = services.meeting_schedule(
        actor=actor, forum=forum, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2), place=place
    )
    people = services.participants(meeting)
    services.attendance_record(
        actor=actor,
        meeting=meeting,
        statuses={m.person_id: ("excused" if m.person.username in absent else "present") for m in people},
    )
    parties = {m.party for m in people if m.party and m.is_voting}
    decisions = []
    for item in items:
        # The forum may have just agreed its own mandate: read it afresh for the competence check.
        meeting = Meeting.objects.select_related("forum__mandate__current").get(pk=meeting.pk)
        forum = meeting.forum
        treatment = item.case.treatments.filter(forum=forum, status="planned").first() or services.treatment_add(
            actor=actor, case=item.case, kind=item.kind, forum=forum
        )
        services.paper_save(
            actor=actor,
            paper=treatment.paper,
            data={**PAPER, "draft_conclusion": item.text, **item.paper},
            finalise=True,
        )
        agenda = services.agenda_add(actor=actor, meeting=meeting, treatment=treatment)
        if item.anchored:
            for party in parties:
                services.anchoring_record(actor=actor, treatment=treatment, party=party, status="ja")
        mode = "reservations" if item.reservations else "consensus"
        decisions.append(
            services.decision_record(
                actor=actor, item=agenda, text=item.text, mode=mode, reservations=item.reservations
            )
        )
    services.meeting_close(actor=actor, meeting=meeting)
    deadline = timezone.localtime(starts_at).date() + dt.timedelta(days=7)
    services.minutes_circulate(actor=actor, meeting=meeting, minutes=meeting.minutes, deadline=deadline)
    if approve and deadline <= timezone.localdate():
        services.minutes_approve(actor=actor, meeting=meeting)
    return meeting, decisions


def open_case(actor: User, title: str, subject: str, targets: list[Any], when: dt.datetime) -> Case:
    return services.case_open(
        actor=actor,
        title=title,
        subject=subject,
        officer=actor,
        targets=[(t._meta.label_lower, str(t.pk)) for t in targets],
        year=timezone.localtime(when).year,
    )


@transaction.atomic
def found_organisation(*, actor: User, starts_at: dt.datetime) -> list[Decision]:
    """The Steering Group's constituting meeting: every forum's first mandate, then the first configuration."""
    steering = Forum.objects.get(kind=Forum.Kind.STEERING, ended_on__isnull=True)
    drafts = [
        v
        for v in MandateVersion.objects.filter(status=MandateVersion.Status.DRAFT, mandate__current__isnull=True)
        .select_related("mandate__forum")
        .order_by("mandate__forum__order", "-number")
        if v.mandate.forum.is_active
    ]
    items = [
        Item(
            open_case(actor, "Mandater for foraene i den nye organisasjonen", Subject.MANDATES, drafts, starts_at),
            CaseKind.VEDTAK,
            "Styringsgruppen vedtar mandatene for foraene i den nye organisasjonen av Miljøløftet.",
            {"why": "Den nye organisasjonen trer i kraft; foraene trenger vedtatte mandater."},
        )
    ]
    config = ConfigVersion.objects.filter(status=ConfigVersion.Status.DRAFT).order_by("number").first()
    if config is not None:
        title = "Konfigurasjon: geografiske områder, satsingsområder og programområder"
        items.append(
            Item(
                open_case(actor, title, Subject.FOCUS_AREAS, [config], starts_at),
                CaseKind.VEDTAK,
                "Styringsgruppen vedtar konfigurasjonen fra byvekstavtalen.",
            )
        )
    return hold_meeting(actor=actor, forum=steering, starts_at=starts_at, items=items, place="Fylkeshuset")[1]
