"""Recovery codes (hashed) and the practice's two-factor policy.

The TOTP device itself is django-otp's `TOTPDevice` (app otp_totp).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin

from careloop.accounts.models import Practice, User


def normalise_recovery_code(raw: str) -> str:
    """People type codes with spaces, dashes and capitals: none of them matter."""
    return "".join(ch for ch in raw.lower() if ch.isalnum())


def recovery_code_hash(raw: str) -> str:
    # Codes carry 80 random bits, so a plain SHA-256 cannot be reversed by guessing
    # (like invitation tokens); a slow password hash would cost seconds per sign-in.
    return hashlib.sha256(normalise_recovery_code(raw).encode()).hexdigest()


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A person's set of one-time recovery codes, as a django-otp device so wrong codes
    are throttled like wrong TOTP codes. Only hashes are stored; each code works once."""

    # Redeclared from django-otp's Device without a reverse accessor on User: nothing
    # needs user.recoverycodedevice_set, and the type checker cannot see the untyped base.
    user: models.ForeignKey[User, User] = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta(Device.Meta):
        verbose_name = "recovery code set"

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_RECOVERY_THROTTLE_FACTOR", 1))

    def codes_left(self) -> int:
        return int(self.codes.filter(used_at__isnull=True).count())

    def verify_token(self, token: str) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        with transaction.atomic():
            # One UPDATE both checks and spends the code, so two requests racing with the
            # same code cannot both succeed.
            spent = self.codes.filter(
                code_hash=recovery_code_hash(token), used_at__isnull=True
            ).update(used_at=timezone.now())
            if spent:
                self.throttle_reset(commit=False)
                self.save()
            else:
                self.throttle_increment(commit=True)
        return bool(spent)


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["device", "code_hash"], name="recovery_code_once")
        ]

    def __str__(self) -> str:
        return f"recovery code #{self.pk}"


class PracticeTwoFactorPolicy(models.Model):
    """Owners always need a second factor; this lets a practice require it of everyone."""

    practice = models.OneToOneField(
        Practice, on_delete=models.CASCADE, related_name="two_factor_policy"
    )
    required_for_everyone = models.BooleanField(
        "Require two-factor sign-in for everyone",
        default=False,
        help_text="Practitioners without it are asked to set it up at their next page.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"two-factor policy of {self.practice}"
