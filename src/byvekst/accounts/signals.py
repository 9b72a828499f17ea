"""Sign-in events go to the audit trail: logins, failed attempts (with the name tried and the address) and
lockouts. Each is written in its own transaction: there is no other change to share one with."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest

from byvekst.audit.services import record


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(getattr(request, "axes_ip_address", "") or request.META.get("REMOTE_ADDR", ""))


def _record(event_type: str, *, actor: Any = None, username: str, request: HttpRequest | None, **extra: Any) -> None:
    with transaction.atomic():
        record(
            actor=actor,
            event_type=event_type,
            object_type="auth.signin",
            object_id=username[:64],
            object_repr=username[:300],
            new={"username": username[:150], "ip": client_ip(request), **extra},
        )


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    method = "oidc" if getattr(user, "backend", "").endswith("RegisterBackend") else "password"
    if request is not None and method == "oidc":
        request.session["signed_in_with"] = "oidc"
    _record("auth.logged_in", actor=user, username=user.get_username(), request=request, method=method)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _record("auth.logged_out", actor=user, username=user.get_username(), request=request)


@receiver(user_login_failed)
def _failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    _record("auth.login_failed", username=str(credentials.get("username", "")), request=request)


@receiver(user_locked_out)
def _locked(sender: Any, request: HttpRequest | None, username: str | None = None, **kwargs: Any) -> None:
    _record("auth.locked_out", username=str(username or ""), request=request)
