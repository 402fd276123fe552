"""Sign-in and sign-out go into the audit trail (who and when; never the password)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from careloop.accounts.access import active_membership
from careloop.audit.services import audit_log


@receiver(user_logged_in)
def _audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    membership = active_membership(user)
    audit_log(
        actor=user,
        practice=membership.practice if membership else None,
        action="login",
        obj=user,
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
