"""Typed readers for settings that come from the environment.

Each helper refuses a bad value with one clear line (ImproperlyConfigured), so a
misconfigured deployment stops at start-up instead of misbehaving later.
"""

from __future__ import annotations

import os
import secrets
import zoneinfo
from pathlib import Path
from urllib.parse import unquote, urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}: expected true/false (1/0, yes/no), got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: expected a whole number, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}: must be at least {minimum}, got {value}")
    return value


def env_key(name: str, *, generated_path: Path, allow_generated: bool, min_length: int = 32) -> str:
    """A secret key from the environment. A single-machine install (`make run`, tests) may
    instead keep a generated one in `generated_path`; anything else must set it."""
    key = os.environ.get(name, "")
    if key:
        if len(key) < min_length:
            raise ImproperlyConfigured(f"{name}: must be at least {min_length} characters long")
        return key
    if not allow_generated:
        raise ImproperlyConfigured(
            f"{name} is not set and DEBUG is off: set {name} in the environment "
            "(or use `make run`, which keeps a generated key in var/ for local use)"
        )
    if not generated_path.exists():
        generated_path.parent.mkdir(parents=True, exist_ok=True)
        generated_path.write_text(secrets.token_urlsafe(50))
        generated_path.chmod(0o600)
    return generated_path.read_text().strip()


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_timezone(name: str, default: str) -> str:
    value = os.environ.get(name, default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name}: unknown time zone {value!r} (use an IANA name such as Europe/London)"
        ) from None
    return value


def env_email(name: str, default: str) -> dict[str, object]:
    """Parse EMAIL_URL into Django e-mail settings.

    smtp://user:pass@host:port, smtp+tls://..., smtp+ssl://..., console://, locmem://
    """
    raw = os.environ.get(name, default)
    url = urlparse(raw)
    backends = {
        # Headers only: a letter's text or PDF must never reach the log.
        "console": "careloop.core.mail.HeadersOnlyConsoleBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
        "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
    }
    if url.scheme not in backends:
        raise ImproperlyConfigured(
            f"{name}: scheme must be one of {', '.join(sorted(backends))}, got {raw!r}"
        )
    try:
        port = url.port
    except ValueError:
        raise ImproperlyConfigured(f"{name}: bad port in {raw!r}") from None
    return {
        "EMAIL_BACKEND": backends[url.scheme],
        "EMAIL_HOST": url.hostname or "localhost",
        "EMAIL_PORT": port or (465 if url.scheme == "smtp+ssl" else 25),
        "EMAIL_HOST_USER": unquote(url.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(url.password or ""),
        "EMAIL_USE_TLS": url.scheme == "smtp+tls",
        "EMAIL_USE_SSL": url.scheme == "smtp+ssl",
    }


def env_database(name: str, default: str) -> dict[str, object]:
    raw = os.environ.get(name) or default
    try:
        config = dict(dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True))
    except Exception as exc:  # dj_database_url raises several types for bad URLs
        raise ImproperlyConfigured(f"{name}: cannot parse {raw!r}: {exc}") from None
    engine = str(config.get("ENGINE", ""))
    if engine.endswith("sqlite3"):
        # SQLite is embedded: keep it safe against power loss and concurrent writers.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                " PRAGMA busy_timeout=20000;"
            ),
        }
    elif "postgresql" in engine:
        config["ENGINE"] = "django.db.backends.postgresql"
    else:
        raise ImproperlyConfigured(f"{name}: only sqlite:// and postgres:// are supported")
    return config
