import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from careloop import env


def _start(tmp_path, **overrides):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "AUDIT_KEY", "CARELOOP_LOCAL", "DEBUG"}
    }
    base.update({"DJANGO_SETTINGS_MODULE": "careloop.settings", "CARELOOP_VAR_DIR": str(tmp_path)})
    base.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_without_secret_key_when_debug_is_off(tmp_path):
    result = _start(tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set and DEBUG is off" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_it_generates_a_local_secret_key_once_for_make_run(tmp_path):
    assert _start(tmp_path, CARELOOP_LOCAL="1").returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert _start(tmp_path, CARELOOP_LOCAL="1").returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_it_starts_with_a_secret_key_from_the_environment(tmp_path):
    result = _start(tmp_path, SECRET_KEY="k" * 40, AUDIT_KEY="a" * 40)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_it_refuses_to_start_without_audit_key_when_debug_is_off(tmp_path):
    result = _start(tmp_path, SECRET_KEY="k" * 40)
    assert result.returncode != 0
    assert "AUDIT_KEY is not set and DEBUG is off" in result.stderr
    assert not (tmp_path / "audit_key").exists()


@pytest.mark.parametrize(
    ("audit_key", "message"),
    [("a" * 20, "AUDIT_KEY: must be at least 32 characters"), ("k" * 40, "must differ")],
)
def test_it_refuses_a_weak_audit_key(tmp_path, audit_key, message):
    result = _start(tmp_path, SECRET_KEY="k" * 40, AUDIT_KEY=audit_key)
    assert result.returncode != 0
    assert message in result.stderr


def test_it_generates_a_local_audit_key_once_apart_from_the_secret_key(tmp_path):
    assert _start(tmp_path, CARELOOP_LOCAL="1").returncode == 0
    key = (tmp_path / "audit_key").read_text()
    assert len(key) >= 50
    assert key != (tmp_path / "secret_key").read_text()
    assert _start(tmp_path, CARELOOP_LOCAL="1").returncode == 0
    assert (tmp_path / "audit_key").read_text() == key


def test_it_refuses_a_bad_boolean_with_one_clear_line(tmp_path):
    result = _start(tmp_path, DEBUG="maybe", SECRET_KEY="k" * 40, AUDIT_KEY="a" * 40)
    assert result.returncode != 0
    assert "DEBUG: expected true/false (1/0, yes/no), got 'maybe'" in result.stderr


@pytest.mark.parametrize(
    ("name", "reader", "value", "message"),
    [
        (
            "X_INT",
            lambda: env.env_int("X_INT", 1, minimum=1),
            "abc",
            "X_INT: expected a whole number",
        ),
        ("X_INT", lambda: env.env_int("X_INT", 1, minimum=1), "0", "X_INT: must be at least 1"),
        ("X_TZ", lambda: env.env_timezone("X_TZ", "UTC"), "Mars/Base", "X_TZ: unknown time zone"),
        ("X_MAIL", lambda: env.env_email("X_MAIL", "console://"), "pigeon://x", "X_MAIL: scheme"),
        ("X_DB", lambda: env.env_database("X_DB", "sqlite://"), "mysql://h/db", "X_DB: only"),
    ],
)
def test_typed_helpers_refuse_bad_values(monkeypatch, name, reader, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message.split(":")[0]) as excinfo:
        reader()
    assert str(excinfo.value).startswith(message)


def test_email_url_becomes_smtp_settings(monkeypatch):
    monkeypatch.setenv("X_MAIL", "smtp+tls://user%40x:p%2Fw@mail.example.com:587")
    config = env.env_email("X_MAIL", "console://")
    assert config["EMAIL_HOST"] == "mail.example.com"
    assert config["EMAIL_PORT"] == 587
    assert config["EMAIL_HOST_USER"] == "user@x"
    assert config["EMAIL_HOST_PASSWORD"] == "p/w"
    assert config["EMAIL_USE_TLS"] is True
