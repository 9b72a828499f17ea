"""Two-factor sign-in where it is required: a signed-in person who must use it and has not given the second
factor in this session reaches only the pages to set it up or give it (and sign out). OpenID Connect sign-in
counts as two-factor when ``BYVEKST_OIDC_COUNTS_AS_MFA`` (the identity provider asks for it). Scripts with an
API token are not affected: the token is made by a person who has signed in fully."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from byvekst.accounts.services import has_mfa, mfa_required

OPEN_PREFIXES = ("/to-trinn/", "/logg-ut/", "/logg-inn/", "/static/", "/i18n/", "/healthz", "/favicon.ico", "/oidc/")


def second_factor_given(request: HttpRequest) -> bool:
    user = request.user
    if getattr(user, "is_verified", lambda: False)():
        return True
    return bool(settings.BYVEKST_OIDC_COUNTS_AS_MFA and request.session.get("signed_in_with") == "oidc")


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            getattr(user, "is_authenticated", False)
            and not request.path.startswith(OPEN_PREFIXES)
            and mfa_required(user)
            and not second_factor_given(request)
        ):
            if request.path.startswith("/api/"):
                detail = _("Two-factor sign-in is required: sign in again in the portal, or use an API token.")
                return JsonResponse({"detail": detail}, status=403)
            target = "two-factor-verify" if has_mfa(user) else "two-factor-setup"
            return redirect(f"{redirect(target).url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
