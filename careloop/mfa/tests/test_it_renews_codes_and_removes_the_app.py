from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from careloop.accounts.models import Membership
from careloop.audit.models import AuditEvent
from careloop.mfa.testing import app_of, enrol, force_sign_in, next_code
from careloop.testing.personas import PASSWORD, new_member, password_step

pytestmark = pytest.mark.django_db

CODE = re.compile(r"<li><code>([a-z2-7-]{19})</code></li>")


def test_new_recovery_codes_need_a_current_code_and_replace_the_old(personas):
    device, old_codes = enrol(personas.alice)  # a new app, whose recovery codes we know
    alice_client = force_sign_in(Client(), personas.alice)
    refused = alice_client.post("/two-factor/recovery-codes/", {"code": "123456"})
    assert refused.status_code == 400
    assert "That code is not right" in refused.content.decode()

    time.sleep(1.1)  # django-otp's back-off after the wrong code
    response = alice_client.post("/two-factor/recovery-codes/", {"code": next_code(device)})

    new_codes = CODE.findall(response.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert AuditEvent.objects.filter(actor=personas.alice, detail="recovery codes renewed").exists()
    # An old code no longer signs in; a new one does.
    client = Client()
    password_step(client, "alice@example.com")
    assert client.post("/login/code/", {"code": old_codes[0]}).status_code == 200
    time.sleep(1.1)
    assert client.post("/login/code/", {"code": new_codes[0]}).status_code == 302


def test_removing_the_app_needs_the_password(personas):
    user = new_member(personas.practice, "pat@example.com", Membership.Role.PRACTITIONER)
    enrol(user)
    client = force_sign_in(Client(), user)

    wrong = client.post("/two-factor/remove/", {"password": "not-my-password"})
    assert wrong.status_code == 400
    assert "That password is not right." in wrong.content.decode()
    assert app_of(user)

    response = client.post("/two-factor/remove/", {"password": PASSWORD})

    assert response["Location"] == "/two-factor/"
    assert not TOTPDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(actor=user, action="delete")
    assert event.detail == "two-factor sign-in removed by the user"
    # A practitioner may go on without one (the practice does not require it) ...
    assert client.get("/").status_code == 200
    # ... and signs in with the password alone from now on.
    fresh = Client()
    assert password_step(fresh, user.email)["Location"] == "/"


def test_an_owner_who_removes_the_app_must_set_it_up_again(personas, alice_client):
    alice_client.post("/two-factor/remove/", {"password": PASSWORD})
    assert alice_client.get("/").url == "/two-factor/setup/"
