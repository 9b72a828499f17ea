"""Two-factor sign-in (TOTP with recovery codes) on django-otp. Who must use it is a setting
(``BYVEKST_MFA_REQUIRED_FOR``); the rule is :func:`mfa_required`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from byvekst.audit.services import record
from byvekst.governance.models import Membership
from byvekst.governance.selectors import active_memberships

RECOVERY_CODES = 10


def mfa_required(user: Any) -> bool:
    """Whether this person must sign in with a second factor (configurable: secretariat, leaders, all)."""
    if not getattr(user, "is_authenticated", False):
        return False
    wanted = set(settings.BYVEKST_MFA_REQUIRED_FOR)
    if "all" in wanted:
        return True
    if "secretariat" in wanted and (user.is_secretariat or user.is_superuser):
        return True
    if "leaders" in wanted:
        leading = (Membership.Role.LEADER, Membership.Role.SECRETARY)
        return active_memberships().filter(person=user, role__in=leading).exists()
    return False


def has_mfa(user: Any) -> bool:
    return user_has_device(user, confirmed=True)


def totp_pending(user: Any) -> TOTPDevice:
    """The unconfirmed authenticator being set up (one at a time; a new visit keeps the same secret)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=False)


@transaction.atomic
def mfa_confirm(*, user: Any, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a code from it; returns the new recovery codes, or None if wrong."""
    if not device.verify_token(code.strip().replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_new(user=user)
    record(actor=user, event_type="auth.mfa_enrolled", obj=user, object_repr=user.get_username(), new={})
    return codes


@transaction.atomic
def recovery_codes_new(*, user: Any) -> list[str]:
    """Replace the person's recovery codes with new ones (each works once)."""
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Gjenopprettingskoder", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    record(actor=user, event_type="auth.recovery_codes_made", obj=user, object_repr=user.get_username(), new={})
    return codes


def mfa_verify(user: Any, code: str) -> Any:
    """The confirmed device that accepts the code (authenticator first, then a recovery code), or None."""
    code = code.strip().replace(" ", "")
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


@transaction.atomic
def mfa_reset(*, actor: Any, user: Any) -> None:
    """The secretariat removes a person's second factor (lost phone); they set it up again at next sign-in."""
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
    record(actor=actor, event_type="auth.mfa_reset", obj=user, object_repr=user.get_username(), new={})
