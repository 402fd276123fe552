"""Security headers: a CSP that allows no inline script or style, no-store for anything a
signed-in user sees, HTTPS settings from BEHIND_HTTPS, and a /healthz that names no vendor."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from careloop.testing.objects import OBJECT_MAKERS

ROOT = Path(__file__).resolve().parents[3]


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = [part.strip().split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
def test_it_sends_a_policy_that_allows_no_inline_script_style_or_eval(client):
    directives = _directives(client.get(reverse("login")))
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "upgrade-insecure-requests" not in directives  # only behind HTTPS


def test_it_says_nothing_inline_in_any_template():
    # The policy would block them in the browser; catch them here, with the file's name.
    offenders = []
    for path in (ROOT / "careloop").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        lowered = text.lower()
        if "<style" in lowered or " style=" in lowered or "hx-on" in lowered:
            offenders.append(str(path.relative_to(ROOT)))
        for line in lowered.splitlines():
            if "<script" in line and " src=" not in line:
                offenders.append(str(path.relative_to(ROOT)))
            if any(f" on{event}=" in line for event in ("click", "load", "change", "submit")):
                offenders.append(str(path.relative_to(ROOT)))
    # letter.html is the standalone letter (a file, not served under the app's policy).
    assert [o for o in offenders if not o.endswith("letters/letter.html")] == []


def test_it_does_not_name_the_database_vendor_in_healthz(db, client):
    body = client.get("/healthz").json()
    assert body == {"status": "ok", "database": "reachable"}


def test_it_forbids_caching_a_client_page(personas, alice_client):
    url = reverse("client_detail", args=[OBJECT_MAKERS["client_id"](personas)])
    response = alice_client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_it_forbids_caching_a_letter_download(personas, alice_client):
    letter_id = OBJECT_MAKERS["letter_id"](personas)
    response = alice_client.get(reverse("letter_pdf", args=[letter_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


def _production_env(tmp_path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # pytest-django and Playwright set DJANGO_ALLOW_ASYNC_UNSAFE; production does not.
        if key
        not in {
            "CARELOOP_LOCAL",
            "DEBUG",
            "SECURE_COOKIES",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="careloop.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        AUDIT_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="careloop.example.com",
        CSRF_TRUSTED_ORIGINS="https://careloop.example.com",
        SITE_URL="https://careloop.example.com",
        BEHIND_HTTPS="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CARELOOP_VAR_DIR=str(tmp_path),
    )
    env.update(extra)
    return env


def test_it_passes_check_deploy_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # axes.W006 is silenced on purpose in settings (locks follow the account, not the IP).
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_it_fails_check_deploy_without_https(tmp_path):
    # The test above can fail: the same settings without BEHIND_HTTPS are reported.
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path, BEHIND_HTTPS="false"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS


HTTPS_PROBE = """
import django, json
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from django.test import Client
c = Client(SERVER_NAME="careloop.example.com")
plain = c.get("/login/")
secure = c.get("/login/", headers={"X-Forwarded-Proto": "https"})
health = c.get("/healthz")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "hsts": secure.get("Strict-Transport-Security", ""),
    "csp": secure.get("Content-Security-Policy", ""),
    "secure_status": secure.status_code,
    "health": health.status_code,
    "cookie_secure": bool(secure.cookies["csrftoken"]["secure"]),
}))
"""


def test_it_redirects_to_https_and_sends_hsts_behind_https(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", HTTPS_PROBE],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, "https://careloop.example.com/login/"]
    assert seen["secure_status"] == 200
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "upgrade-insecure-requests" in seen["csp"]
    assert seen["health"] == 200  # the load balancer's plain-HTTP probe is not redirected
    assert seen["cookie_secure"] is True
