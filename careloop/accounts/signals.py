"""Sign-in, failed sign-in and sign-out go into the audit trail (who and when; never the
password, never the address that was typed)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from careloop.accounts.access import SESSION_PRACTICE_KEY, active_membership, choose_membership
from careloop.accounts.models import User
from careloop.accounts.signin import axes_username, session_touch
from careloop.audit.services import audit_log


@receiver(user_logged_in)
def _audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session_touch(request)  # the idle timeout counts from the sign-in
    # The practice this session will work in (a re-sign-in keeps the session's choice).
    membership = choose_membership(
        user, session.get(SESSION_PRACTICE_KEY) if session is not None else None
    )
    audit_log(
        actor=user,
        practice=membership.practice if membership else None,
        action="login",
        obj=user,
    )


@receiver(user_login_failed)
def _audit_login_failed(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    """Recorded against the account that was tried (in its current practice), so an owner
    can see attacks on a colleague; an unknown address is recorded without a practice.
    The actor is unknown by definition: whoever typed the password."""
    email = axes_username(request, credentials)
    user = User.objects.filter(email__iexact=email).first() if email else None
    membership = active_membership(user) if user is not None else None
    audit_log(
        actor=None,
        practice=membership.practice_id if membership else None,
        action="login_failed",
        object_type="accounts.user",
        object_id=user.pk if user is not None else "",
        detail="" if user is not None else "unknown address",
    )


@receiver(user_logged_out)
def _audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    membership = active_membership(user)
    audit_log(
        actor=user,
        practice=membership.practice if membership else None,
        action="logout",
        obj=user,
    )
