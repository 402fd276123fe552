"""Completing a sign-in, choosing the practice to work in, and the lockout's key.

Every way into an account ends in `sign_in_complete`: the password form today, a second
factor step later (it would check the factor, then call this). Nothing else calls
django.contrib.auth.login, so an invitation or sign-up link can never sign anyone in.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest

from careloop.accounts.access import SESSION_PRACTICE_KEY, active_memberships
from careloop.accounts.models import Membership, User, normalise_email
from careloop.audit.services import audit_log

# Seconds since the epoch of the last request, for the idle timeout (IdleTimeoutMiddleware).
SESSION_LAST_SEEN_KEY = "careloop_last_seen"
SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str:
    """The key django-axes counts failures under: the same normalised address sign-in
    looks up, so `COACH@…` or ` coach@…` hit the same lock as `coach@…`."""
    if credentials and "username" in credentials:
        return normalise_email(credentials.get("username"))
    data = getattr(request, "POST", None) or {}
    return normalise_email(data.get("username"))


def sign_in_complete(request: HttpRequest, user: User) -> None:
    """Sign the user in (new session key; the sign-in is audited by the user_logged_in
    signal). Call only after every factor has been checked."""
    login(request, user, backend=SIGN_IN_BACKEND)


def session_touch(request: HttpRequest) -> None:
    request.session[SESSION_LAST_SEEN_KEY] = int(time.time())


def practice_choose(request: HttpRequest, membership: Membership) -> None:
    """Work in `membership`'s practice from now on in this session (audited in both
    practices: the one left and the one entered; neither event names the other)."""
    user: Any = request.user
    if membership.user_id != user.pk or not membership.is_active:
        raise ValueError("Only one's own active membership can be chosen")
    previous = getattr(request, "membership", None)
    with transaction.atomic():
        if previous is not None and previous.practice_id != membership.practice_id:
            audit_log(
                actor=user,
                practice=previous.practice_id,
                action="update",
                obj=previous,
                detail="practice switch: left for another practice",
            )
        audit_log(
            actor=user,
            practice=membership.practice_id,
            action="update",
            obj=membership,
            detail="practice switch: now working in this practice",
        )
    request.session[SESSION_PRACTICE_KEY] = membership.practice_id
    user._careloop_membership = membership
    request.membership = membership  # type: ignore[attr-defined]
    request.practice = membership.practice  # type: ignore[attr-defined]


def membership_to_choose(user: Any, practice_id: Any) -> Membership | None:
    """One of the user's active memberships, by practice id (None for anything else)."""
    try:
        wanted = int(practice_id)
    except (TypeError, ValueError):
        return None
    return next((m for m in active_memberships(user) if m.practice_id == wanted), None)
