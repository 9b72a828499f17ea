"""Sign-in pages beyond the password: two-factor set-up and check, and "My page" with the person's API tokens."""

from __future__ import annotations

import base64
import io
from typing import Any, cast

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from byvekst.accounts import services
from byvekst.accounts.forms import CodeForm, TokenForm
from byvekst.governance import selectors as governance
from byvekst.governance.models import APIToken, User
from byvekst.governance.services import api_token_create, api_token_revoke


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


class SignInView(LoginView):
    template_name = "registration/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "oidc_enabled": settings.OIDC_ENABLED}


def _qr(uri: str) -> str:
    buf = io.BytesIO()
    segno.make(uri, error="m").save(buf, kind="svg", scale=5, dark="#1b1f24", border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode()


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    device = services.totp_pending(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.mfa_confirm(user=request.user, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", _("The code is not right. Check the clock on your phone and try a new code."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr": _qr(device.config_url), "secret": secret, "next": _next(request)},
        status=422 if form.errors else 200,
    )


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    if not services.has_mfa(request.user):
        return redirect("two-factor-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.mfa_verify(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", _("The code is not right, or it was used already."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next(request)},
        status=422 if form.errors else 200,
    )


@login_required
def my_page(request: HttpRequest) -> HttpResponse:
    """The person's own page: roles, two-factor sign-in and API tokens (create, see last use, revoke)."""
    person = cast(User, request.user)
    form = TokenForm(request.POST or None)
    created = ""
    if request.method == "POST" and form.is_valid():
        _token, created = api_token_create(actor=person, user=person, name=form.cleaned_data["name"])
        form = TokenForm()
    return render(
        request,
        "accounts/me.html",
        {
            "memberships": governance.forums_of(person),
            "tokens": APIToken.objects.filter(user=person),
            "form": form,
            "created": created,
            "has_mfa": services.has_mfa(request.user),
            "mfa_required": services.mfa_required(request.user),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(APIToken, pk=pk, user=cast(User, request.user))
    api_token_revoke(actor=request.user, token=token)
    messages.success(
        request, _("The token “%(name)s” is revoked; scripts using it are refused from now on.") % {"name": token.name}
    )
    return redirect("my-page")


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    if not services.has_mfa(request.user):
        return redirect("two-factor-setup")
    codes = services.recovery_codes_new(user=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/meg/"})
