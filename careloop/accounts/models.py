from __future__ import annotations

import zoneinfo
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, validate_email
from django.db import models
from django.utils import timezone


def normalise_email(raw: str | None) -> str:
    """The one form of an e-mail address that sign-in, the lockout and storage all use:
    surrounding spaces dropped, lower case. Two spellings of one account never count as two."""
    return (raw or "").strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=normalise_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    credentials = models.CharField(
        max_length=100, blank=True, help_text="Shown after your name in letters, e.g. MS, CES."
    )
    phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = self.full_name or self.email
        return f"{name}, {self.credentials}" if self.credentials else name


def validate_fax_gateway_pattern(value: str) -> None:
    """An e-mail-to-fax gateway address with ``{fax}`` where the fax number's digits go."""
    if value and "{fax}" not in value:
        raise ValidationError("Put {fax} where the fax number goes, e.g. {fax}@fax.example.com.")
    if value:
        try:
            validate_email(value.replace("{fax}", "441234567890"))
        except ValidationError:
            raise ValidationError(
                "With a fax number in place of {fax} this must be an e-mail address."
            ) from None


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"Unknown time zone {value!r}.") from None


class Practice(models.Model):
    """A practice: the owner of every client record (the tenant)."""

    class Units(models.TextChoices):
        KG = "kg", "Kilograms (kg)"
        LB = "lb", "Pounds (lb)"

    class PaperSize(models.TextChoices):
        A4 = "A4", "A4"
        LETTER = "Letter", "US Letter"

    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    fax = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.CharField(max_length=200, blank=True)
    letterhead_tagline = models.CharField(
        max_length=200, blank=True, help_text="A line under the practice name on letters."
    )
    letter_signoff = models.CharField(
        max_length=200, blank=True, help_text="Closing line above the signature on letters."
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    units = models.CharField(max_length=2, choices=Units.choices, default=Units.KG)
    paper_size = models.CharField(max_length=6, choices=PaperSize.choices, default=PaperSize.A4)
    # Letters (careloop.letters): faxes go out as e-mail to this gateway address.
    fax_gateway_pattern = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_fax_gateway_pattern],
        help_text="Your e-mail-to-fax service's address, with {fax} where the number goes, "
        "e.g. {fax}@fax.example.com. Leave empty if you do not send faxes.",
    )
    letter_answer_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="The dashboard lists letters unanswered for longer than this many days.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        PRACTITIONER = "practitioner", "Practitioner"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "practice"], name="one_membership_per_practice")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.practice} ({self.role})"

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER


class Invitation(models.Model):
    """An e-mailed invitation to join a practice. Only the token's hash is stored."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(
        max_length=20, choices=Membership.Role.choices, default=Membership.Role.PRACTITIONER
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.practice}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class PracticeSignup(models.Model):
    """A request to start a practice (SIGNUP_OPEN), waiting for its e-mail to be verified.

    Nothing else is created until the link in the e-mail is opened: an unverified address
    never gets an account, a practice or a membership. Only the token's hash is stored.
    """

    practice_name = models.CharField(max_length=200)
    owner_name = models.CharField(max_length=150)
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Sign-up of {self.practice_name}"

    @property
    def is_usable(self) -> bool:
        return self.completed_at is None and self.expires_at > timezone.now()


class TenantModel(models.Model):
    """Base of every record that holds client data: it belongs to exactly one practice."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
