"""Reads of the governance register. Each returns a queryset or value with a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet

from byvekst.governance.models import (
    Area,
    ConfigVersion,
    FocusArea,
    Forum,
    MandateVersion,
    Membership,
    OnboardingTask,
    Party,
    ProgrammeArea,
    User,
)


def today() -> dt.date:
    return dt.date.today()


def active_memberships(day: dt.date | None = None) -> QuerySet[Membership]:
    day = day or today()
    return Membership.objects.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)


def group_leaders(area_code: str) -> QuerySet[Membership]:
    """Who leads the working group of an area today: they submit its sheets to coordination."""
    return (
        active_memberships()
        .filter(forum__kind=Forum.Kind.WORKING_GROUP, forum__area_code=area_code, role=Membership.Role.LEADER)
        .select_related("person", "forum")
    )


def role_in_forum(user: Any, forum: Forum, day: dt.date | None = None) -> str | None:
    """The user's role in a forum today (one at most: the membership rules forbid overlaps)."""
    if not getattr(user, "is_authenticated", False):
        return None
    cache: dict[int, str] = getattr(user, "_forum_roles", None) or {}
    if not hasattr(user, "_forum_roles"):
        cache = dict(active_memberships(day).filter(person=user).values_list("forum_id", "role"))
        user._forum_roles = cache
    return cache.get(forum.pk)


def parties() -> QuerySet[Party]:
    return Party.objects.filter(active=True)


def forums_with_people(*, include_ended: bool = True) -> QuerySet[Forum]:
    members = active_memberships().select_related("person", "party").order_by("role", "person__last_name")
    qs = Forum.objects.select_related("reports_to", "replaced_by", "mandate__current").prefetch_related(
        Prefetch("memberships", queryset=members, to_attr="current_memberships")
    )
    if not include_ended:
        qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today()))
    return qs


def forum_detail(slug: str) -> Forum:
    return forums_with_people().get(slug=slug)


def forums_of(user: User) -> QuerySet[Membership]:
    return active_memberships().filter(person=user).select_related("forum", "party", "forum__mandate__current")


def mandate_versions(forum: Forum) -> QuerySet[MandateVersion]:
    return MandateVersion.objects.filter(mandate__forum=forum).select_related("created_by", "agreed_by")


def public_mandates() -> QuerySet[MandateVersion]:
    """The version in force of every mandate marked public."""
    return (
        MandateVersion.objects.filter(status=MandateVersion.Status.AGREED, is_public=True, mandate__current_id=F("pk"))
        .select_related("mandate__forum")
        .order_by("mandate__forum__order")
    )


def current_config() -> ConfigVersion | None:
    return ConfigVersion.objects.filter(status=ConfigVersion.Status.ADOPTED).order_by("-number").first()


def config_entries(config: ConfigVersion | None) -> dict[str, QuerySet[Any]]:
    return {
        "areas": Area.objects.filter(config=config),
        "focus_areas": FocusArea.objects.filter(config=config),
        "programme_areas": ProgrammeArea.objects.filter(config=config),
    }


_CODES: ContextVar[dict[str, dict[str, set[str]]] | None] = ContextVar("config_codes", default=None)


@contextmanager
def config_codes_cached() -> Iterator[None]:
    """Within the block, :func:`config_codes` reads the configuration once (an import checks thousands of rows)."""
    token = _CODES.set({})
    try:
        yield
    finally:
        _CODES.reset(token)


def config_codes(config: ConfigVersion | None = None) -> dict[str, set[str]]:
    """The codes of the configuration in force (or ``config``): what sheets and rules may refer to."""
    cache = _CODES.get()
    if cache is not None and config is None and "in_force" in cache:
        return cache["in_force"]
    codes = {kind: {e.code for e in entries} for kind, entries in config_entries(config or current_config()).items()}
    if cache is not None and config is None:
        cache["in_force"] = codes
    return codes


def onboarding_for_forum(forum: Forum) -> QuerySet[Membership]:
    tasks = OnboardingTask.objects.select_related("item")
    return (
        active_memberships()
        .filter(forum=forum)
        .select_related("person")
        .prefetch_related(Prefetch("onboarding", queryset=tasks, to_attr="tasks"))
    )
