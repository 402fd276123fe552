"""The clinical record's people: referral sources, clients, referrals and consents."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from careloop.accounts.models import TenantModel
from careloop.clients.salutation import suggest_salutation
from careloop.triage import REGION_LABELS

REGION_CHOICES = list(REGION_LABELS.items())

OLDEST_AGE_YEARS = 120

# Titles and post-nominals that do not tell two clinicians apart ("Dr. J Smith" is "J Smith").
_NAME_NOISE = {"dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "md"}


def name_key(name: str) -> str:
    """A referral source's name reduced to what identifies the person, for duplicate checks."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", plain) if w and w not in _NAME_NOISE]
    return " ".join(words)


def number_key(number: str) -> str:
    """A phone or fax number as its digits only (too short to compare means no key)."""
    digits = re.sub(r"\D", "", number)
    return digits if len(digits) >= 6 else ""


def practice_today(practice: object | None) -> dt.date:
    """Today in the practice's time zone (the active one when there is no practice)."""
    tz = getattr(practice, "tz", None)
    return timezone.localdate(timezone=tz) if tz is not None else timezone.localdate()


def _today_for(obj: models.Model) -> dt.date:
    # Only a practice already loaded is used: a property must not cost a query per row
    # (list views activate the practice's time zone, so the fallback agrees with it).
    return practice_today(obj._state.fields_cache.get("practice"))


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
    # How letters greet them after "Dear": suggested from the name (careloop.clients.
    # salutation), shown on the source's page until the practitioner confirms it, since a
    # surname like "Ó Sé" or "Te Rangi-Moreau" cannot be told from the name alone.
    salutation = models.CharField(
        max_length=150, blank=True, help_text='After "Dear" in letters, e.g. "Dr Ó Sé"'
    )
    salutation_confirmed = models.BooleanField(default=False)
    # Derived from name/phone/fax on every save, for the duplicate warning.
    name_key = models.CharField(max_length=150, blank=True, editable=False)
    phone_key = models.CharField(max_length=40, blank=True, editable=False)
    fax_key = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["practice", "name"]),
            models.Index(fields=["practice", "name_key"]),
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def refresh_keys(self) -> None:
        self.name_key = name_key(self.name)
        self.phone_key = number_key(self.phone)
        self.fax_key = number_key(self.fax)

    def save(self, *args: object, **kwargs: object) -> None:
        self.refresh_keys()
        if not self.salutation:
            self.salutation = suggest_salutation(self.name)[:150]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            keys = {"name_key", "phone_key", "fax_key", "salutation"}
            kwargs["update_fields"] = {*update_fields, *keys}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def contact_line(self) -> str:
        parts = [f"Tel {self.phone}" if self.phone else "", f"Fax {self.fax}" if self.fax else ""]
        return " · ".join(p for p in [*parts, self.email] if p)


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
    # The language of what the client reads themselves (check-in pages and messages).
    language = models.CharField(
        max_length=5,
        choices=[("en", "English"), ("es", "Spanish (Español)")],
        default="en",
        db_default="en",
        help_text="The language of check-in links and their messages.",
    )
    # Kept in step with holds by the services that put and lift them (episodes app).
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    discharged_on = models.DateField(null=True, blank=True)
    # When the client's latest session (not voided) started, for the client list. Kept by
    # the training app's session services (logging, correcting, voiding), so the list needs
    # no query into training.
    last_session_at = models.DateTimeField(null=True, blank=True, editable=False)
    discharge_reason = models.TextField(blank=True)
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

    @property
    def age(self) -> int:
        return self.age_on(_today_for(self))

    def clean(self) -> None:
        super().clean()
        # Every problem at once (not the first one only), each next to its field.
        errors: dict[str, str] = {}
        born = self.date_of_birth
        today = _today_for(self)
        if born is not None and born > today:
            errors["date_of_birth"] = "The date of birth cannot be in the future."
        elif born is not None and today.year - born.year > OLDEST_AGE_YEARS:
            errors["date_of_birth"] = (
                f"Check the year of the date of birth: that is more than {OLDEST_AGE_YEARS} "
                "years ago."
            )
        if self.discharged_on is not None and self.discharged_on > today:
            errors["discharged_on"] = "The discharge date cannot be in the future."
        if errors:
            raise ValidationError(errors)


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
    # The number the referrer knows the client by (e.g. their MRN), printed on letters so
    # the clinician's office can file them; its issuer is the referral source.
    client_identifier_system = models.CharField(
        max_length=40, blank=True, default="", db_default="", help_text='e.g. "MRN" or "NHS number"'
    )
    client_identifier = models.CharField(max_length=60, blank=True, default="", db_default="")
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

    def weeks_since_surgery(self, on: dt.date | None = None) -> int | None:
        """Whole weeks from the surgery to `on` (negative while it is still planned)."""
        if self.surgery_date is None:
            return None
        day = on or _today_for(self)
        return (day - self.surgery_date).days // 7

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_until is None or self.valid_until >= day

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        today = _today_for(self)
        if self.referral_date and self.referral_date > today:
            errors["referral_date"] = "The referral date cannot be in the future."
        if self.valid_until and self.referral_date and self.valid_until < self.referral_date:
            errors["valid_until"] = "The referral cannot end before the referral date."
        surgery_given = [self.surgery_procedure, self.surgery_region, self.surgery_date]
        if any(surgery_given):
            if not self.surgery_procedure:
                errors["surgery_procedure"] = "Give the procedure, or clear the surgery fields."
            if not self.surgery_region:
                errors["surgery_region"] = "Give the region operated on."
            if not self.surgery_date:
                errors["surgery_date"] = "Give the date of surgery."
        if self.client_identifier.strip() and not self.client_identifier_system.strip():
            errors["client_identifier_system"] = (
                'Say what kind of number the client identifier is, e.g. "MRN".'
            )
        born = self._client_date_of_birth()
        if self.surgery_date and born and self.surgery_date < born:
            errors["surgery_date"] = "The surgery cannot be before the client's date of birth."
        if self.referral_date and born and self.referral_date < born:
            errors["referral_date"] = "The referral cannot be before the client's date of birth."
        if errors:
            raise ValidationError(errors)

    def _client_date_of_birth(self) -> dt.date | None:
        # The client may be unsaved (one form creates both), so read it off the relation.
        try:
            client = self.client
        except Client.DoesNotExist:
            return None
        return client.date_of_birth if client is not None else None


class ReferralProcedure(TenantModel):
    """A further surgery or procedure the referral names (the first is on the referral)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="procedures")
    procedure = models.CharField(max_length=200, help_text="In the referrer's words.")
    region = models.CharField(max_length=20, choices=REGION_CHOICES)
    date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.procedure} on {self.date}"

    def clean(self) -> None:
        super().clean()
        try:
            born = self.referral.client.date_of_birth
        except (Referral.DoesNotExist, Client.DoesNotExist):
            born = None
        if self.date and born and self.date < born:
            raise ValidationError(
                {"date": "The procedure cannot be before the client's date of birth."}
            )


class Medication(TenantModel):
    """A medicine the client takes. Who said so is kept: the client's account is not a
    medication list, and letters label the two apart."""

    class Source(models.TextChoices):
        CLIENT_REPORTS = "client_reports", "The client reports it"
        REFERRAL = "referral", "Listed in the referral"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="medications")
    name = models.CharField(max_length=200)
    dose = models.CharField(max_length=200, blank=True, help_text="e.g. 5 mg twice daily")
    note = models.CharField(max_length=500, blank=True, help_text="e.g. taken before sessions")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.CLIENT_REPORTS)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # A medicine the client no longer takes is kept (the record stays whole), marked stopped.
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


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

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        today = _today_for(self)
        if self.given_on and self.given_on > today:
            errors["given_on"] = "Consent cannot be recorded as given in the future."
        if self.given_on and self.expires_on and self.expires_on < self.given_on:
            errors["expires_on"] = "The expiry date cannot be before the date consent was given."
        if errors:
            raise ValidationError(errors)

    def is_current(self, on: dt.date | None = None) -> bool:
        day = on or _today_for(self)
        if self.revoked_at is not None or self.given_on > day:
            return False
        return self.expires_on is None or self.expires_on >= day
