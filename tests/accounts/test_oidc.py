"""OpenID Connect sign-in end to end: a real provider (django-oidc-provider, tests/oidc_op) runs in its own
process on 127.0.0.1; the browser's part is played by an HTTP client; the portal's callback exchanges the code
for tokens over the network and checks the signed ID token against the provider's keys."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests
from django.test import Client

from byvekst.audit.models import AuditEvent
from byvekst.governance.models import User
from tests.conftest import Personas

ROOT = Path(__file__).resolve().parents[2]
CALLBACK = "http://testserver/oidc/callback/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_op.settings",
        "OIDC_OP_DB": str(tmp_path_factory.mktemp("op") / "op.sqlite3"),
        "OIDC_OP_URL": url,
        "OIDC_REDIRECT_URI": CALLBACK,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    django = [sys.executable, "-m", "django"]
    for args in (["migrate", "--noinput", "-v0"], ["creatersakey"]):
        subprocess.run([*django, *args], env=env, cwd=ROOT, check=True, capture_output=True)
    setup = (ROOT / "tests" / "oidc_op" / "setup.py").read_text()
    subprocess.run([*django, "shell", "-c", setup], env=env, cwd=ROOT, check=True, capture_output=True)
    server = subprocess.Popen(
        [*django, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(f"{url}/openid/.well-known/openid-configuration", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def oidc(settings: Any, provider: str) -> str:
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "byvekst.accounts.oidc.RegisterBackend"]
    settings.OIDC_RP_CLIENT_ID = "byvekst"
    settings.OIDC_RP_CLIENT_SECRET = "byvekst-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/openid/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/openid/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/openid/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/openid/jwks"
    settings.ROOT_URLCONF = "tests.accounts.oidc_urls"
    return provider


def sign_in_at_provider(portal: Client, username: str, password: str) -> Any:
    """Follow the redirects as a browser would; sign in at the provider; hand the callback to the portal."""
    start = portal.get("/oidc/authenticate/")
    assert start.status_code == 302
    browser = requests.Session()
    location = start["Location"]
    for _ in range(10):
        if location.startswith(CALLBACK):
            return portal.get(location.removeprefix("http://testserver"))
        answer = browser.get(location, allow_redirects=False, timeout=5)
        if answer.status_code == 200 and "csrfmiddlewaretoken" in answer.text:  # the provider's login form
            answer = browser.post(
                answer.url,
                data={
                    "username": username,
                    "password": password,
                    "csrfmiddlewaretoken": browser.cookies["csrftoken"],
                    "next": parse_qs(urlparse(answer.url).query).get("next", [""])[0],
                },
                headers={"Referer": answer.url},
                allow_redirects=False,
                timeout=5,
            )
        assert answer.status_code in (301, 302), (answer.url, answer.text[:300])
        location = urljoin(answer.url, answer.headers["Location"])
    raise AssertionError("the provider never sent the browser back to the portal")


def test_a_person_in_the_register_signs_in_with_the_provider(personas: Personas, oidc: str) -> None:
    person = personas.member_a
    person.email = "Kari.Nordmann@bergen.kommune.no"  # matched case-insensitively on the configured claim
    person.save()
    portal = Client()
    assert "Logg inn via virksomheten din" in portal.get("/logg-inn/").content.decode()
    done = sign_in_at_provider(portal, "kari", "kari-passord-123")
    assert done.status_code == 302 and done["Location"] == "/"
    assert int(portal.session["_auth_user_id"]) == person.pk
    assert portal.get("/prosjekter/").status_code == 200
    event = AuditEvent.objects.filter(event_type="auth.logged_in", actor=person).get()
    assert event.new["method"] == "oidc"


def test_someone_not_in_the_register_is_refused(personas: Personas, oidc: str) -> None:
    count = User.objects.count()
    portal = Client()
    done = sign_in_at_provider(portal, "ukjent", "ukjent-passord-123")
    assert done.status_code == 302 and "oidc=feil" in done["Location"]
    assert "_auth_user_id" not in portal.session and User.objects.count() == count
    assert "står ikke i registeret" in portal.get(done["Location"]).content.decode()


def test_provider_sign_in_counts_as_two_factor_when_configured(personas: Personas, oidc: str, settings: Any) -> None:
    settings.BYVEKST_MFA_REQUIRED_FOR = ["secretariat"]
    personas.secretariat.email = "kari.nordmann@bergen.kommune.no"
    personas.secretariat.save()
    portal = Client()
    sign_in_at_provider(portal, "kari", "kari-passord-123")
    assert portal.get("/prosjekter/").status_code == 200
    settings.BYVEKST_OIDC_COUNTS_AS_MFA = False
    assert portal.get("/prosjekter/").status_code == 302
