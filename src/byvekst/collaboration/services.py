"""Writes of the disagreement ladder. Each use case one function; each records its audit event in the same
transaction. The clock is a parameter (``now``) so that escalation is tested without waiting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from byvekst.audit.services import record
from byvekst.cases.models import Case
from byvekst.collaboration.models import (
    LEVEL_KIND,
    Disagreement,
    LadderRules,
    Level,
    Position,
    Registration,
    Step,
    ThemeDay,
)
from byvekst.core.http import validated
from byvekst.core.limits import date_error
from byvekst.governance.models import Forum, Membership, Party
from byvekst.governance.selectors import active_memberships
from byvekst.projects.models import Project

MAX_TEXT = 5000


def ladder_rules() -> LadderRules:
    return LadderRules.objects.first() or LadderRules()


def area_of(case: Case | None, project: Project | None) -> str:
    if project is not None:
        return project.area_code
    first = case.projects.order_by("code").first() if case is not None else None
    return first.area_code if first else ""


def forum_at(level: int, area: str) -> Forum | None:
    forums = Forum.objects.filter(kind=LEVEL_KIND[Level(level)], ended_on__isnull=True)
    return (forums.filter(area_code=area) if level == Level.WORKING_GROUP else forums).first()


def _text(errors: dict[str, str], key: str, value: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[key] = _("Fill in this field.")
    elif len(value) > MAX_TEXT:
        errors[key] = _("At most %(n)s characters.") % {"n": MAX_TEXT}
    return value


def _notify(disagreement: Disagreement) -> None:
    """Tell the leaders of the forum the disagreement now sits in (after the change is committed)."""
    leaders = active_memberships().filter(forum=disagreement.forum, role=Membership.Role.LEADER)
    emails = [m.person.email for m in leaders.select_related("person") if m.person.email]
    if not emails:
        return
    subject = _("Disagreement for %(forum)s: %(title)s") % {
        "forum": disagreement.forum.name,
        "title": disagreement.title,
    }
    body = _("The disagreement has come to %(forum)s and must be resolved by %(due)s.") % {
        "forum": disagreement.forum.name,
        "due": timezone.localtime(disagreement.due).strftime("%d.%m.%Y"),
    }
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails, fail_silently=True))


def _place(disagreement: Disagreement, level: int, forum: Forum, reason: str, now: dt.datetime) -> None:
    disagreement.level, disagreement.forum, disagreement.level_since = level, forum, now
    disagreement.due = now + ladder_rules().box(level)
    Step.objects.create(disagreement=disagreement, level=level, forum=forum, reason=reason, at=now)


@transaction.atomic
def disagreement_register(
    *,
    actor: Any,
    title: str,
    level: int,
    positions: dict[Party, str],
    case: Case | None = None,
    project: Project | None = None,
    now: dt.datetime | None = None,
) -> Disagreement:
    """Register a disagreement on a case or a sheet at the lowest level that can resolve it."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    title = _text(errors, "title", title)
    if (case is None) == (project is None):
        errors["subject"] = _("Name the case or the project sheet the disagreement is about.")
    if level not in Level.values:
        errors["level"] = _("Choose the level that should resolve it first.")
    if not positions or not any(t.strip() for t in positions.values()):
        errors["position"] = _("Give your party's position.")
    forum = forum_at(level, area_of(case, project)) if level in Level.values and not errors.get("subject") else None
    if forum is None and "level" not in errors and "subject" not in errors:
        errors["level"] = _("There is no forum at this level for the subject; choose a higher level.")
    if errors:
        raise ValidationError(errors)
    assert forum is not None
    disagreement = Disagreement(
        title=title, case=case, project=project, created_by=actor, level=level, forum=forum, level_since=now, due=now
    )
    disagreement.due = now + ladder_rules().box(level)
    disagreement.save()
    Step.objects.create(disagreement=disagreement, level=level, forum=forum, reason=Step.Reason.REGISTERED, at=now)
    for party, text in positions.items():
        Position.objects.create(disagreement=disagreement, party=party, text=text.strip()[:MAX_TEXT])
    record(
        actor=actor,
        event_type="disagreement.registered",
        obj=disagreement,
        new={"title": title, "forum": forum.name, "positions": {p.short_name: t for p, t in positions.items()}},
    )
    _notify(disagreement)
    return disagreement


def _open(disagreement: Disagreement) -> None:
    if disagreement.status != Disagreement.Status.OPEN:
        raise ValidationError({"status": _("The disagreement is resolved.")})


@transaction.atomic
def position_set(*, actor: Any, disagreement: Disagreement, party: Party, text: str) -> Position:
    _open(disagreement)
    errors: dict[str, str] = {}
    text = _text(errors, "text", text)
    if errors:
        raise ValidationError(errors)
    old = Position.objects.filter(disagreement=disagreement, party=party).values_list("text", flat=True).first()
    position, _created = Position.objects.update_or_create(
        disagreement=disagreement, party=party, defaults={"text": text}
    )
    record(
        actor=actor,
        event_type="disagreement.position",
        obj=disagreement,
        old={"party": party.short_name, "text": old} if old else None,
        new={"party": party.short_name, "text": text},
    )
    return position


def _up(actor: Any, disagreement: Disagreement, reason: str, now: dt.datetime) -> Disagreement:
    if disagreement.level >= Level.STEERING:
        raise ValidationError({"level": _("The Steering Group is the top of the ladder.")})
    level = disagreement.level + 1
    forum = forum_at(level, "")
    if forum is None:
        raise ValidationError({"level": _("There is no forum at the next level.")})
    before = disagreement.forum.name
    _place(disagreement, level, forum, reason, now)
    disagreement.save(update_fields=["level", "forum", "level_since", "due"])
    record(
        actor=actor,
        event_type="disagreement.escalated",
        obj=disagreement,
        old={"forum": before},
        new={"forum": forum.name, "reason": str(Step.Reason(reason).label)},
    )
    _notify(disagreement)
    return disagreement


@transaction.atomic
def disagreement_lift(*, actor: Any, disagreement: Disagreement, now: dt.datetime | None = None) -> Disagreement:
    """A party lifts the disagreement to the next level before its time box runs out."""
    _open(disagreement)
    return _up(actor, disagreement, Step.Reason.LIFTED, now or timezone.now())


@transaction.atomic
def escalate_overdue(*, now: dt.datetime | None = None) -> list[Disagreement]:
    """Every open disagreement whose time box has run out goes one level up (``byvekst escalate``, daily)."""
    now = now or timezone.now()
    overdue = Disagreement.objects.select_for_update().filter(
        status=Disagreement.Status.OPEN, due__lt=now, level__lt=Level.STEERING
    )
    return [_up(None, d, Step.Reason.TIME_BOX, now) for d in overdue.select_related("forum")]


@transaction.atomic
def disagreement_resolve(
    *, actor: Any, disagreement: Disagreement, outcome: str, reservation: str = "", now: dt.datetime | None = None
) -> Disagreement:
    """Resolved at the level where it sits: the outcome, and whether a party keeps a reservation."""
    _open(disagreement)
    errors: dict[str, str] = {}
    outcome = _text(errors, "outcome", outcome)
    reservation = _text(errors, "reservation", reservation, required=False)
    if errors:
        raise ValidationError(errors)
    disagreement.status, disagreement.outcome, disagreement.reservation = (
        Disagreement.Status.RESOLVED,
        outcome,
        reservation,
    )
    disagreement.resolved_at = now or timezone.now()
    disagreement.save(update_fields=["status", "outcome", "reservation", "resolved_at"])
    record(
        actor=actor,
        event_type="disagreement.resolved",
        obj=disagreement,
        new={"forum": disagreement.forum.name, "outcome": outcome, "reservation": reservation},
    )
    return disagreement


@transaction.atomic
def themeday_plan(
    *,
    actor: Any,
    topic: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    organiser: Any,
    organiser_party: Party | None = None,
    focus_area_code: str = "",
    forums: list[Forum] | None = None,
    parties: list[Party] | None = None,
) -> ThemeDay:
    """Put a joint theme day in the plan, with the forums and parties invited."""
    errors: dict[str, str] = {}
    topic = _text(errors, "topic", topic)
    place = _text(errors, "place", place)
    if date_error(starts_at) or date_error(ends_at):
        errors["starts_at"] = str(date_error(starts_at) or date_error(ends_at))
    elif ends_at <= starts_at:
        errors["ends_at"] = _("The day must end after it starts.")
    elif ends_at - starts_at > dt.timedelta(days=3):
        errors["ends_at"] = _("A theme day lasts at most three days.")
    if errors:
        raise ValidationError(errors)
    day = validated(
        ThemeDay(
            topic=topic,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            organiser=organiser,
            organiser_party=organiser_party,
            focus_area_code=focus_area_code,
        )
    )
    day.save()
    day.invited_forums.set(forums or [])
    day.invited_parties.set(parties or [])
    record(
        actor=actor,
        event_type="themeday.planned",
        obj=day,
        new={"topic": topic, "place": place, "forums": [f.name for f in forums or []]},
    )
    return day


@transaction.atomic
def themeday_register(*, actor: Any, day: ThemeDay, person: Any, party: Party | None) -> Registration:
    if day.status != ThemeDay.Status.PLANNED:
        raise ValidationError({"status": _("The theme day is held; registration is closed.")})
    registration, created = Registration.objects.get_or_create(theme_day=day, person=person, defaults={"party": party})
    if created:
        record(actor=actor, event_type="themeday.registered", obj=day, new={"party": party.short_name if party else ""})
    return registration


@transaction.atomic
def themeday_hold(
    *, actor: Any, day: ThemeDay, attended: dict[int, bool], outcome: str, material: str = ""
) -> ThemeDay:
    """After the day: who came (by registration), the material and a short outcome note."""
    errors: dict[str, str] = {}
    outcome = _text(errors, "outcome", outcome)
    material = _text(errors, "material", material, required=False)
    if errors:
        raise ValidationError(errors)
    for registration in day.registrations.all():
        registration.attended = bool(attended.get(registration.person_id))
        registration.save(update_fields=["attended"])
    day.status, day.outcome, day.material = ThemeDay.Status.HELD, outcome, material
    day.save(update_fields=["status", "outcome", "material"])
    record(
        actor=actor,
        event_type="themeday.held",
        obj=day,
        new={"attended": sum(attended.values()), "outcome": outcome},
    )
    return day
