"""A check-in token is the key to a client's page: the real servers (gunicorn through
`careloop serve`, and runserver) never write it to their logs, for a page that opens, one
that does not (Django logs "Not Found"), and a referring page."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from careloop.core.logredact import redact_text
from careloop.testing.smtp import free_port
from tests.test_it_keeps_search_terms_out_of_logs import BIN, REPO, _get, _wait_until_up

LINK_SCRIPT = """
import django; django.setup()
from careloop.testing.personas import make_personas
from careloop.checkin.testing import standing_link
link, token = standing_link(make_personas())
print(token)
"""


@pytest.fixture(scope="module")
def token_site(tmp_path_factory: pytest.TempPathFactory):
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
        [sys.executable, "-c", LINK_SCRIPT], env=env, check=True, capture_output=True, text=True
    )
    return env, made.stdout.strip().splitlines()[-1]


def _serve_and_open(command: list[str], env: dict[str, str], token: str, log: Path) -> str:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    unknown = "x" * 43
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(c).format(port=port) for c in command],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=REPO,
        )
        try:
            _wait_until_up(base, server)
            statuses = [
                _get(f"{base}/c/{token}/", {}),
                _get(f"{base}/c/{unknown}/", {"Referer": f"{base}/c/{token}/"}),
                _get(f"{base}/c/{token}/?utm=1", {}),
            ]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    assert statuses == [200, 404, 200], statuses
    return log.read_text(encoding="utf-8", errors="replace")


def test_gunicorn_never_logs_a_token(token_site, tmp_path):
    env, token = token_site
    command = [BIN / "careloop", "serve", "--local", "--port", "{port}", "--workers", "1"]
    output = _serve_and_open(command, env, token, tmp_path / "serve.log")
    assert "GET /c/[redacted]/ HTTP/1.1" in output, output
    assert token not in output and "x" * 43 not in output, output


def test_runserver_never_logs_a_token(token_site, tmp_path):
    env, token = token_site
    command = [sys.executable, "manage.py", "runserver", "--noreload", "127.0.0.1:{port}"]
    output = _serve_and_open(command, env, token, tmp_path / "runserver.log")
    assert '"GET /c/[redacted]/ HTTP/1.1" 200' in output, output
    assert "Not Found: /c/[redacted]/" in output, output
    assert token not in output and "x" * 43 not in output, output


def test_redaction_keeps_the_rest_of_the_line():
    line = '"GET /c/AbC-_9x/?a=1 HTTP/1.1" 200 "https://x.example/c/AbC-_9x/"'
    assert redact_text(line) == (
        '"GET /c/[redacted]/?a=[redacted] HTTP/1.1" 200 "https://x.example/c/[redacted]/"'
    )
    assert redact_text("GET /clients/12/ HTTP/1.1") == "GET /clients/12/ HTTP/1.1"
    assert redact_text("GET /network/c/knees/ HTTP/1.1") == "GET /network/c/knees/ HTTP/1.1"
