"""Writes to the governance register. One function per use case; each records its audit event in the same
transaction. HTML views and API endpoints both call these; they validate input, these enforce the rules."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from byvekst.audit.services import changed, record, snapshot
from byvekst.core.decisions import DecisionRef, put_in_force
from byvekst.core.errors import field_label
from byvekst.governance.models import (
    APIToken,
    Area,
    ConfigVersion,
    FocusArea,
    Forum,
    Mandate,
    MandateVersion,
    Membership,
    OnboardingItem,
    OnboardingTask,
    Party,
    ProgrammeArea,
    User,
)


@transaction.atomic
def party_update(*, actor: Any, party: Party, data: dict[str, Any]) -> Party:
    before = snapshot(party)
    for key, value in data.items():
        setattr(party, key, value)
    party.full_clean()
    party.save()
    old, new = changed(before, snapshot(party))
    record(actor=actor, event_type="party.updated", obj=party, old=old, new=new)
    return party


@transaction.atomic
def forum_create(*, actor: Any, data: dict[str, Any]) -> Forum:
    forum = Forum(**data)
    forum.full_clean()
    forum.save()
    Mandate.objects.create(forum=forum)
    record(actor=actor, event_type="forum.created", obj=forum, new=snapshot(forum))
    return forum


def _next_version_number(mandate: Mandate) -> int:
    return (mandate.versions.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def mandate_draft(*, actor: Any, forum: Forum, data: dict[str, Any] | None = None) -> MandateVersion:
    """A new draft version: from ``data``, or a copy of the version in force for editing."""
    mandate, _created = Mandate.objects.select_for_update().get_or_create(forum=forum)
    if data is None:
        base = mandate.current
        data = {f: getattr(base, f) for f in MandateVersion.CONTENT_FIELDS} if base else {}
        data["change_reason"] = ""
    author = actor if getattr(actor, "is_authenticated", False) else None
    version = MandateVersion(mandate=mandate, number=_next_version_number(mandate), created_by=author, **data)
    version.full_clean(exclude=["purpose", "responsibilities"] if not data else None)
    version.save()
    record(actor=actor, event_type="mandate.drafted", obj=version, new=snapshot(version, list(version.CONTENT_FIELDS)))
    return version


@transaction.atomic
def mandate_update(*, actor: Any, version: MandateVersion, data: dict[str, Any]) -> MandateVersion:
    fields = list(MandateVersion.CONTENT_FIELDS)
    before = snapshot(version, fields)
    for key, value in data.items():
        setattr(version, key, value)
    version.full_clean()
    version.save()  # refuses if the stored version is agreed
    old, new = changed(before, snapshot(version, fields))
    record(actor=actor, event_type="mandate.updated", obj=version, old=old, new=new)
    return version


def mandate_missing_fields(version: MandateVersion) -> dict[str, str]:
    missing = {}
    for name in MandateVersion.REQUIRED_TO_AGREE:
        value = getattr(version, name)
        if value in (None, "", []):
            label = field_label(MandateVersion, name)
            missing[name] = _("%(field)s must be filled in before the mandate can be agreed.") % {"field": label}
    if version.quorum_rule == MandateVersion.Quorum.MINIMUM and not version.quorum_minimum:
        missing["quorum_minimum"] = _("Give the minimum number of members for this quorum rule.")
    return missing


@transaction.atomic
def mandate_agree(*, actor: Any, version: MandateVersion, decision: DecisionRef) -> MandateVersion:
    """The decision agrees a draft: it becomes the version in force and never changes again."""
    version = MandateVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_agreed:
        raise ValidationError({"status": _("This version is already agreed.")})
    missing = mandate_missing_fields(version)
    if missing:
        raise ValidationError(missing)
    version.status = MandateVersion.Status.AGREED
    version.agreed_on = decision.date
    version.decision_number = decision.number
    version.agreed_by = actor if getattr(actor, "is_authenticated", False) else None
    version.save()
    put_in_force(actor=actor, version=version, owner=version.mandate, event_type="mandate.agreed", decision=decision)
    return version


def membership_conflicts(
    *, person: User, forum: Forum, role: str, start: dt.date, end: dt.date | None, exclude_pk: int | None = None
) -> dict[str, str]:
    """Field -> message for a membership that would overlap another of the same person in the same forum."""
    errors: dict[str, str] = {}
    if end is not None and end < start:
        errors["end"] = _("The end date is before the start date.")
        return errors
    overlapping = Membership.objects.filter(person=person, forum=forum).filter(Q(end__isnull=True) | Q(end__gte=start))
    if end is not None:
        overlapping = overlapping.filter(start__lte=end)
    if exclude_pk:
        overlapping = overlapping.exclude(pk=exclude_pk)
    other = overlapping.first()
    if other is None:
        return errors
    observer = Membership.Role.OBSERVER
    period = f"{other.start:%d.%m.%Y}–{other.end:%d.%m.%Y}" if other.end else f"{other.start:%d.%m.%Y}–"
    if (role == observer) != (other.role == observer):
        errors["role"] = _(
            "%(person)s is already %(role)s in %(forum)s (%(period)s). Nobody can be member and observer "
            "of the same forum at the same time."
        ) % {"person": person, "role": other.get_role_display().lower(), "forum": forum, "period": period}
    else:
        errors["start"] = _(
            "%(person)s already has a membership in %(forum)s in this period (%(role)s, %(period)s). "
            "End it first, or choose dates that do not overlap."
        ) % {"person": person, "role": other.get_role_display().lower(), "forum": forum, "period": period}
    return errors


@transaction.atomic
def membership_create(
    *,
    actor: Any,
    person: User,
    forum: Forum,
    party: Party | None,
    role: str,
    start: dt.date,
    end: dt.date | None = None,
) -> Membership:
    errors = membership_conflicts(person=person, forum=forum, role=role, start=start, end=end)
    if errors:
        raise ValidationError(errors)
    membership = Membership.objects.create(person=person, forum=forum, party=party, role=role, start=start, end=end)
    if forum.kind == Forum.Kind.WORKING_GROUP:
        OnboardingTask.objects.bulk_create(
            OnboardingTask(membership=membership, item=item) for item in OnboardingItem.objects.filter(active=True)
        )
    record(actor=actor, event_type="membership.created", obj=membership, new=snapshot(membership))
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, end: dt.date) -> Membership:
    if end < membership.start:
        raise ValidationError({"end": _("The end date is before the start date.")})
    old = {"end": membership.end}
    membership.end = end
    membership.save(update_fields=["end"])
    record(actor=actor, event_type="membership.ended", obj=membership, old=old, new={"end": end})
    return membership


@transaction.atomic
def onboarding_tick(*, actor: Any, task: OnboardingTask, done: bool) -> OnboardingTask:
    old = {"done_on": task.done_on}
    task.done_on = dt.date.today() if done else None
    task.done_by = actor if done else None
    task.save(update_fields=["done_on", "done_by"])
    record(actor=actor, event_type="onboarding.ticked", obj=task, old=old, new={"done_on": task.done_on})
    return task


@transaction.atomic
def config_adopt(*, actor: Any, config: ConfigVersion, decision: DecisionRef) -> ConfigVersion:
    """The decision adopts a draft configuration; it is the one in force from then on."""
    config = ConfigVersion.objects.select_for_update().get(pk=config.pk)
    if config.status == ConfigVersion.Status.ADOPTED:
        raise ValidationError({"status": _("This configuration version is already adopted.")})
    config.status = ConfigVersion.Status.ADOPTED
    config.adopted_on = decision.date
    config.decision_number = decision.number
    config.save()
    record(actor=actor, event_type="config.adopted", obj=config, new={"decision": decision.number})
    return config


CONFIG_KINDS: dict[str, type[Area] | type[FocusArea] | type[ProgrammeArea]] = {
    "areas": Area,
    "focus_areas": FocusArea,
    "programme_areas": ProgrammeArea,
}


@transaction.atomic
def config_draft(*, actor: Any) -> ConfigVersion:
    """A new draft configuration, copied from the version in force (entries keep their codes)."""
    current = ConfigVersion.objects.filter(status=ConfigVersion.Status.ADOPTED).order_by("-number").first()
    number = (ConfigVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = ConfigVersion.objects.create(
        number=number, note=_("Draft from version %(n)s") % {"n": current.number if current else 0}
    )
    for model in CONFIG_KINDS.values():
        for entry in model.objects.filter(config=current):
            entry.pk = None
            entry.config = draft
            entry.save()
    record(actor=actor, event_type="config.drafted", obj=draft, new={"from": current.number if current else None})
    return draft


@transaction.atomic
def config_set_entries(*, actor: Any, config: ConfigVersion, kind: str, lines: str) -> ConfigVersion:
    """Replace one kind of entry in a draft from lines of "code: name" (codes are how other records refer)."""
    if config.status == ConfigVersion.Status.ADOPTED:
        raise ValidationError({"status": _("An adopted configuration cannot change; draft a new version.")})
    model = CONFIG_KINDS[kind]
    entries: list[tuple[str, str]] = []
    for n, line in enumerate(lines.splitlines(), start=1):
        if not line.strip():
            continue
        code, _sep, name = line.partition(":")
        code, name = code.strip().lower(), name.strip()
        if not code or not name or not code.replace("-", "").isalnum():
            raise ValidationError(
                {kind: _("Line %(n)s: write “code: name”, the code in letters, digits and hyphens.") % {"n": n}}
            )
        entries.append((code, name))
    if not entries:
        raise ValidationError({kind: _("Give at least one entry.")})
    if len({c for c, _n in entries}) != len(entries):
        raise ValidationError({kind: _("A code is used twice.")})
    old = list(model.objects.filter(config=config).values_list("code", "name"))
    kept = {e.code: e for e in model.objects.filter(config=config)}
    model.objects.filter(config=config).exclude(code__in=[c for c, _n in entries]).delete()
    for order, (code, name) in enumerate(entries):
        entry = kept.get(code) or model(config=config, code=code)
        entry.name, entry.order = name, order
        entry.save()
    record(actor=actor, event_type="config.entries_set", obj=config, old={kind: old}, new={kind: entries})
    return config


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


TOKEN_TOUCH_SECONDS = 60  # "last used" is written at most once a minute per token


@transaction.atomic
def api_token_create(*, actor: Any, user: User, name: str) -> tuple[APIToken, str]:
    """Create a token; the plain text is returned once and never stored."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ValidationError({"name": _("Give the token a name of at most 100 characters.")})
    plain = "bv_" + secrets.token_urlsafe(32)
    token = APIToken.objects.create(user=user, name=name, key_hash=_hash_token(plain), prefix=plain[:10])
    record(actor=actor, event_type="api_token.created", obj=token, new={"user": user.pk, "name": name})
    return token, plain


@transaction.atomic
def api_token_revoke(*, actor: Any, token: APIToken) -> APIToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor=actor, event_type="api_token.revoked", obj=token, new={"user": token.user_id})
    return token


def api_token_user(plain: str) -> User | None:
    """The person a token belongs to, if it is valid; notes when it was last used."""
    if not plain.startswith("bv_") or len(plain) > 100:
        return None
    token = APIToken.objects.select_related("user").filter(key_hash=_hash_token(plain), revoked_at=None).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > TOKEN_TOUCH_SECONDS:
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
