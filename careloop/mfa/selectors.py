"""Reads: who has a second factor, who must have one."""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from careloop.accounts.access import active_memberships
from careloop.accounts.models import Membership, Practice
from careloop.mfa.models import PracticeTwoFactorPolicy, RecoveryCodeDevice


def confirmed_totp_device(user: Any) -> TOTPDevice | None:
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    )
    return device


def has_second_factor(user: Any) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def recovery_device(user: Any) -> RecoveryCodeDevice | None:
    return RecoveryCodeDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def second_factor_required(user: Any) -> bool:
    """Owners always; everyone else when one of their practices says so. Every practice
    of the person counts, not only the one they work in now: switching practice must not
    be a way round an owner's second factor."""
    memberships = active_memberships(user)
    if any(m.is_owner for m in memberships):
        return True
    return bool(
        memberships
        and PracticeTwoFactorPolicy.objects.filter(
            practice_id__in=[m.practice_id for m in memberships], required_for_everyone=True
        ).exists()
    )


def practice_enrolment_counts(practice: Practice) -> tuple[int, int]:
    """(active members with a second factor, active members)."""
    members = Membership.objects.filter(practice=practice, is_active=True)
    enrolled = members.filter(
        user__in=TOTPDevice.objects.filter(confirmed=True).values("user")
    ).count()
    return enrolled, members.count()
