"""OpenID Connect sign-in (ID-porten, Microsoft Entra ID, any standard provider) on mozilla-django-oidc.

People are not created from the identity provider: the claim named by ``BYVEKST_OIDC_CLAIM`` (``email`` by
default; ``pid`` for ID-porten's national identity number, ``oid`` or ``preferred_username`` for Entra ID) is
matched against the register's field ``BYVEKST_OIDC_USER_FIELD``. A person who is not in the register, or is
deactivated, is refused."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from byvekst.governance.models import User


class RegisterBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        value = claims.get(settings.BYVEKST_OIDC_CLAIM)
        if not value:
            return User.objects.none()
        field = settings.BYVEKST_OIDC_USER_FIELD
        lookup = f"{field}__iexact" if field == "email" else field
        return User.objects.filter(**{lookup: value, "is_active": True})

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get(settings.BYVEKST_OIDC_CLAIM))
