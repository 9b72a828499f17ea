"""The README's production set-up, run for real: migrate, collectstatic with the manifest storage, `check
--deploy` without a warning, gunicorn behind a (simulated) TLS proxy, and every page kind served with HSTS,
CSP and hashed static files. On the PostgreSQL run it uses a fresh PostgreSQL database, else a SQLite file."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests

from tests.accounts.test_oidc import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PROXY = {"X-Forwarded-Proto": "https"}


class BehindProxy:
    """A client that talks plain HTTP to gunicorn as a TLS-terminating proxy does (``X-Forwarded-Proto``), and
    sends the secure cookies back, which an HTTP client would rightly keep to itself over plain HTTP."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {**PROXY, **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        answer = requests.request(method, self.base + path, headers=headers, timeout=30, **kwargs)
        for cookie in answer.cookies:
            self.cookies[cookie.name] = str(cookie.value)
        return answer

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pg = os.environ.get("DATABASE_URL", "")
    if not pg.startswith("postgres"):
        yield f"sqlite:///{tmp_path_factory.mktemp('prod') / 'byvekst.sqlite3'}"
        return
    name = f"byvekst_prod_{uuid.uuid4().hex[:8]}"
    admin = pg.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield pg.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory, database: str) -> Iterator[str]:
    home = tmp_path_factory.mktemp("home")
    port = free_port()
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their own process; production never has it.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {
        **inherited,
        "BYVEKST_HOME": str(home),
        "DATABASE_URL": database,
        "PATH": f"{BIN}:{os.environ['PATH']}",
    }
    prod = {
        **base,
        "BYVEKST_ENV": "production",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "BYVEKST_AUDIT_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }

    def run(env: dict[str, str], *args: str) -> str:
        done = subprocess.run(["byvekst", *args], env=env, cwd=home, capture_output=True, text=True, check=False)
        assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-2000:])
        return done.stdout + done.stderr

    run(prod, "migrate", "--no-input", "-v0")
    run({**base, "BYVEKST_ENV": "development"}, "demo")  # demo data is refused in production; load it before
    run(prod, "collectstatic", "--no-input", "-v0")
    report = run(prod, "check", "--deploy", "--fail-level", "WARNING")
    assert "no issues" in report, report
    server = subprocess.Popen(
        ["gunicorn", "-c", "python:byvekst.gunicorn_conf", "byvekst.wsgi"],
        env=prod,
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(f"{url}/healthz", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(10)


def test_plain_http_is_redirected_but_the_health_check_answers(production: str) -> None:
    answer = requests.get(f"{production}/offentlig/", allow_redirects=False, timeout=10)
    assert answer.status_code == 301 and answer.headers["Location"].startswith("https://")
    assert requests.get(f"{production}/healthz", timeout=10).json()["status"] == "ok"


def test_every_page_kind_is_served_with_hsts_csp_and_hashed_static_files(production: str) -> None:
    client = BehindProxy(production)
    login = client.get("/logg-inn/")
    assert login.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)  # type: ignore[union-attr]
    signed_in = client.request(
        "POST",
        "/logg-inn/",
        data={"username": "planlegger.bergen", "password": "byvekst-demo-2027", "csrfmiddlewaretoken": token},
        headers={"Referer": f"https{production[4:]}/logg-inn/", "Origin": f"https{production[4:]}"},
        allow_redirects=False,
    )
    assert signed_in.status_code == 302, signed_in.text[:500]
    home = client.get("/")
    links = set(re.findall(r'href="(/[^"#?]*)"', home.text))
    assert len(links) > 8
    pages = {
        "/offentlig/",
        "/prosjekter/",
        "/prosjekter/SO-2027-001/",
        "/prosjekter/kart/",
        "/kriterier/1/",
        "/kriterier/1/rangering/",
        "/saker/",
        "/moter/",
        "/vedtak/",
        "/portefolje/",
        "/organisasjon/",
        "/fora/prioriteringsradet/",
        "/gjennomforing/",
        "/meg/",
        "/api/docs",
        *[link for link in links if not link.startswith(("/static/", "/logg-ut", "/i18n"))],
    }
    for path in sorted(pages):
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        assert answer.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        policy = answer.headers["Content-Security-Policy"]
        script = re.search(r"script-src ([^;]*)", policy).group(1)  # type: ignore[union-attr]
        assert script.strip() == "'self'", (path, policy)
    css = re.search(r'href="(/static/byvekst\.[0-9a-f]{12}\.css)"', home.text)
    assert css, "the stylesheet is not served under its hashed name"
    static = client.get(css.group(1))
    assert static.status_code == 200 and "max-age=31536000" in static.headers["Cache-Control"]
    assert client.get("/favicon.ico").status_code == 200
