"""Password reset by e-mailed link (no enumeration, one use, expiry) and change; audited."""

import datetime as dt
import re

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.test import Client
from django.urls import reverse

from careloop.audit.models import AuditEvent
from careloop.testing.personas import PASSWORD

NEW = "a-brand-new-passphrase-7"


def _ask_for_reset(email):
    return Client().post(reverse("password_reset"), {"email": email})


def _link(message):
    return re.search(r"https?://[^/\s]+(/password/reset/\S+/)", message.get_content()).group(1)


def _set_password(path, password=NEW):
    browser = Client()
    page = browser.get(path, follow=True)
    if not page.redirect_chain:
        return browser, page
    form_url = page.redirect_chain[-1][0]
    return browser, browser.post(form_url, {"new_password1": password, "new_password2": password})


@pytest.mark.django_db
def test_it_mails_a_one_time_link_that_sets_the_password_without_signing_in(personas, smtp_server):
    response = _ask_for_reset(" BOB@example.com ")
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert [m["To"] for m in smtp_server.messages] == ["bob@example.com"]
    path = _link(smtp_server.messages[0])

    browser, done = _set_password(path)
    assert done.status_code == 302
    assert browser.get("/").status_code == 302  # not signed in by the link
    personas.bob.refresh_from_db()
    assert personas.bob.check_password(NEW)
    assert AuditEvent.objects.filter(
        actor=personas.bob, practice=personas.practice, detail="password reset by e-mailed link"
    ).exists()
    # Used once, never again.
    _, second = _set_password(path, "yet-another-pass-99")
    assert b"already been used or has expired" in second.content
    personas.bob.refresh_from_db()
    assert personas.bob.check_password(NEW)


@pytest.mark.django_db
def test_it_answers_the_same_for_an_unknown_address(personas, smtp_server):
    known = _ask_for_reset("bob@example.com")
    unknown = _ask_for_reset("nobody@example.com")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m["To"] for m in smtp_server.messages] == ["bob@example.com"]


@pytest.mark.django_db
def test_the_link_expires(personas, smtp_server, settings, monkeypatch):
    _ask_for_reset("bob@example.com")
    path = _link(smtp_server.messages[0])
    settings.PASSWORD_RESET_TIMEOUT = 60
    # The token carries its creation time: open it two minutes later.
    two_minutes_on = dt.datetime.now() + dt.timedelta(minutes=2)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: two_minutes_on)
    _, page = _set_password(path)
    assert b"already been used or has expired" in page.content
    personas.bob.refresh_from_db()
    assert personas.bob.check_password(PASSWORD)


@pytest.mark.django_db
def test_it_changes_the_password_audits_it_and_ends_other_sessions(personas, bob_client):
    elsewhere = Client()
    elsewhere.force_login(personas.bob, backend="django.contrib.auth.backends.ModelBackend")
    response = bob_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert bob_client.get("/").status_code == 200  # this session stays signed in
    assert elsewhere.get("/").status_code == 302  # the other one does not
    assert AuditEvent.objects.filter(
        actor=personas.bob, practice=personas.practice, detail="password changed"
    ).exists()


@pytest.mark.django_db
def test_it_refuses_a_change_with_the_wrong_old_password_next_to_the_field(personas, bob_client):
    response = bob_client.post(
        reverse("password_change"),
        {"old_password": "not-my-password", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 200
    assert 'id="id_old_password_error"' in response.content.decode()
    personas.bob.refresh_from_db()
    assert personas.bob.check_password(PASSWORD)
