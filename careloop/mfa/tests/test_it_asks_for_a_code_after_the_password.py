"""An owner with an app: the password alone signs nobody in."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from careloop.audit.models import AuditEvent
from careloop.mfa.flow import PENDING_KEY
from careloop.mfa.services import THROTTLED_MESSAGE, WRONG_CODE_MESSAGE
from careloop.mfa.testing import app_of, next_code
from careloop.testing.personas import password_step

pytestmark = pytest.mark.django_db


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_it_signs_in_only_after_the_right_code(personas):
    client = Client()
    response = password_step(client, "alice@example.com")
    assert response.status_code == 302
    assert response["Location"] == "/login/code/"
    assert not AuditEvent.objects.filter(actor=personas.alice, action="login").exists()
    before = client.cookies["sessionid"].value

    response = client.post("/login/code/", {"code": next_code(app_of(personas.alice))})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.cookies["sessionid"].value != before  # a new session key once signed in
    assert PENDING_KEY not in client.session
    assert AuditEvent.objects.filter(actor=personas.alice, action="login").count() == 1


@pytest.mark.parametrize("path", ["/", "/clients/", "/practice/", "/two-factor/"])
def test_the_half_done_sign_in_reaches_no_page(personas, path):
    client = Client()
    password_step(client, "alice@example.com")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_wrong_code_is_refused_and_audited(personas):
    client = Client()
    password_step(client, "alice@example.com")
    right = next_code(app_of(personas.alice))

    response = client.post("/login/code/", {"code": _wrong(right)})

    assert response.status_code == 200
    assert WRONG_CODE_MESSAGE.replace("'", "&#x27;") in response.content.decode()
    assert client.get("/").status_code == 302
    failed = AuditEvent.objects.get(actor=personas.alice, action="login_failed")
    assert failed.detail == "wrong second-factor code"


def test_a_used_code_is_refused_the_second_time(personas):
    code = next_code(app_of(personas.alice))
    first = Client()
    password_step(first, "alice@example.com")
    assert first.post("/login/code/", {"code": code}).status_code == 302

    replay = Client()
    password_step(replay, "alice@example.com")
    response = replay.post("/login/code/", {"code": code})

    assert response.status_code == 200
    assert replay.get("/").status_code == 302


def test_wrong_codes_are_throttled_then_send_back_to_the_password(personas, settings):
    client = Client()
    password_step(client, "alice@example.com")
    right = next_code(app_of(personas.alice))
    client.post("/login/code/", {"code": _wrong(right)})

    # Right after a wrong code even the right one is refused (django-otp's back-off).
    throttled = client.post("/login/code/", {"code": right})
    assert THROTTLED_MESSAGE in throttled.content.decode()
    assert client.get("/").status_code == 302

    for _ in range(settings.MFA_MAX_CODE_FAILURES - 3):
        client.post("/login/code/", {"code": _wrong(right)})
    assert client.get("/login/code/").status_code == 200  # one more try left

    response = client.post("/login/code/", {"code": _wrong(right)}, follow=True)
    assert response.redirect_chain[0] == ("/login/", 302)
    assert "Too many wrong codes" in response.content.decode()
    assert PENDING_KEY not in client.session
    # The code page now wants the password first.
    assert client.get("/login/code/")["Location"] == "/login/"
    assert AuditEvent.objects.filter(actor=personas.alice, action="login_failed").count() == 5


def test_the_half_done_sign_in_expires(personas, settings):
    settings.MFA_PENDING_SECONDS = 1
    client = Client()
    password_step(client, "alice@example.com")
    time.sleep(1.2)
    response = client.post("/login/code/", {"code": next_code(app_of(personas.alice))})
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert client.get("/").status_code == 302


def test_it_goes_on_to_the_page_asked_for(personas):
    client = Client()
    password_step(client, "alice@example.com", next_url="/clients/")
    response = client.post("/login/code/", {"code": next_code(app_of(personas.alice))})
    assert response["Location"] == "/clients/"


def test_a_session_that_skipped_the_code_step_is_ended(personas):
    # Any future path that calls login() directly for someone with an app (a bug) must
    # not give a full session: the middleware ends it.
    client = Client()
    client.force_login(personas.alice, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert client.get("/").status_code == 302


def test_a_person_without_an_app_signs_in_with_the_password(personas):
    client = Client()
    response = password_step(client, "bob@example.com")
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
