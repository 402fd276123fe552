"""Reads: who has a second factor, who must have one."""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

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


def required_for_everyone(practice: Practice) -> bool:
    return PracticeTwoFactorPolicy.objects.filter(
        practice=practice, required_for_everyone=True
    ).exists()


def second_factor_required(membership: Membership | None) -> bool:
    """Owners always; everyone else when their practice says so."""
    if membership is None:
        return False
    return membership.is_owner or required_for_everyone(membership.practice)


def practice_enrolment_counts(practice: Practice) -> tuple[int, int]:
    """(active members with a second factor, active members)."""
    members = Membership.objects.filter(practice=practice, is_active=True)
    enrolled = members.filter(
        user__in=TOTPDevice.objects.filter(confirmed=True).values("user")
    ).count()
    return enrolled, members.count()
