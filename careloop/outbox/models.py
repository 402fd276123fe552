"""Every e-mail CareLoop sends is a row here first: queued in the same transaction as the
change that causes it, sent by a worker task, and kept (without its body once sent) as the
record of what went where, when, and why it failed.

The states and the one point that decides "sent twice or not" are explained in
docs/tasks.md ("Idempotency").
"""

from __future__ import annotations

from django.db import models

from careloop.accounts.models import Practice


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    class Kind(models.TextChoices):
        LETTER = "letter", "Letter"
        REMINDER = "reminder", "Follow-up reminder"
        INVITATION = "invitation", "Invitation"
        SIGNUP = "signup", "Sign-up confirmation"
        PASSWORD = "password", "Password reset"
        CHECKIN_LINK = "checkin_link", "Check-in link"
        CHECKIN_ALERT = "checkin_alert", "Check-in alert"
        NETWORK = "network", "Network notification"
        AUDIT_SEAL = "audit_seal", "Audit seal"
        OTHER = "other", "Other"

    # Null only for mail before a practice exists (the sign-up confirmation).
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    message_id = models.CharField(max_length=300, unique=True)
    from_address = models.CharField(max_length=320)
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=300, blank=True)
    # The whole MIME message, as sent. Erased once sent: it can hold a letter or a token.
    raw = models.BinaryField(blank=True, default=b"")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # A worker holds a SENDING row until then; after it, the sweep takes the row back.
    lease_until = models.DateTimeField(null=True, blank=True)
    # Set (and committed) just before the end of the message goes to the SMTP server:
    # after it, the server may have the message even if we never hear its answer.
    handed_over_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["practice", "status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} e-mail {self.pk}"
