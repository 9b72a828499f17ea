"""Sign-in like the parties' own systems: lockout, failed logins in the audit trail, TOTP two-factor with
recovery codes where the role requires it, password reset by e-mail, and API tokens for scripts."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from byvekst.audit.models import AuditEvent
from byvekst.governance.models import APIToken
from tests.conftest import PASSWORD, Personas


def sign_in(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post("/logg-inn/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


def current_code(device: TOTPDevice) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{value:0{device.digits}d}"


def test_wrong_passwords_lock_the_name_from_that_address_and_are_audited(personas: Personas) -> None:
    client = Client()
    for _ in range(4):
        assert sign_in(client, "a", "wrong-password").status_code == 200
    assert sign_in(client, "a", "wrong-password").status_code == 429  # the fifth wrong one locks
    locked = sign_in(client, "a")  # the right password, too late
    assert locked.status_code == 429
    assert "For mange forsøk" in locked.content.decode()
    assert not client.session.get("_auth_user_id")
    assert AuditEvent.objects.filter(event_type="auth.login_failed", object_id="a").count() >= 5
    event = AuditEvent.objects.filter(event_type="auth.locked_out").first()
    assert event is not None
    assert event.new["username"] == "a" and event.new["ip"] == "10.0.0.7"
    # Another address is not locked out by these attempts.
    other = Client().post("/logg-inn/", {"username": "a", "password": PASSWORD}, REMOTE_ADDR="10.0.0.8")
    assert other.status_code == 302


def test_a_successful_login_is_audited(personas: Personas) -> None:
    assert sign_in(Client(), "a").status_code == 302
    assert AuditEvent.objects.filter(event_type="auth.logged_in", actor=personas.member_a).exists()


@pytest.fixture
def mfa_for_secretariat(settings: Any) -> None:
    settings.BYVEKST_MFA_REQUIRED_FOR = ["secretariat", "leaders"]
    # django-otp slows down guessing (1 s, 2 s, 4 s … after each wrong code); the flow tests do not wait.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_wrong_codes_are_throttled(personas: Personas) -> None:
    device = TOTPDevice.objects.create(user=personas.secretariat, confirmed=True)
    assert not device.verify_token("000000")
    assert not device.verify_token(current_code(device))  # refused while the pause after a wrong code runs


def test_the_secretariat_must_set_up_and_use_a_second_factor(personas: Personas, mfa_for_secretariat: None) -> None:
    client = Client()
    assert sign_in(client, "sek").status_code == 302
    page = client.get("/prosjekter/")
    assert page.status_code == 302 and page["Location"].startswith("/to-trinn/oppsett/")
    setup = client.get(page["Location"])
    assert setup.status_code == 200 and "data:image/svg+xml;base64," in setup.content.decode()
    device = TOTPDevice.objects.get(user=personas.secretariat, confirmed=False)
    wrong = client.post("/to-trinn/oppsett/", {"code": "000000"})
    assert wrong.status_code == 422 and "Koden er ikke riktig" in wrong.content.decode()
    done = client.post("/to-trinn/oppsett/", {"code": current_code(device), "next": "/prosjekter/"})
    codes = re.findall(r"<code>(\w+)</code>", done.content.decode())
    assert done.status_code == 200 and len(codes) == 10
    assert client.get("/prosjekter/").status_code == 200
    assert AuditEvent.objects.filter(event_type="auth.mfa_enrolled", actor=personas.secretariat).exists()

    # A new session asks for the code; a recovery code works once.
    again = Client()
    sign_in(again, "sek")
    assert again.get("/").url.startswith("/to-trinn/?next=")
    assert again.post("/to-trinn/", {"code": "123456"}).status_code == 422
    assert again.post("/to-trinn/", {"code": codes[0], "next": "/saker/"}).url == "/saker/"
    third = Client()
    sign_in(third, "sek")
    assert third.post("/to-trinn/", {"code": codes[0]}).status_code == 422
    # The API answers a session without the second factor with 403; a token is not affected.
    assert third.get("/api/projects").status_code == 403


def test_members_without_a_leading_role_are_not_asked(personas: Personas, mfa_for_secretariat: None) -> None:
    client = Client()
    sign_in(client, "a")
    assert client.get("/prosjekter/").status_code == 200


def test_password_reset_by_email(personas: Personas) -> None:
    personas.member_a.email = "a@bergen.kommune.no"
    personas.member_a.save()
    client = Client()
    assert client.post("/passord/glemt/", {"email": "a@bergen.kommune.no"}).status_code == 302
    assert client.post("/passord/glemt/", {"email": "ukjent@example.com"}).status_code == 302  # no hint
    assert len(mail.outbox) == 1 and "Byvekst" in mail.outbox[0].subject
    link = re.search(r"http://testserver(/passord/ny/\S+/)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    new = "en-lang-ny-passordfrase-2027"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert sign_in(Client(), "a", new).status_code == 302


def test_tokens_made_on_my_page_work_without_csrf_and_can_be_revoked(personas: Personas) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.secretariat)
    page = browser.get("/meg/")
    csrf = page.context["csrf_token"]
    made = browser.post("/meg/", {"name": "Rapportskript", "csrfmiddlewaretoken": csrf})
    plain = re.search(r"(bv_[\w-]{20,})", made.content.decode()).group(1)  # type: ignore[union-attr]
    token = APIToken.objects.get(user=personas.secretariat)
    assert plain not in str(APIToken.objects.values_list("key_hash", "prefix", "name")) and token.last_used_at is None

    script = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
    created = script.post(
        "/api/cases", {"title": "Sak fra skript", "subject": "annet", "officer": "sek"}, "application/json", **auth
    )
    assert created.status_code == 201, created.content
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert "Rapportskript" in browser.get("/meg/").content.decode()

    browser.post(f"/meg/nokler/{token.pk}/trekk-tilbake/", {"csrfmiddlewaretoken": csrf})
    assert script.get("/api/cases", **auth).status_code == 401
    assert AuditEvent.objects.filter(event_type="api_token.revoked").exists()


def test_session_writes_to_the_api_still_need_csrf(personas: Personas) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.secretariat)
    refused = browser.post("/api/cases", {"title": "x", "subject": "annet", "officer": "sek"}, "application/json")
    assert refused.status_code == 403


def test_token_command_prints_the_token_last(personas: Personas) -> None:
    out = io.StringIO()
    call_command("token", "create", "sek", "--name", "CI", stdout=out)
    plain = out.getvalue().strip().splitlines()[-1]
    assert plain.startswith("bv_")
    assert Client().get("/api/projects", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 200
