"""Writes of the case flow. Each use case one function; each records its audit event in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from byvekst.audit.services import anchor_now, record
from byvekst.cases import effects
from byvekst.cases.models import (
    AgendaItem,
    Anchoring,
    Attendance,
    Case,
    CasePaper,
    CaseTarget,
    ConflictOfInterest,
    Decision,
    DecisionEffect,
    Meeting,
    MeetingAmendment,
    PaperComment,
    Treatment,
    Vote,
)
from byvekst.core.decisions import DecisionRef
from byvekst.core.errors import field_label
from byvekst.core.http import validated
from byvekst.core.limits import date_error
from byvekst.core.models import next_number
from byvekst.governance.models import CaseKind, Forum, Membership, OutsideBody, Party, Subject, User
from byvekst.governance.selectors import active_memberships
from byvekst.projects.models import Project

DECIDING = (CaseKind.VEDTAK, CaseKind.INNSTILLING)
# Lines an app above cases adds under an agenda item in the minutes (collaboration: disagreements still open).
MINUTES_NOTES: list[Callable[[AgendaItem, Decision | None], list[str]]] = []
MAX_ITEM_MINUTES = 600


@transaction.atomic
def case_open(
    *,
    actor: Any,
    title: str,
    subject: str,
    officer: User,
    projects: list[Project] | None = None,
    year: int | None = None,
    targets: list[tuple[str, str]] | None = None,
) -> Case:
    """Open a case. ``targets`` are (app_label.model, id) of the records the case proposes to change; a decision
    on the case in a forum with the competence changes them (``cases.effects``)."""
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the case a subject.")
    if subject not in Subject.values:
        errors["subject"] = _("Choose what kind of matter the case is.")
    found = []
    for target_type, target_id in targets or []:
        kinds = [e for e in effects.effects_for(target_type) if e.subject == subject]
        obj = kinds[0].load(str(target_id)) if kinds else None
        if obj is None:
            errors["targets"] = _("Nothing to decide on was found for this kind of matter.")
        else:
            found.append((target_type, str(target_id), str(obj)))
    if errors:
        raise ValidationError(errors)
    year = year or timezone.localdate().year
    seq = next_number(f"case:{year}", lambda: Case.objects.filter(year=year).aggregate(m=Max("seq"))["m"] or 0)
    case = validated(Case(year=year, seq=seq, title=title.strip(), subject=subject, officer=officer))
    case.save()
    if projects:
        case.projects.set(projects)
    CaseTarget.objects.bulk_create(
        CaseTarget(case=case, target_type=t, target_id=i, title=title_[:300]) for t, i, title_ in found
    )
    record(
        actor=actor,
        event_type="case.opened",
        obj=case,
        new={
            "number": case.number,
            "title": case.title,
            "projects": [p.code for p in projects or []],
            "targets": [title_ for _t, _i, title_ in found],
        },
    )
    return case


def competence_refusal(forum: Forum, kind: str, subject: str) -> str | None:
    """Why a forum may not give this kind of treatment to this matter, or None when its mandate allows it."""
    mandate = getattr(forum, "mandate", None)
    current = mandate.current if mandate else None
    if current is None:
        if forum.kind == Forum.Kind.STEERING and kind == CaseKind.VEDTAK and subject == Subject.MANDATES:
            return None  # the Steering Group constitutes itself: it agrees the first mandates, its own included
        return _("%(forum)s has no agreed mandate, so it cannot treat cases.") % {"forum": forum.name}
    if current.has_competence(kind, subject):
        return None
    return _("The mandate of %(forum)s (version %(v)s) gives it no competence for “%(kind)s” on “%(subject)s”.") % {
        "forum": forum.name,
        "v": current.number,
        "kind": CaseKind(kind).label,
        "subject": Subject(subject).label,
    }


@transaction.atomic
def treatment_add(
    *,
    actor: Any,
    case: Case,
    kind: str,
    forum: Forum | None = None,
    outside_body: str = "",
    body: OutsideBody | None = None,
) -> Treatment:
    """Send the case to a forum (its mandate must give the competence) or to a body outside Miljøløftet."""
    if body is not None:
        outside_body = body.name
    if (forum is None) == (not outside_body.strip()):
        raise ValidationError({"forum": _("Choose a forum, or name the outside body (e.g. Bystyret i Bergen).")})
    if forum is not None:
        refusal = competence_refusal(forum, kind, case.subject)
        if refusal:
            raise ValidationError({"kind": refusal})
    order = (case.treatments.aggregate(m=Max("order"))["m"] or 0) + 1
    treatment = validated(
        Treatment(case=case, forum=forum, outside_body=outside_body.strip(), body=body, kind=kind, order=order)
    )
    treatment.save()
    CasePaper.objects.create(treatment=treatment)
    record(
        actor=actor,
        event_type="case.treatment_added",
        obj=case,
        new={"body": treatment.body_name, "kind": kind, "order": order},
    )
    return treatment


def paper_missing(paper: CasePaper) -> dict[str, str]:
    return {
        name: _("%(field)s must be filled in before the case can go on an agenda.")
        % {"field": field_label(CasePaper, name).capitalize()}
        for name in CasePaper.REQUIRED
        if not str(getattr(paper, name) or "").strip()
    }


@transaction.atomic
def paper_save(*, actor: Any, paper: CasePaper, data: dict[str, Any], finalise: bool = False) -> CasePaper:
    before = {f: getattr(paper, f) for f in CasePaper.FIELDS}
    for key in CasePaper.FIELDS:
        if key in data:
            setattr(paper, key, str(data[key] or "").strip())
    if finalise:
        missing = paper_missing(paper)
        if missing:
            raise ValidationError(missing)
        paper.finalised_at = paper.finalised_at or timezone.now()
    paper.save()
    after = {f: getattr(paper, f) for f in CasePaper.FIELDS}
    record(
        actor=actor,
        event_type="case.paper_saved",
        obj=paper.treatment.case,
        old={k: v for k, v in before.items() if after[k] != v},
        new={
            **{k: v for k, v in after.items() if before[k] != v},
            "forum": paper.treatment.body_name,
            "treatment": paper.treatment_id,
            "final": bool(paper.finalised_at),
        },
    )
    return paper


@transaction.atomic
def anchoring_record(*, actor: Any, treatment: Treatment, party: Party, status: str, comment: str = "") -> Anchoring:
    if status not in Anchoring.Status.values:
        raise ValidationError({"status": _("Choose anchored, partly or not anchored.")})
    if status == Anchoring.Status.PARTLY and not comment.strip():
        raise ValidationError({"comment": _("Say what is not yet anchored.")})
    if len(comment) > 500:
        raise ValidationError({"comment": _("At most %(n)s characters.") % {"n": 500}})
    anchoring, _created = Anchoring.objects.update_or_create(
        treatment=treatment, party=party, defaults={"status": status, "comment": comment.strip(), "recorded_by": actor}
    )
    record(
        actor=actor,
        event_type="case.anchoring_recorded",
        obj=treatment.case,
        new={"forum": treatment.body_name, "party": party.slug, "status": status, "comment": anchoring.comment},
    )
    return anchoring


@transaction.atomic
def meeting_schedule(
    *, actor: Any, forum: Forum, starts_at: dt.datetime, ends_at: dt.datetime, place: str = "", video_link: str = ""
) -> Meeting:
    for name, moment in (("starts_at", starts_at), ("ends_at", ends_at)):
        problem = date_error(moment)
        if problem:
            raise ValidationError({name: problem})
    # A time without a zone (as a script may send it) is Norwegian time.
    starts_at, ends_at = (m if timezone.is_aware(m) else timezone.make_aware(m) for m in (starts_at, ends_at))
    starts_at, ends_at = starts_at.replace(second=0, microsecond=0), ends_at.replace(second=0, microsecond=0)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if not place.strip() and not video_link.strip():
        raise ValidationError({"place": _("Give a place or a video link.")})
    year = timezone.localtime(starts_at).year
    number = next_number(
        f"meeting:{forum.pk}:{year}",
        lambda: Meeting.objects.filter(forum=forum, year=year).aggregate(m=Max("number"))["m"] or 0,
    )
    meeting = validated(
        Meeting(
            forum=forum,
            year=year,
            number=number,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            video_link=video_link.strip(),
        )
    )
    meeting.save()
    record(
        actor=actor,
        event_type="meeting.scheduled",
        obj=meeting,
        new={"forum": forum.slug, "starts_at": starts_at, "place": place},
    )
    return meeting


class MeetingClosed(ValidationError):
    """A change to a meeting whose minutes are approved (the API answers 409)."""


def _open(meeting: Meeting) -> None:
    if Meeting.objects.filter(pk=meeting.pk, minutes_status__in=("approved", "published")).exists():
        raise MeetingClosed(
            {
                "meeting": _(
                    "The minutes of this meeting are approved: attendance, agenda and decisions are closed. "
                    "Record a correction to the minutes instead."
                )
            }
        )


@transaction.atomic
def agenda_add(*, actor: Any, meeting: Meeting, treatment: Treatment, minutes: int = 20) -> AgendaItem:
    """Put a treatment on a meeting's agenda: the forum must match, the paper must be complete."""
    _open(meeting)
    if not 1 <= minutes <= MAX_ITEM_MINUTES:
        raise ValidationError(
            {"minutes_allotted": _("Give the time in minutes, from 1 to %(n)s.") % {"n": MAX_ITEM_MINUTES}}
        )
    if treatment.forum_id != meeting.forum_id:
        raise ValidationError({"treatment": _("This treatment belongs to another forum.")})
    if hasattr(treatment, "agenda_item"):
        raise ValidationError({"treatment": _("The case is already on an agenda in this forum.")})
    missing = paper_missing(treatment.paper)
    if missing:
        raise ValidationError(missing)
    if not treatment.paper.finalised_at:
        raise ValidationError({"paper": _("Mark the case paper as final before it goes on an agenda.")})
    order = (meeting.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        treatment=treatment,
        order=order,
        minutes_allotted=minutes,
        late_paper=treatment.paper.finalised_at > meeting.paper_deadline,
    )
    treatment.status = Treatment.Status.ON_AGENDA
    treatment.save(update_fields=["status"])
    record(
        actor=actor,
        event_type="meeting.item_added",
        obj=meeting,
        new={"case": treatment.case.number, "order": order, "late_paper": item.late_paper},
    )
    return item


@transaction.atomic
def agenda_mark_not_ready(*, actor: Any, item: AgendaItem, not_ready: bool) -> AgendaItem:
    _open(item.meeting)
    item.not_ready = not_ready
    item.save(update_fields=["not_ready"])
    record(
        actor=actor,
        event_type="meeting.item_readiness",
        obj=item.meeting,
        new={"case": item.treatment.case.number, "not_ready": not_ready},
    )
    return item


def participants_for_forum(forum: Forum, day: dt.date | None = None) -> list[Membership]:
    """The forum's memberships active on a day (today by default)."""
    return list(active_memberships(day).filter(forum=forum).select_related("person", "party"))


def participants(meeting: Meeting) -> list[Membership]:
    """Who is called to the meeting: the forum's memberships active on the meeting day."""
    return participants_for_forum(meeting.forum, timezone.localtime(meeting.starts_at).date())


@transaction.atomic
def attendance_record(*, actor: Any, meeting: Meeting, statuses: dict[int, str]) -> None:
    """``statuses`` maps person id -> present/absent/excused for the forum's participants."""
    _open(meeting)
    by_person = {m.person_id: m for m in participants(meeting)}
    for person_id, status in statuses.items():
        membership = by_person.get(person_id)
        if membership is None:
            raise ValidationError({"attendance": _("Only the forum's participants can be registered.")})
        if status not in Attendance.Status.values:
            raise ValidationError({"attendance": _("Choose present, absent or excused.")})
        Attendance.objects.update_or_create(
            meeting=meeting,
            person_id=person_id,
            defaults={"role": membership.role, "party": membership.party, "status": status},
        )
    record(actor=actor, event_type="meeting.attendance", obj=meeting, new={str(k): v for k, v in statuses.items()})


def quorum(meeting: Meeting) -> tuple[int, int, bool]:
    """(members present, members needed, quorate). Observers and secretaries never count."""
    members = [m for m in participants(meeting) if m.is_voting]
    present = meeting.attendance.filter(
        status=Attendance.Status.PRESENT, person_id__in=[m.person_id for m in members]
    ).count()
    mandate = meeting.forum.mandate.current
    needed = mandate.quorum_needed(len(members)) if mandate else len(members)
    return present, needed, present >= needed and present > 0


@transaction.atomic
def conflict_declare(*, actor: Any, item: AgendaItem, person: User, note: str) -> ConflictOfInterest:
    _open(item.meeting)
    if not note.strip():
        raise ValidationError({"note": _("Say what the conflict of interest is.")})
    c = validated(ConflictOfInterest(item=item, person=person, note=note.strip()))
    c.save()
    record(
        actor=actor,
        event_type="meeting.conflict_declared",
        obj=item.meeting,
        new={"case": item.treatment.case.number, "person": person.pk, "note": c.note},
    )
    return c


def _next_decision_number(forum: Forum, year: int) -> tuple[str, int]:
    """(``PR-2027-07``, 7): numbered per forum code and year from a counter under a lock."""
    prefix = f"{forum.code}-{year}-"
    seq = next_number(
        f"decision:{prefix}",
        lambda: Decision.objects.filter(number__startswith=prefix).aggregate(m=Max("seq"))["m"] or 0,
    )
    return f"{prefix}{seq:02d}", seq


@transaction.atomic
def decision_record(
    *,
    actor: Any,
    item: AgendaItem,
    text: str,
    mode: str,
    reservations: dict[str, str] | None = None,
    votes: dict[int, str] | None = None,
    responsible: str = "",
    due: dt.date | None = None,
) -> Decision:
    """Record the forum's conclusion on an item. Votes come only from members present; observers never vote.
    The meeting must have begun; the forum's mandate must give the competence now; the mandate's rule on
    anchoring applies; and what the case proposes to change is changed (``cases.effects``)."""
    # Read the meeting and the mandate in force afresh: both may have changed since the page was loaded.
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("forum__mandate__current")
        .get(pk=item.meeting_id)
    )
    _open(meeting)
    treatment = item.treatment
    errors: dict[str, str] = {}
    if meeting.starts_at > timezone.now():
        errors["meeting"] = _("The meeting has not begun: decisions are recorded in the meeting, when it is held.")
    refusal = competence_refusal(meeting.forum, treatment.kind, treatment.case.subject)
    if refusal:
        errors["kind"] = refusal
    if not text.strip():
        errors["text"] = _("Write the decision or recommendation text.")
    if mode not in Decision.Mode.values:
        errors["mode"] = _("Choose consensus, consensus with reservations, or a vote.")
    if hasattr(item, "decision"):
        errors["item"] = _("This item already has a decision.")
    present, needed, ok = quorum(meeting)
    if item.treatment.kind in DECIDING and not ok:
        errors["quorum"] = _("The forum is not quorate: %(p)s members present, %(n)s needed.") % {
            "p": present,
            "n": needed,
        }
    voters = {m.person_id: m for m in participants(meeting) if m.is_voting}
    present_ids = set(meeting.attendance.filter(status=Attendance.Status.PRESENT).values_list("person_id", flat=True))
    conflicted = set(item.conflicts.values_list("person_id", flat=True))
    votes = votes or {}
    for person_id in votes:
        if person_id not in voters:
            errors["votes"] = _("Only members vote; observers and secretaries never do.")
        elif person_id not in present_ids:
            errors["votes"] = _("Only members who are present vote.")
        elif person_id in conflicted:
            errors["votes"] = _("A member with a declared conflict of interest does not vote on the item.")
    if mode == Decision.Mode.VOTE and not votes:
        errors["votes"] = _("Record each member's vote.")
    if mode == Decision.Mode.RESERVATIONS and not reservations:
        errors["reservations"] = _("Record which party reserves itself, and how.")
    if len(responsible) > 200:
        errors["responsible"] = _("At most %(n)s characters.") % {"n": 200}
    known = set(Party.objects.filter(slug__in=list(reservations or {})).values_list("slug", flat=True))
    if any(slug not in known or len(str(text)) > 2000 for slug, text in (reservations or {}).items()):
        errors["reservations"] = _("A reservation names a party (by its short code) and has at most 2000 characters.")
    if date_error(due):
        errors["due"] = str(date_error(due))
    unanchored = unanchored_parties(treatment) if treatment.kind in DECIDING else []
    mandate = meeting.forum.mandate.current
    if unanchored and mandate is not None and mandate.anchoring_rule == "refuse":
        errors["anchoring"] = _("The mandate requires anchoring before a decision; not recorded for: %(parties)s.") % {
            "parties": ", ".join(unanchored)
        }
    applied = [
        (target, effect)
        for target in treatment.case.targets.all()
        if (effect := effects.REGISTRY.get((target.target_type, treatment.kind))) is not None
    ]
    for target, effect in applied:
        obj = effect.load(target.target_id)
        problem = _("%(t)s no longer exists.") % {"t": target.title} if obj is None else effect.check(obj)
        if problem:
            errors["targets"] = problem
    if errors:
        raise ValidationError(errors)
    number, seq = _next_decision_number(meeting.forum, meeting.year)
    decision = Decision.objects.create(
        item=item,
        number=number,
        seq=seq,
        kind=item.treatment.kind,
        text=text.strip(),
        mode=mode,
        reservations=reservations or {},
        unanchored=unanchored,
        responsible=responsible,
        due=due,
        decided_on=timezone.localtime(meeting.starts_at).date(),
    )
    ref = decision_ref(decision)
    for target, effect in applied:
        obj = effect.load(target.target_id)
        title = str(obj)[:300]
        url = effect.apply(actor, ref, obj)
        DecisionEffect.objects.create(
            decision=decision,
            target_type=target.target_type,
            target_id=target.target_id,
            action=effect.action,
            title=title,
            url=url[:200],
        )
    Vote.objects.bulk_create(
        Vote(decision=decision, person_id=pid, party=voters[pid].party, choice=choice) for pid, choice in votes.items()
    )
    treatment.status, treatment.outcome = Treatment.Status.TREATED, decision.text
    treatment.save(update_fields=["status", "outcome"])
    record(
        actor=actor,
        event_type="decision.recorded",
        obj=treatment.case,
        new={
            "number": decision.number,
            "forum": meeting.forum.slug,
            "text": decision.text,
            "mode": mode,
            "reservations": decision.reservations,
            "votes": {str(k): v for k, v in votes.items()},
            "unanchored": unanchored,
            "changed": [e.describe() for e in decision.effects.all()],
        },
    )
    return decision


def decision_ref(decision: Decision) -> DecisionRef:
    item = decision.item
    return DecisionRef(
        number=decision.number,
        date=decision.decided_on or timezone.localtime(item.meeting.starts_at).date(),
        forum=item.meeting.forum.name,
        case=item.treatment.case.number,
    )


def unanchored_parties(treatment: Treatment) -> list[str]:
    """Short names of the forum's voting parties whose anchoring is not recorded, or recorded as not anchored."""
    if treatment.forum is None:
        return []
    parties = {m.party for m in participants_for_forum(treatment.forum) if m.party and m.is_voting}
    anchored = {
        a.party_id for a in treatment.anchorings.all() if a.status in (Anchoring.Status.YES, Anchoring.Status.PARTLY)
    }
    return sorted(p.short_name for p in parties if p.pk not in anchored)


@transaction.atomic
def decision_follow_up(
    *, actor: Any, decision: Decision, status: str, responsible: str, due: dt.date | None
) -> Decision:
    if status not in Decision.FollowUp.values:
        raise ValidationError({"follow_up": _("Choose a follow-up status.")})
    if len(responsible) > 200:
        raise ValidationError({"responsible": _("At most %(n)s characters.") % {"n": 200}})
    if date_error(due):
        raise ValidationError({"due": date_error(due)})
    old = {"follow_up": decision.follow_up, "responsible": decision.responsible, "due": decision.due}
    decision.follow_up, decision.responsible, decision.due = status, responsible, due
    decision.save(update_fields=["follow_up", "responsible", "due"])
    record(
        actor=actor,
        event_type="decision.follow_up",
        obj=decision.item.treatment.case,
        old=old,
        new={"number": decision.number, "follow_up": status, "responsible": responsible, "due": due},
    )
    return decision


def attendance_lines(meeting: Meeting) -> list[str]:
    """Who was there, by party: members present, members absent or excused, observers present."""
    people = {m.person_id: m for m in participants(meeting)}
    marked = {a.person_id: a.status for a in meeting.attendance.all()}

    def who(member: Membership) -> str:
        party = f" ({member.party.short_name})" if member.party else ""
        return f"{member.person}{party}"

    members = [m for m in people.values() if m.is_voting]
    present = [who(m) for m in members if marked.get(m.person_id) == Attendance.Status.PRESENT]
    away = [who(m) for m in members if marked.get(m.person_id) != Attendance.Status.PRESENT]
    observers = [
        who(m)
        for m in people.values()
        if m.role == Membership.Role.OBSERVER and marked.get(m.person_id) == Attendance.Status.PRESENT
    ]
    return [
        _("Members present: %(names)s.") % {"names": "; ".join(present) or "–"},
        _("Members absent or excused: %(names)s.") % {"names": "; ".join(away) or "–"},
        _("Observers present (no vote): %(names)s.") % {"names": "; ".join(observers) or "–"},
    ]


def minutes_text(meeting: Meeting) -> str:
    """A draft of the minutes from what was recorded in the meeting."""
    present, needed, _quorate = quorum(meeting)
    names = dict(Party.objects.values_list("slug", "short_name"))
    lines = [
        f"{meeting}",
        f"{timezone.localtime(meeting.starts_at):%d.%m.%Y %H:%M}, {meeting.place or meeting.video_link}",
        "",
        *attendance_lines(meeting),
        _("Quorate: %(p)s of %(n)s needed members present.") % {"p": present, "n": needed},
        "",
    ]
    for item in meeting.items.select_related("treatment__case").order_by("order"):
        decision = getattr(item, "decision", None)
        lines.append(f"{item.order}. {item.treatment.case}")
        lines.append(f"   {decision.number}: {decision.text}" if decision else "   " + _("No decision recorded."))
        for party, text in (decision.reservations if decision else {}).items():
            lines.append("   " + _("Reservation from %(p)s: %(t)s") % {"p": names.get(party, party), "t": text})
        if decision and decision.unanchored:
            lines.append(
                "   "
                + _("Not anchored in their own organisation when decided: %(p)s.")
                % {"p": ", ".join(decision.unanchored)}
            )
        for effect in decision.effects.all() if decision else []:
            lines.append("   " + _("The decision: %(what)s.") % {"what": effect.describe()})
        for note in MINUTES_NOTES:
            lines.extend("   " + line for line in note(item, decision))
    return "\n".join(lines)


@transaction.atomic
def meeting_amend(*, actor: Any, meeting: Meeting, reason: str, text: str) -> MeetingAmendment:
    """A correction to approved minutes: added with its reason and author, never an edit."""
    if not meeting.is_closed:
        raise ValidationError({"meeting": _("Minutes that are not approved are corrected by editing the draft.")})
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Say why the minutes are corrected.")
    if not text.strip():
        errors["text"] = _("Write the correction.")
    if errors:
        raise ValidationError(errors)
    amendment = MeetingAmendment.objects.create(meeting=meeting, author=actor, reason=reason.strip(), text=text.strip())
    record(
        actor=actor, event_type="minutes.amended", obj=meeting, new={"reason": amendment.reason, "text": amendment.text}
    )
    return amendment


@transaction.atomic
def treatment_outcome_record(
    *, actor: Any, treatment: Treatment, outcome: str, on: dt.date, reference: str = "", link: str = ""
) -> Treatment:
    """What an outside body (a city council, the county council) decided on the case, with its own reference."""
    errors: dict[str, str] = {}
    if treatment.forum_id is not None:
        errors["treatment"] = _("Forums of Miljøløftet record their conclusions as decisions in a meeting.")
    elif treatment.outcome_status:
        errors["treatment"] = _("The outcome in %(b)s is already recorded.") % {"b": treatment.body_name}
    if outcome not in Treatment.Outcome.values:
        errors["outcome_status"] = _("Choose approved, approved with changes, or rejected.")
    if date_error(on):
        errors["outcome_date"] = str(date_error(on))
    if errors:
        raise ValidationError(errors)
    treatment.outcome_status, treatment.outcome_date = outcome, on
    treatment.reference, treatment.link = reference.strip(), link.strip()
    treatment.status = Treatment.Status.TREATED
    treatment.outcome = str(Treatment.Outcome(outcome).label)
    validated(treatment)
    treatment.save()
    record(
        actor=actor,
        event_type="case.outside_outcome",
        obj=treatment.case,
        new={"body": treatment.body_name, "outcome": outcome, "on": on, "reference": treatment.reference},
    )
    for listener in effects.OUTCOME_LISTENERS:
        listener(actor, treatment)
    return treatment


@transaction.atomic
def paper_comment(*, actor: Any, treatment: Treatment, text: str) -> PaperComment:
    """A participant's comment on a case paper (observers may comment; their mandate says so)."""
    if not text.strip() or len(text) > 5000:
        raise ValidationError({"text": _("Write the comment (at most 5 000 characters).")})
    comment = PaperComment.objects.create(treatment=treatment, author=actor, text=text.strip())
    record(
        actor=actor,
        event_type="case.paper_commented",
        obj=treatment.case,
        new={"forum": treatment.body_name, "treatment": treatment.pk, "text": comment.text},
    )
    return comment


@transaction.atomic
def meeting_close(*, actor: Any, meeting: Meeting) -> Meeting:
    _open(meeting)
    meeting.status = Meeting.Status.HELD
    meeting.minutes = meeting.minutes or minutes_text(meeting)
    meeting.minutes_status = Meeting.MinutesStatus.DRAFT
    meeting.save(update_fields=["status", "minutes", "minutes_status"])
    record(actor=actor, event_type="meeting.held", obj=meeting, new={"minutes_status": "draft"})
    return meeting


@transaction.atomic
def minutes_circulate(*, actor: Any, meeting: Meeting, minutes: str, deadline: dt.date) -> Meeting:
    if meeting.minutes_status not in (Meeting.MinutesStatus.DRAFT, Meeting.MinutesStatus.CIRCULATED):
        raise ValidationError({"minutes": _("Only draft minutes can be circulated.")})
    meeting.minutes, meeting.minutes_deadline = minutes, deadline
    meeting.minutes_status = Meeting.MinutesStatus.CIRCULATED
    meeting.save(update_fields=["minutes", "minutes_deadline", "minutes_status"])
    record(actor=actor, event_type="minutes.circulated", obj=meeting, new={"deadline": deadline})
    return meeting


@transaction.atomic
def minutes_approve(*, actor: Any, meeting: Meeting, in_meeting: Meeting | None = None) -> Meeting:
    """Approve the minutes (as the first item of a later meeting, or after the comment deadline) and file the
    excerpt for each item back on its case."""
    if meeting.minutes_status not in (Meeting.MinutesStatus.DRAFT, Meeting.MinutesStatus.CIRCULATED):
        raise ValidationError({"minutes": _("These minutes are already approved.")})
    if in_meeting is None and (meeting.minutes_deadline is None or meeting.minutes_deadline > timezone.localdate()):
        raise ValidationError({"minutes": _("Approve in the next meeting, or wait until the comment deadline.")})
    if in_meeting is not None and (
        in_meeting.forum_id != meeting.forum_id or in_meeting.starts_at <= meeting.starts_at
    ):
        raise ValidationError({"minutes": _("Minutes are approved in a later meeting of the same forum.")})
    meeting.minutes_status = Meeting.MinutesStatus.APPROVED
    meeting.minutes_approved_in = in_meeting
    # The approved minutes carry a checkpoint of the audit trail: a copy of it outside the database, wherever
    # the minutes are filed or sent (docs/decisions/0003-audit-trail.md).
    meeting.audit_anchor = asdict(anchor_now(f"minutes {meeting.pk}"))
    meeting.save(update_fields=["minutes_status", "minutes_approved_in", "audit_anchor"])
    for item in meeting.items.select_related("treatment"):
        decision = getattr(item, "decision", None)
        excerpt = f"{meeting} – {_('item')} {item.order}\n" + (
            f"{decision.number}: {decision.text}" if decision else ""
        )
        if decision and decision.reservations:
            excerpt += "\n" + "\n".join(f"{_('Reservation')} {p}: {t}" for p, t in decision.reservations.items())
        item.treatment.minutes_excerpt = excerpt
        item.treatment.save(update_fields=["minutes_excerpt"])
    record(
        actor=actor,
        event_type="minutes.approved",
        obj=meeting,
        new={"in_meeting": in_meeting.pk if in_meeting else None},
    )
    return meeting


@transaction.atomic
def minutes_publish(*, actor: Any, meeting: Meeting) -> Meeting:
    if meeting.minutes_status != Meeting.MinutesStatus.APPROVED:
        raise ValidationError({"minutes": _("Only approved minutes are published.")})
    meeting.minutes_status = Meeting.MinutesStatus.PUBLISHED
    meeting.save(update_fields=["minutes_status"])
    record(actor=actor, event_type="minutes.published", obj=meeting, new={})
    return meeting
