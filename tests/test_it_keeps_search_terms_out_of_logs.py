"""Issue 9 hole 3: a search term (a client's name) never reaches the server's log.

Runs the real ``careloop serve`` (gunicorn) and ``manage.py runserver`` in subprocesses on
a throwaway SQLite database, searches for a client by name signed in and signed out (the
login redirect carries the search in ``next``, the referring page in Referer), and reads
everything the server wrote.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from careloop.testing.smtp import free_port

NAME = "Zebedee"
BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parent.parent
SESSION_SCRIPT = """
import django; django.setup()
from django.test import Client
from careloop.testing.personas import make_personas
personas = make_personas()
browser = Client()
from careloop.mfa.testing import force_sign_in
force_sign_in(browser, personas.alice)  # alice has an app: the session passed the code step
print(browser.cookies["sessionid"].value)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, str], str]]:
    """(environment, a signed-in session id) for servers on a fresh database."""
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "CARELOOP_LOCAL": "1",
        "CARELOOP_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "careloop.settings",
        "PYTHONUNBUFFERED": "1",
    }
    subprocess.run([BIN / "careloop", "migrate"], env=env, check=True, capture_output=True)
    made = subprocess.run(
        [sys.executable, "-c", SESSION_SCRIPT], env=env, check=True, capture_output=True, text=True
    )
    yield env, made.stdout.strip()


def _get(url: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our local server

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=20) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            _get(f"{base}/healthz", {})
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("the server did not start")


def _serve_and_search(command: list[str], env: dict[str, str], session: str, log: Path) -> str:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*(str(c).format(port=port) for c in command)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=REPO,
        )
        try:
            _wait_until_up(base, server)
            signed_in = {"Cookie": f"sessionid={session}"}
            statuses = [
                _get(f"{base}/clients/?q={NAME}", signed_in),
                _get(f"{base}/clients/?q={NAME}&status=active", signed_in),
                _get(f"{base}/referral-sources/picker/?source_q={NAME}", signed_in),
                _get(f"{base}/clients/?q={NAME}", {"Referer": f"{base}/clients/?q={NAME}"}),
                _get(f"{base}/login/?next=/clients/%3Fq%3D{NAME}", {}),
                _get(f"{base}/search/?q={NAME}", signed_in),
            ]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    assert statuses[0] == 200, statuses  # the search really ran, signed in
    assert statuses[3] == 302, statuses  # signed out: to the login page, next=the search
    assert statuses[5] == 200, statuses  # the top bar's search ran too
    return log.read_text(encoding="utf-8", errors="replace")


def test_gunicorn_access_log_keeps_the_path_and_drops_the_search_term(site, tmp_path):
    env, session = site
    command = [BIN / "careloop", "serve", "--local", "--port", "{port}", "--workers", "1"]
    output = _serve_and_search(command, env, session, tmp_path / "serve.log")
    assert "GET /clients/?q=[redacted] HTTP/1.1" in output, output
    assert "/clients/?q=[redacted]&status=[redacted]" in output
    assert "/referral-sources/picker/?source_q=[redacted]" in output
    assert "/login/?next=[redacted]" in output
    assert "GET /search/?q=[redacted] HTTP/1.1" in output
    assert NAME not in output, output


def test_runserver_request_log_drops_the_search_term(site, tmp_path):
    env, session = site
    command = [sys.executable, "manage.py", "runserver", "--noreload", "127.0.0.1:{port}"]
    output = _serve_and_search(command, env, session, tmp_path / "runserver.log")
    assert '"GET /clients/?q=[redacted] HTTP/1.1" 200' in output, output
    assert NAME not in output, output
