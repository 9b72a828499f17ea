"""One settings module, driven by the environment.

Development defaults let a newcomer run the portal at once (SQLite under ``var/``, DEBUG on, a development
key). ``BYVEKST_ENV=production`` turns on the checks in :func:`check_production`, which refuse to start with
the development key, a short key, DEBUG on, or without the audit key; production assumes a TLS-terminating
proxy in front (``X-Forwarded-Proto``) and turns on HSTS, the SSL redirect and secure cookies. Every variable
is listed in the README.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("BYVEKST_HOME", Path.cwd()))
VAR_DIR = PROJECT_DIR / "var"

DEV_SECRET_KEY = "byvekst-development-key-not-for-production"
DEV_AUDIT_KEY = "byvekst-development-audit-key"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


ENVIRONMENT = os.environ.get("BYVEKST_ENV", "development")
IS_PRODUCTION = ENVIRONMENT == "production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", not IS_PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The audit trail's records carry an HMAC with this key, which lives outside the database (see docs/decisions/0003).
AUDIT_KEY = os.environ.get("BYVEKST_AUDIT_KEY", DEV_AUDIT_KEY)
# Anchors of the audit chain, outside the database (put it on a disk the database server cannot write).
BYVEKST_AUDIT_ANCHOR_FILE = os.environ.get("BYVEKST_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.jsonl"))


def check_production(environment: str, secret_key: str, debug: bool, audit_key: str = "set") -> None:
    """Refuse an unsafe production configuration. Called below and by the tests."""
    if environment != "production":
        return
    if not secret_key or secret_key == DEV_SECRET_KEY:
        raise ImproperlyConfigured("BYVEKST_ENV=production needs its own SECRET_KEY, not the development key.")
    if len(secret_key) < 50 or len(set(secret_key)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters with at least 5 different ones.")
    if debug:
        raise ImproperlyConfigured("BYVEKST_ENV=production refuses to start with DEBUG on.")
    if not audit_key or audit_key == DEV_AUDIT_KEY:
        raise ImproperlyConfigured("BYVEKST_ENV=production needs BYVEKST_AUDIT_KEY (the audit trail's HMAC key).")


check_production(ENVIRONMENT, SECRET_KEY, DEBUG, AUDIT_KEY)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_htmx",
    "template_partials",
    "ninja",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "byvekst.core",
    "byvekst.audit",
    "byvekst.governance",
    "byvekst.accounts",
    "byvekst.projects",
    "byvekst.assessment",
    "byvekst.cases",
    "byvekst.portfolio",
    "byvekst.followup",
    "byvekst.collaboration",
    "byvekst.goals",
    "byvekst.overview",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "byvekst.core.middleware.RequestLimitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "byvekst.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "byvekst.urls"
WSGI_APPLICATION = "byvekst.wsgi.application"
ASGI_APPLICATION = "byvekst.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "byvekst.core.context_processors.navigation",
                "byvekst.core.context_processors.map_tiles",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'byvekst.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)  # whitenoise warns when STATIC_ROOT is missing
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A busy timeout lets the web process and the task worker share the file without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
elif DB_POOL_MAX := env_int("BYVEKST_DB_POOL_MAX", 0):
    # psycopg's connection pool (Django 5.1+): each process keeps up to this many connections open and lends
    # them out per request; for gunicorn with threads (WEB_THREADS). A pool replaces persistent connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": DB_POOL_MAX, "timeout": 10}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "governance.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "public"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- sign-in: passwords with lockout (django-axes), TOTP (django-otp), OpenID Connect (mozilla-django-oidc)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("BYVEKST_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("BYVEKST_LOGIN_COOLOFF_MINUTES", 15))
# Locking a name regardless of address would let anyone lock out a colleague; the pair is what OWASP advises.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env_int("BYVEKST_PROXY_COUNT", 1 if IS_PRODUCTION else 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_VERBOSE = False

# Who must use two-factor sign-in: any of "secretariat", "leaders" (forum leaders and secretaries), "all".
# Production requires it of the secretariat and the forum leaders unless configured otherwise.
BYVEKST_MFA_REQUIRED_FOR = env_list("BYVEKST_MFA_REQUIRED_FOR", "secretariat,leaders" if IS_PRODUCTION else "")
OTP_TOTP_ISSUER = "Byvekst"

OIDC_ENABLED = bool(os.environ.get("OIDC_CLIENT_ID"))
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("byvekst.accounts.oidc.RegisterBackend")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_LOGOUT_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
OIDC_CREATE_USER = False  # people come from the register; an unknown person is refused
OIDC_USE_NONCE = True
LOGIN_REDIRECT_URL_FAILURE = "/logg-inn/?oidc=feil"
# Which claim names the person, and which field of the register it is matched against.
BYVEKST_OIDC_CLAIM = os.environ.get("BYVEKST_OIDC_CLAIM", "email")
BYVEKST_OIDC_USER_FIELD = os.environ.get("BYVEKST_OIDC_USER_FIELD", "email")
# ID-porten (substantial/high) and Entra ID with conditional access sign in with two factors themselves.
BYVEKST_OIDC_COUNTS_AS_MFA = env_bool("BYVEKST_OIDC_COUNTS_AS_MFA", True)

# --- e-mail (password reset, digests): a file per message under var/mail in development
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "byvekst@localhost")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if not DEBUG else 0  # hashed names: cache for a year

# --- limits at the edge (docs/decisions/0008-input-limits.md)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("BYVEKST_BODY_MAX_KB", 2048) * 1024
BYVEKST_UPLOAD_MAX_MB = env_int("BYVEKST_UPLOAD_MAX_MB", 25)
BYVEKST_IMPORT_MAX_ROWS = env_int("BYVEKST_IMPORT_MAX_ROWS", 5000)
BYVEKST_IMPORT_MAX_UNZIPPED_MB = env_int("BYVEKST_IMPORT_MAX_UNZIPPED_MB", 60)

# --- background runs
BYVEKST_RUN_STALE_SECONDS = env_int("BYVEKST_RUN_STALE_SECONDS", 120)
BYVEKST_RUN_MAX_ATTEMPTS = env_int("BYVEKST_RUN_MAX_ATTEMPTS", 2)

# --- HTTPS behind a proxy, cookies, headers
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", IS_PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's health check may speak plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if IS_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_SECURE = IS_PRODUCTION
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "byvekst.core.views.csrf_failure"
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page, never from the cookie
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("BYVEKST_SESSION_HOURS", 10) * 3600
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: no inline or foreign script; style attributes are allowed (charts and the map set
# sizes and colours on elements), style elements are not. An optional tile server for the map is added.
BYVEKST_MAP_TILES = os.environ.get("BYVEKST_MAP_TILES", "")  # e.g. https://cache.kartverket.no/…/{z}/{y}/{x}.png
BYVEKST_MAP_TILES_CREDIT = os.environ.get("BYVEKST_MAP_TILES_CREDIT", "")
_TILE_ORIGIN = "/".join(BYVEKST_MAP_TILES.split("/")[:3]) if BYVEKST_MAP_TILES.startswith("https://") else ""
_OIDC_ORIGIN = "/".join(OIDC_OP_AUTHORIZATION_ENDPOINT.split("/")[:3]) if OIDC_ENABLED else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:", *([_TILE_ORIGIN] if _TILE_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF, *([_OIDC_ORIGIN] if _OIDC_ORIGIN else [])],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"axes": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 500
