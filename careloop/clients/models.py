"""The clinical record's people: referral sources, clients, referrals and consents."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from careloop.accounts.models import TenantModel
from careloop.triage import REGION_LABELS

REGION_CHOICES = list(REGION_LABELS.items())


class ReferralSource(TenantModel):
    """A physician, physical therapist or other clinician who refers clients."""

    class Kind(models.TextChoices):
        PHYSICIAN = "physician", "Physician"
        SURGEON = "surgeon", "Surgeon"
        PHYSICAL_THERAPIST = "physical_therapist", "Physical therapist"
        CHIROPRACTOR = "chiropractor", "Chiropractor"
        OTHER = "other", "Other clinician"

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        FAX = "fax", "Fax"
        POST = "post", "Post"
        PHONE = "phone", "Phone"

    name = models.CharField(max_length=150, help_text="e.g. Dr Priya Natarajan")
    credentials = models.CharField(max_length=100, blank=True, help_text="e.g. MD, FRCS, DPT")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PHYSICIAN)
    specialty = models.CharField(max_length=120, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    fax = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    preferred_channel = models.CharField(
        max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["practice", "name"])]
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class Client(TenantModel):
    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        OTHER = "other", "Other"
        UNDISCLOSED = "undisclosed", "Prefers not to say"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ON_HOLD = "on_hold", "On hold"
        DISCHARGED = "discharged", "Discharged"

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=12, choices=Sex.choices)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    emergency_contact_name = models.CharField(max_length=150, blank=True)
    emergency_contact_phone = models.CharField(max_length=40, blank=True)
    # Kept in step with holds by the services that put and lift them (episodes app).
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    primary_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["practice", "last_name", "first_name"]),
            models.Index(fields=["practice", "status"]),
        ]
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Referral(TenantModel):
    """Why the client was sent, in the referrer's own words (never reworded by us)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="referrals")
    source = models.ForeignKey(ReferralSource, on_delete=models.PROTECT, related_name="referrals")
    referral_date = models.DateField()
    reason = models.TextField(help_text="As written by the referrer.")
    diagnosis = models.CharField(
        max_length=300, blank=True, help_text="As written by the referrer."
    )
    region = models.CharField(
        max_length=20,
        choices=REGION_CHOICES,
        blank=True,
        help_text="Body region of the condition referred for.",
    )
    surgery_procedure = models.CharField(max_length=200, blank=True)
    surgery_region = models.CharField(max_length=20, choices=REGION_CHOICES, blank=True)
    surgery_date = models.DateField(null=True, blank=True)
    precautions = models.TextField(blank=True)
    contraindications = models.TextField(blank=True)
    valid_until = models.DateField(null=True, blank=True)
    visits_authorised = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["practice", "source"])]
        ordering = ["-referral_date", "-pk"]

    def __str__(self) -> str:
        return f"Referral of {self.client} by {self.source} on {self.referral_date}"

    @property
    def has_surgery(self) -> bool:
        return bool(self.surgery_region and self.surgery_date)


class Consent(TenantModel):
    """Release-of-information consent: nothing leaves the practice without a current one."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField()
    scope = models.TextField(
        help_text="What may be shared, with whom, e.g. session and pain information with the "
        "referring clinician."
    )
    expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"Consent of {self.client} given {self.given_on}"

    def is_current(self, on: dt.date | None = None) -> bool:
        day = on or timezone.localdate()
        if self.revoked_at is not None or self.given_on > day:
            return False
        return self.expires_on is None or self.expires_on >= day
