"""The half-done sign-in between the password and the second factor.

After the password, a person with a confirmed app is NOT signed in: the session only
remembers who they claimed to be, for a few minutes. `sign_in_complete` (the app's one
call of `login()`) runs only once the code is right. Each finished sign-in records in
the session whether it passed a second factor, which TwoFactorMiddleware reads on every
request.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from careloop.accounts.models import User
from careloop.accounts.signin import sign_in_complete
from careloop.mfa.selectors import has_second_factor

PENDING_KEY = "careloop_mfa_pending"
# What the finished sign-in proved: VERIFIED (password and code) or NO_DEVICE (password
# only, because the person had no app at the time).
STATE_KEY = "careloop_mfa_state"
VERIFIED = "verified"
NO_DEVICE = "no-device"


@dataclass
class PendingSignIn:
    user: User
    next_url: str
    failures: int


def second_factor_begin(
    request: HttpRequest, user: Any, *, next_url: str = ""
) -> HttpResponse | None:
    """Call this right after a password was verified, INSTEAD of `login()`.

    Returns a redirect to the code page when the person has a confirmed app (they are not
    signed in yet; the code page signs them in and then goes to `next_url`). Returns None
    when they have no app: the caller calls `sign_in_complete` as before, and the
    middleware sends them to enrolment if they must have one.
    """
    if not has_second_factor(user):
        return None
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "next": next_url,
        "started": time.time(),
        "failures": 0,
    }
    return redirect("mfa_verify")


def pending_sign_in(request: HttpRequest) -> PendingSignIn | None:
    """The half-done sign-in, or None when there is none or it is too old."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None
    age = time.time() - float(data.get("started", 0))
    if age > settings.MFA_PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    user = User.objects.filter(pk=int(data.get("user_id") or 0), is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return None
    return PendingSignIn(
        user=user,
        next_url=str(data.get("next", "")),
        failures=int(data.get("failures", 0)),
    )


def pending_record_failure(request: HttpRequest) -> int:
    """Count a wrong code; returns how many wrong codes this half-done sign-in has had."""
    data = dict(request.session.get(PENDING_KEY) or {})
    data["failures"] = int(data.get("failures", 0)) + 1
    request.session[PENDING_KEY] = data
    return int(data["failures"])


def pending_cancel(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


def second_factor_complete(request: HttpRequest, pending: PendingSignIn) -> None:
    """Sign the person in now that the code was right (the session key changes here)."""
    request.session.pop(PENDING_KEY, None)
    sign_in_complete(request, pending.user)
    request.session[STATE_KEY] = VERIFIED


def mark_session(request: HttpRequest, state: str) -> None:
    request.session[STATE_KEY] = state
