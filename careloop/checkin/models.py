"""Check-in links, what came in through them, and each practice's check-in settings.

A link belongs to one client of one practice. Only the SHA-256 of its token is stored
(and of the reminder's token: the reminder cannot repeat a token nobody kept), so a copy
of the database opens no client's page.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from careloop.accounts.models import Practice, TenantModel
from careloop.checkin.sms import validate_sms_gateway_pattern
from careloop.clients.models import Client
from careloop.episodes.models import FollowUp, PainReport
from careloop.training.models import Session

USER = settings.AUTH_USER_MODEL


class CheckinSettings(models.Model):
    """A practice's choices for check-ins (one row per practice, made on first use)."""

    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, related_name="+")
    emergency_number = models.CharField(
        max_length=12,
        default="911",
        help_text="The emergency number clients are told to call, e.g. 911, 112 or 999.",
    )
    morning_after = models.BooleanField(
        default=False,
        help_text='Send every client a check-in the morning after each session ("How do you '
        "feel after yesterday's session?\").",
    )
    sms_gateway_pattern = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_sms_gateway_pattern],
        help_text="Your e-mail-to-SMS service's address, with {phone} where the mobile number "
        "goes, e.g. {phone}@sms.example.com. Leave empty if you do not send texts.",
    )

    def __str__(self) -> str:
        return f"Check-in settings of practice {self.practice_id}"


class CheckinLink(TenantModel):
    class Kind(models.TextChoices):
        FOLLOW_UP = "follow_up", "Follow-up check-in"
        MORNING_AFTER = "morning_after", "Morning after a session"
        STANDING = "standing", 'Standing "report pain" link'

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        SMS = "sms", "Text message"
        PRINT = "print", "Printed card"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="checkin_links")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    reminder_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    follow_up = models.OneToOneField(
        FollowUp, null=True, blank=True, on_delete=models.CASCADE, related_name="checkin_link"
    )
    session = models.OneToOneField(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="checkin_link"
    )
    # The practitioner who answers for the link: the report it brings in is recorded under
    # their name (the report's source says the client sent it).
    responsible = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # A follow-up's link stops working 72 h after it fell due; a standing one never expires.
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # No answer after the reminder: the dashboard asks the practitioner to call the client.
    call_due_at = models.DateTimeField(null=True, blank=True)
    called_at = models.DateTimeField(null=True, blank=True)
    called_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["practice", "client", "-created_at"]),
            models.Index(fields=["answered_at", "revoked_at", "sent_at"]),
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} link {self.pk}"

    # The audit trail names a link as the actor of what the client did through it.
    @property
    def audit_actor_ref(self) -> str:
        return f"checkin.link:{self.pk}"

    @property
    def one_time(self) -> bool:
        """A follow-up or morning-after link takes one answer; a standing one many."""
        return self.kind != self.Kind.STANDING

    def usable_at(self, now: dt.datetime) -> bool:
        if self.revoked_at is not None:
            return False
        if self.expires_at is not None and now >= self.expires_at:
            return False
        return not (self.one_time and self.answered_at is not None)


class CheckinSubmission(TenantModel):
    """One answered check-in. The form carries a one-off key, so the same form sent twice
    (a double tap, a reload) finds this row and records nothing new."""

    link = models.ForeignKey(CheckinLink, on_delete=models.CASCADE, related_name="submissions")
    key = models.CharField(max_length=64)
    report = models.OneToOneField(PainReport, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "key"], name="one_report_per_checkin_form")
        ]
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Check-in answer {self.pk}"


class RateCounter(models.Model):
    """Requests counted per key (a hashed address or link) in fixed windows.

    In the database rather than a per-process cache, so every app server counts together.
    """

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="one_counter_per_window")
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.count} at {self.window_start:%H:%M}"


def follow_up_still_open() -> Q:
    """Links not tied to a follow-up, or whose follow-up nobody has completed yet (a
    practitioner who reached the client by phone completed it: nothing more to chase)."""
    return Q(follow_up__isnull=True) | Q(follow_up__completed_at__isnull=True)


def open_call_tasks() -> Q:
    """Links whose unanswered check-in has become a "call the client" task."""
    return (
        Q(call_due_at__isnull=False, called_at__isnull=True, answered_at__isnull=True)
        & follow_up_still_open()
    )
