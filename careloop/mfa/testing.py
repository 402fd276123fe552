"""Test helpers: enrol a person for real and compute the codes their app would show.

Nothing here is mocked: codes are computed from the stored secret with RFC 6238, and the
server verifies them the way it verifies a phone's code.
"""

from __future__ import annotations

import base64
import re
import time
from typing import Any

from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from careloop.accounts.models import User
from careloop.mfa.flow import STATE_KEY, VERIFIED
from careloop.mfa.selectors import confirmed_totp_device
from careloop.mfa.services import recovery_codes_issue

# Where the password step lands: the dashboard, the code page or the set-up page.
_AFTER_PASSWORD = re.compile(r"^https?://[^/]+/(login/code/|two-factor/setup/)?$")


def enrol(user: Any) -> tuple[TOTPDevice, list[str]]:
    """A confirmed authenticator app (replacing any) and fresh recovery codes for `user`."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device, recovery_codes_issue(user=user)


def code_from_secret(secret: str, *, step_offset: int = 0) -> str:
    """What an authenticator app shows now for this base32 secret (spaces allowed)."""
    key = base64.b32decode(secret.replace(" ", "").upper())
    return f"{hotp(key, int(time.time()) // 30 + step_offset, digits=6):06d}"


def next_code(device: TOTPDevice) -> str:
    """The next code the server will accept for this device. The server refuses a time
    step it already accepted (replay); if this 30-second step was used, the next step is
    within its tolerance, and beyond that we wait for the clock, as a person would."""
    while True:
        device.refresh_from_db()
        now_t = (int(time.time()) - device.t0) // device.step + device.drift
        t = max(now_t, device.last_t + 1)
        if t <= now_t + device.tolerance:
            return f"{hotp(device.bin_key, t, digits=device.digits):0{device.digits}d}"
        time.sleep(device.step - (time.time() - device.t0) % device.step + 0.05)


def force_sign_in(client: Any, user: Any) -> Any:
    """`force_login`, and for a person with an app, the mark the code page leaves on the
    session (without it TwoFactorMiddleware ends the session as a bypass)."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if confirmed_totp_device(user) is not None:
        session = client.session
        session[STATE_KEY] = VERIFIED
        session.save()
    return client


def finish_second_factor(page: Any, user: Any) -> None:
    """In a Playwright page that just submitted the password, do what the person would:
    type the app's code on the code page (alice and charlie have an app), or, for an
    owner without one (e.g. the demo owner), set it up from the key the page shows."""
    page.wait_for_url(_AFTER_PASSWORD)
    if page.url.endswith("/login/code/"):
        device = confirmed_totp_device(user)
        assert device is not None, "the code page came up for someone without an app"
        page.get_by_label("Code").fill(next_code(device))
        page.get_by_role("button", name="Verify and sign in").click()
    elif page.url.endswith("/two-factor/setup/"):
        secret = page.locator("#mfa-secret").inner_text()
        page.get_by_label("Code from the app").fill(code_from_secret(secret))
        page.get_by_role("button", name="Confirm").click()
        page.get_by_role("link", name="I have saved them, continue").click()


def app_of(user: User) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)
