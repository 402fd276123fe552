"""Writes: enrolment, recovery codes, removal, the practice policy. Every one is audited,
and no secret or code ever goes into an audit detail or a log line."""

from __future__ import annotations

import base64
import enum
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from careloop.accounts.access import active_membership
from careloop.accounts.models import Practice, User
from careloop.audit.services import audit_log
from careloop.mfa.models import (
    PracticeTwoFactorPolicy,
    RecoveryCode,
    RecoveryCodeDevice,
    recovery_code_hash,
)

RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "Authenticator app"
WRONG_CODE_MESSAGE = (
    "That code is not right. Check the app's clock, or wait for the next code and try it."
)
THROTTLED_MESSAGE = "Too many wrong codes in a row. Wait a moment, then type the newest code."


class Outcome(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    THROTTLED = "throttled"


def _practice_of(user: Any) -> Practice | None:
    membership = active_membership(user)
    return membership.practice if membership else None


def new_recovery_code() -> str:
    """16 base32 characters (80 random bits), shown in groups of four."""
    raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def recovery_codes_issue(*, user: User) -> list[str]:
    """Replace the person's recovery codes; the callers audit (or are test set-up)."""
    with transaction.atomic():
        RecoveryCodeDevice.objects.filter(user=user).delete()
        device = RecoveryCodeDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=device, code_hash=recovery_code_hash(code)) for code in codes
        )
    return codes


def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device whose secret the enrolment page shows. Reloading the page
    keeps the same secret, so a code from an app set up a minute ago still works."""
    with transaction.atomic():
        # Lock the user's row, not the (possibly empty) set of devices: two first loads at
        # once (the page and the browser's favicon request, both sent to enrolment) would
        # otherwise each create a device on PostgreSQL, and the page would show a secret
        # the confirmation does not check against.
        User.objects.select_for_update().filter(pk=user.pk).first()
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_enrolment_confirm(*, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the device with a code from the app; returns the new recovery codes (the
    only time they exist in clear). Raises ValidationError on a wrong or replayed code."""
    codes: list[str] = []
    with transaction.atomic():
        # The row lock makes "verify, then remember the time step" one step, so the same
        # code cannot be used twice by two requests at once.
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if device.confirmed:
            raise ValidationError({"code": "Two-factor sign-in is already set up."})
        outcome = _check_app_code(device, code)
        if outcome is Outcome.OK:
            # One app per person: enrolling again replaces any older one.
            TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = recovery_codes_issue(user=device.user)
            audit_log(
                actor=device.user,
                practice=_practice_of(device.user),
                action="create",
                obj=device,
                detail="two-factor sign-in set up",
            )
    # Raised only after the block, so the throttle's count of wrong codes is kept.
    _raise_unless_ok(outcome)
    return codes


def recovery_codes_regenerate(*, user: User, code: str) -> list[str]:
    """New recovery codes (the old ones stop working); needs a current code from the app."""
    codes: list[str] = []
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            raise ValidationError({"code": "Set up two-factor sign-in first."})
        outcome = _check_app_code(device, code)
        if outcome is Outcome.OK:
            codes = recovery_codes_issue(user=user)
            audit_log(
                actor=user,
                practice=_practice_of(user),
                action="update",
                obj=device,
                detail="recovery codes renewed",
            )
        else:
            audit_log(
                actor=user,
                practice=_practice_of(user),
                action="login_failed",
                obj=user,
                detail="wrong second-factor code (renewing recovery codes)",
            )
    _raise_unless_ok(outcome)
    return codes


@dataclass(frozen=True)
class SecondFactorCheck:
    outcome: Outcome
    with_recovery_code: bool = False
    recovery_codes_left: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


def second_factor_verify(*, user: User, code: str) -> SecondFactorCheck:
    """Check a sign-in code: six digits go to the app's device, anything else is tried
    as a recovery code. Audits failures and every recovery code spent (never the code)."""
    compact = app_code_digits(code)
    with transaction.atomic():
        recovery: RecoveryCodeDevice | None = None
        if compact.isdigit() and len(compact) in (6, 8):
            app = (
                TOTPDevice.objects.select_for_update()
                .filter(user=user, confirmed=True)
                .order_by("pk")
                .first()
            )
            outcome = _check_app_code(app, compact) if app is not None else Outcome.WRONG
        else:
            recovery = (
                RecoveryCodeDevice.objects.select_for_update()
                .filter(user=user, confirmed=True)
                .order_by("pk")
                .first()
            )
            if recovery is None:
                outcome = Outcome.WRONG
            elif not recovery.verify_is_allowed()[0]:
                outcome = Outcome.THROTTLED
            else:
                outcome = Outcome.OK if recovery.verify_token(code) else Outcome.WRONG
        practice = _practice_of(user)
        left = 0
        if outcome is Outcome.OK and recovery is not None:
            left = recovery.codes_left()
            audit_log(
                actor=user,
                practice=practice,
                action="update",
                obj=user,
                detail=f"recovery code used to sign in; {left} left",
            )
        elif outcome is Outcome.WRONG:
            audit_log(
                actor=user,
                practice=practice,
                action="login_failed",
                obj=user,
                detail="wrong second-factor code",
            )
        elif outcome is Outcome.THROTTLED:
            audit_log(
                actor=user,
                practice=practice,
                action="login_failed",
                obj=user,
                detail="second-factor code refused: too many wrong codes",
            )
    return SecondFactorCheck(outcome, recovery is not None, left)


def two_factor_remove(*, user: User, actor: User | None, reason: str) -> bool:
    """Remove the person's app and recovery codes (they enrol again when next required).
    `reason` is a fixed phrase for the audit trail, e.g. "removed by the user"."""
    with transaction.atomic():
        totp = list(TOTPDevice.objects.filter(user=user))
        had_confirmed = any(device.confirmed for device in totp)
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCodeDevice.objects.filter(user=user).delete()
        if had_confirmed:
            audit_log(
                actor=actor,
                practice=_practice_of(user),
                action="delete",
                obj=user,
                detail=f"two-factor sign-in {reason}"[:200],
            )
    return had_confirmed


def practice_two_factor_set(
    *, practice: Practice, actor: User, required_for_everyone: bool
) -> PracticeTwoFactorPolicy:
    with transaction.atomic():
        policy, _ = PracticeTwoFactorPolicy.objects.select_for_update().get_or_create(
            practice=practice
        )
        if policy.required_for_everyone != required_for_everyone:
            policy.required_for_everyone = required_for_everyone
            policy.save()
            audit_log(
                actor=actor,
                practice=practice,
                action="update",
                obj=policy,
                detail="two-factor required for everyone: "
                + ("on" if required_for_everyone else "off"),
            )
    return policy


def _check_app_code(device: TOTPDevice, code: str) -> Outcome:
    """django-otp refuses a code from a time step already used (replay) and, after each
    wrong code, refuses every code for an exponentially growing delay."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return Outcome.THROTTLED
    return Outcome.OK if device.verify_token(app_code_digits(code)) else Outcome.WRONG


def _raise_unless_ok(outcome: Outcome) -> None:
    if outcome is Outcome.THROTTLED:
        raise ValidationError({"code": THROTTLED_MESSAGE})
    if outcome is Outcome.WRONG:
        raise ValidationError({"code": WRONG_CODE_MESSAGE})


def app_code_digits(code: str) -> str:
    return "".join(ch for ch in code if not ch.isspace())
