"""Django settings for CareLoop. Every value comes from the environment (see .env.example)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from careloop.env import (
    env_bool,
    env_database,
    env_email,
    env_int,
    env_key,
    env_list,
    env_str,
    env_timezone,
)

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("CARELOOP_VAR_DIR", str(BASE_DIR.parent / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
# `make run`, `make test` and `careloop serve --local` set CARELOOP_LOCAL=1: a single-machine
# install may keep a generated key in var/. Anything else must be given SECRET_KEY explicitly.
LOCAL = env_bool("CARELOOP_LOCAL", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY: must be at least 32 characters long")
        return key
    if not (DEBUG or LOCAL):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set and DEBUG is off: set SECRET_KEY in the environment "
            "(or use `make run`, which keeps a generated key in var/ for local use)"
        )
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

# The audit trail's MAC key (HMAC-SHA256). Kept out of the database on purpose: whoever can
# write to the database but lacks this key cannot rewrite the trail so that it verifies.
AUDIT_KEY = env_key(
    "AUDIT_KEY", generated_path=VAR_DIR / "audit_key", allow_generated=DEBUG or LOCAL
)
if AUDIT_KEY == SECRET_KEY:
    raise ImproperlyConfigured("AUDIT_KEY: must differ from SECRET_KEY")
# Where `careloop audit seal` writes each chain's head; `audit verify` checks against the
# newest seal there. Put it on storage the database's users cannot write (see docs/audit.md).
AUDIT_SEAL_DIR = Path(env_str("AUDIT_SEAL_DIR", str(VAR_DIR / "audit-seals"))).resolve()
# Where the API's asynchronous FHIR bulk exports ($export) write their NDJSON files.
FHIR_EXPORT_DIR = Path(env_str("FHIR_EXPORT_DIR", str(VAR_DIR / "fhir-exports"))).resolve()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    # django.contrib.staticfiles, leaving out django-ninja's unused ReDoc (careloop/api).
    "careloop.api.apps.StaticFilesConfig",
    "django_htmx",
    "ninja",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "careloop.core",
    "careloop.audit",
    "careloop.accounts",
    "careloop.clients",
    "careloop.training",
    "careloop.episodes",
    "careloop.letters",
    "careloop.network",
    "careloop.cases",
    "careloop.checkin",
    "careloop.mfa",
    "careloop.outbox",
    "careloop.jobs",
    "django_tasks",
    "django_tasks_db",
    "careloop.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "careloop.core.middleware.RequestIdMiddleware",
    "careloop.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "careloop.core.middleware.NoStoreWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "careloop.accounts.middleware.IdleTimeoutMiddleware",
    "careloop.accounts.middleware.PracticeMiddleware",
    "careloop.mfa.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "careloop.urls"
WSGI_APPLICATION = "careloop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careloop.core.context_processors.practice",
            ],
        },
    },
]

DATABASES = {
    "default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'careloop.sqlite3'}"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Five failed logins lock that e-mail address for a while, whether or not it exists, so
# the lockout itself reveals nothing.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns that username-only locks ignore the IP; that is the point here: the account
# is locked whoever tries it, and colleagues behind one clinic IP are not locked together.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_FORM_FIELD = "username"
# Failures count under the normalised address (stripped, lower case), the same one sign-in
# looks up: otherwise `COACH@…` or ` coach@…` would start a fresh count.
AXES_USERNAME_CALLABLE = "careloop.accounts.signin.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "careloop.accounts.views.lockout"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# A session unused for this long is signed out (the cookie's age below is the hard limit).
IDLE_TIMEOUT_MINUTES = env_int("IDLE_TIMEOUT_MINUTES", 30, minimum=1)
# Password reset (and the owner's set-your-password link from `careloop practice create`)
# links stop working after this long, or once used.
PASSWORD_RESET_TIMEOUT = 60 * 60 * env_int("PASSWORD_RESET_HOURS", 24, minimum=1)
# Self-service sign-up of new practices at /signup/ (404 when off, the default).
SIGNUP_OPEN = env_bool("SIGNUP_OPEN", False)
SIGNUP_LINK_HOURS = 48
# The REST API (careloop.api, docs/api.md): calls per minute per token before 429.
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120, minimum=1)

# Two-factor sign-in (careloop.mfa). Between the password and the code the session holds
# only a half-done sign-in, for this long; this many wrong codes send the person back to
# the password. Each wrong code also makes django-otp refuse codes for 1, 2, 4, 8... s.
MFA_PENDING_SECONDS = env_int("MFA_PENDING_SECONDS", 300, minimum=30)
MFA_MAX_CODE_FAILURES = env_int("MFA_MAX_CODE_FAILURES", 5, minimum=1)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "CareLoop")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Served over HTTPS by a reverse proxy that terminates TLS (docs/deploy.md). The proxy must
# set X-Forwarded-Proto itself (overwriting what a client sent), or a client could pretend
# a plain-HTTP request was secure.
BEHIND_HTTPS = env_bool("BEHIND_HTTPS", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", BEHIND_HTTPS) or BEHIND_HTTPS
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if BEHIND_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # The load balancer probes /healthz over plain HTTP inside the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)

# Content Security Policy: only our own files may run or style the page. No inline script
# or style (elements or attributes) and no eval, so injected markup can neither run code nor
# restyle a page; htmx's inline indicator styles are off (base.html) and live in app.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"upgrade-insecure-requests": True} if BEHIND_HTTPS else {}),
    },
}

LANGUAGE_CODE = "en-us"
# The practitioner's pages are in English; a client's check-in page speaks the client's
# language (careloop.checkin, translations under careloop/checkin/locale).
LANGUAGES = [("en", "English"), ("es", "Español")]
TIME_ZONE = env_timezone("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Each process keeps its own caches: drawn charts ("default"), and the rendered parts of
# the busiest pages ("parts", careloop/core/pageparts.py), which are reused only while the
# practice's audited change mark and the minute are the same, so several app servers
# never serve each other's stale copies.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "parts": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "careloop-parts",
        "OPTIONS": {"MAX_ENTRIES": env_int("CARELOOP_PAGE_PARTS_ENTRIES", 500, minimum=10)},
    },
}
PAGE_PARTS_CACHE = env_bool("CARELOOP_PAGE_PARTS", True)
# Build every reused part again and fail if it differs (the test suite turns this on).
PAGE_PARTS_VERIFY = env_bool("CARELOOP_PAGE_PARTS_VERIFY", False)

_email = env_email("EMAIL_URL", "console://")
EMAIL_BACKEND = str(_email["EMAIL_BACKEND"])
EMAIL_HOST = str(_email["EMAIL_HOST"])
EMAIL_PORT = int(str(_email["EMAIL_PORT"]))
EMAIL_HOST_USER = str(_email["EMAIL_HOST_USER"])
EMAIL_HOST_PASSWORD = str(_email["EMAIL_HOST_PASSWORD"])
EMAIL_USE_TLS = bool(_email["EMAIL_USE_TLS"])
EMAIL_USE_SSL = bool(_email["EMAIL_USE_SSL"])
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CareLoop <careloop@localhost>")

# Background tasks (docs/tasks.md): django-tasks on its database backend, so the embedded
# SQLite default needs no other server and PostgreSQL deployments run the same code.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# E-mail retries: wait this many seconds after each failed attempt (then give up).
OUTBOX_RETRY_DELAYS = [60, 300, 1800, 7200]
# A worker holds an e-mail it is sending this long; after it, the sweep takes it back.
# Far above EMAIL_TIMEOUT, so a slow server never looks like a dead worker.
OUTBOX_LEASE_SECONDS = env_int("CARELOOP_OUTBOX_LEASE_SECONDS", 120, minimum=1)
# A queued e-mail this overdue is enqueued again by the sweep (its task was lost).
OUTBOX_SWEEP_GRACE_SECONDS = env_int("CARELOOP_OUTBOX_SWEEP_GRACE_SECONDS", 60, minimum=1)
# What the worker runs on a schedule, every so many seconds (0 turns a job off).
JOB_INTERVALS = {
    "outbox-sweep": env_int("CARELOOP_JOB_OUTBOX_SWEEP", 15, minimum=0),
    "reminders": env_int("CARELOOP_JOB_REMINDERS", 300, minimum=0),
    "checkin-send-due": env_int("CARELOOP_JOB_CHECKIN_SEND_DUE", 300, minimum=0),
    "network-digest": env_int("CARELOOP_JOB_NETWORK_DIGEST", 3600, minimum=0),
    "audit-seal": env_int("CARELOOP_JOB_AUDIT_SEAL", 3600, minimum=0),
    "audit-seal-email": env_int("CARELOOP_JOB_AUDIT_SEAL_EMAIL", 86400, minimum=0),
}

# Check-in links by text message (careloop.checkin.sms): "gateway" e-mails the practice's
# e-mail-to-SMS service; "console" prints the text (development only: it shows the link).
CHECKIN_SMS_BACKEND = env_str("CHECKIN_SMS_BACKEND", "gateway")
if CHECKIN_SMS_BACKEND not in {"gateway", "console"}:
    raise ImproperlyConfigured("CHECKIN_SMS_BACKEND: must be gateway or console")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # Only ids and request ids are logged; never clinical values.
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    # Query values are redacted from every line: a search term is a client's name.
    "filters": {"redact_queries": {"()": "careloop.core.logredact.RedactQueryFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_queries"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # runserver's request lines ("GET /clients/?q=... HTTP/1.1"), through the filter.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
