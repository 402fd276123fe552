"""Every two-factor event is audited, and no secret, code or recovery code is written
into an audit detail or a log line."""

from __future__ import annotations

import base64
import logging
import re
import time

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from careloop.accounts.models import Membership
from careloop.audit.models import AuditEvent
from careloop.cli import main
from careloop.mfa.testing import code_from_secret, next_code
from careloop.testing.personas import PASSWORD, new_member, password_step

pytestmark = pytest.mark.django_db


def test_the_whole_life_of_an_app_is_audited_without_secrets(personas, caplog):
    caplog.set_level(logging.DEBUG)
    owner = new_member(personas.practice, "quinn@example.com", Membership.Role.OWNER)
    typed: list[str] = []
    client = Client()
    password_step(client, owner.email)

    page = client.get("/two-factor/setup/").content.decode()
    secret = re.search(r'id="mfa-secret">([A-Z2-7 ]+)<', page).group(1)
    typed.append(code_from_secret(secret))
    done = client.post("/two-factor/setup/", {"code": typed[-1]}).content.decode()
    recovery = re.findall(r"<li><code>([a-z2-7-]{19})</code></li>", done)
    client.post("/logout/")

    # A wrong code, then a recovery code.
    password_step(client, owner.email)
    right_now = next_code(TOTPDevice.objects.get(user=owner))
    typed.append(f"{(int(right_now) + 500_000) % 1_000_000:06d}")
    client.post("/login/code/", {"code": typed[-1]})
    time.sleep(1.1)
    client.post("/login/code/", {"code": recovery[0]})
    assert client.get("/").status_code == 200

    # Renew the codes with the app, then remove the app with the password.
    device = TOTPDevice.objects.get(user=owner)
    typed.append(next_code(device))
    client.post("/two-factor/recovery-codes/", {"code": typed[-1]})
    client.post("/two-factor/remove/", {"password": PASSWORD})
    main(["mfa", "reset", owner.email])

    events = AuditEvent.objects.filter(actor=owner).exclude(action__in=["login", "logout"])
    assert [(e.action, e.detail) for e in events.order_by("seq")] == [
        ("create", "two-factor sign-in set up"),
        ("login_failed", "wrong second-factor code"),
        ("update", "recovery code used to sign in; 9 left"),
        ("update", "recovery codes renewed"),
        ("delete", "two-factor sign-in removed by the user"),
    ]
    everything_written = (
        " ".join(f"{e.object_type} {e.object_id} {e.detail}" for e in AuditEvent.objects.all())
        + caplog.text
    )
    secrets = [
        secret.replace(" ", ""),
        device.key,
        base64.b32encode(bytes.fromhex(device.key)).decode(),
        PASSWORD,
        *typed,
        *recovery,
        *(code.replace("-", "") for code in recovery),
    ]
    for value in secrets:
        assert value.lower() not in everything_written.lower()
