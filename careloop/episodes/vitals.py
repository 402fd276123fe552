"""Vital signs a practitioner measures: with a session, with a pain report, or both.

Kept apart from the session and the pain report so either can gain a measurement later
(taken after the call, or at the end of a session) without correcting the record it
belongs to. The plausible ranges below refuse a typing slip ("1200" for 120), not an
abnormal value: an abnormal reading is exactly what a letter must carry. CareLoop records
them; it does not interpret them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from careloop.accounts.models import TenantModel
from careloop.clients.models import Client
from careloop.core.clock import FUTURE_TOLERANCE
from careloop.training.models import Session

# (lowest, highest) a person can plausibly show; the episode document accepts the same.
HEART_RATE_RANGE = (20, 250)
SYSTOLIC_RANGE = (50, 300)
DIASTOLIC_RANGE = (20, 200)
SPO2_RANGE = (50, 100)

VALUE_FIELDS = ("heart_rate", "systolic", "diastolic", "spo2")
NO_MEASUREMENT = "Enter at least one measurement: heart rate, blood pressure or SpO2."


class VitalSigns(TenantModel):
    """One set of measurements at one time: heart rate, blood pressure, SpO2 (any of them)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="vital_signs")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="vital_signs"
    )
    pain_report = models.ForeignKey(
        "episodes.PainReport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vital_signs",
    )
    measured_at = models.DateTimeField()
    heart_rate = models.PositiveSmallIntegerField(null=True, blank=True)
    systolic = models.PositiveSmallIntegerField(null=True, blank=True)
    diastolic = models.PositiveSmallIntegerField(null=True, blank=True)
    spo2 = models.PositiveSmallIntegerField(null=True, blank=True)
    context = models.CharField(max_length=200, blank=True, help_text="e.g. at rest, seated")
    measured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["practice", "client", "-measured_at"])]
        ordering = ["measured_at", "pk"]

    def __str__(self) -> str:
        return f"Vital signs of {self.client} at {self.measured_at:%Y-%m-%d %H:%M}"

    @property
    def readings(self) -> list[str]:
        """ "Heart rate 88/min", "Blood pressure 128/82 mmHg", "SpO2 97%"."""
        out = []
        if self.heart_rate is not None:
            out.append(f"Heart rate {self.heart_rate}/min")
        if self.systolic is not None and self.diastolic is not None:
            out.append(f"Blood pressure {self.systolic}/{self.diastolic} mmHg")
        if self.spo2 is not None:
            out.append(f"SpO2 {self.spo2}%")
        return out

    def clean(self) -> None:
        super().clean()
        # Every problem at once, each next to its field.
        errors: dict[str, str] = {}
        checks = (
            ("heart_rate", HEART_RATE_RANGE, "A heart rate", "/min"),
            ("systolic", SYSTOLIC_RANGE, "A systolic pressure", " mmHg"),
            ("diastolic", DIASTOLIC_RANGE, "A diastolic pressure", " mmHg"),
            ("spo2", SPO2_RANGE, "An SpO2", "%"),
        )
        for name, (low, high), what, unit in checks:
            value = getattr(self, name)
            if value is not None and not low <= value <= high:
                errors[name] = (
                    f"{what} of {value}{unit} is outside the plausible range ({low} to "
                    f"{high}{unit}): check the number."
                )
        if (self.systolic is None) != (self.diastolic is None):
            missing = "diastolic" if self.diastolic is None else "systolic"
            errors.setdefault(
                missing, "Give both blood pressure numbers (systolic and diastolic), or neither."
            )
        elif (
            self.systolic is not None
            and self.diastolic is not None
            and "systolic" not in errors
            and "diastolic" not in errors
            and self.systolic <= self.diastolic
        ):
            errors["diastolic"] = (
                "The diastolic pressure must be lower than the systolic: check the order."
            )
        if all(getattr(self, name) is None for name in VALUE_FIELDS):
            errors["heart_rate"] = NO_MEASUREMENT
        if self.measured_at and self.measured_at > timezone.now() + FUTURE_TOLERANCE:
            errors["measured_at"] = "The time measured cannot be in the future."
        if errors:
            raise ValidationError(errors)
