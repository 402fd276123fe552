"""Letters to the referral source, their deliveries, and the communication log.

A letter is drafted from a snapshot of the episode document and edited as plain text
while it is a draft. Finalising freezes its wording: the model refuses to change the
document or content of a letter that is no longer a draft, and database triggers (see
triggers.py) refuse that, any status change other than forward, and deleting it. A
correction is a new letter that supersedes the old one; both stay on record.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from careloop.accounts.models import TenantModel
from careloop.clients.models import Client, ReferralSource

USER = settings.AUTH_USER_MODEL

# Fields that never change once a letter is final.
FROZEN_FIELDS = frozenset({"document", "content", "kind", "client", "episode", "recipient"})


class ImmutableLetterError(Exception):
    """An attempt to change the wording of a letter that is no longer a draft."""


class Letter(TenantModel):
    class Kind(models.TextChoices):
        SBAR = "sbar", "SBAR report"
        FOLLOWUP = "followup", "Follow-up letter"
        PROGRESS = "progress", "Progress report"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"
        SENT = "sent", "Sent"
        ANSWERED = "answered", "Answered"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="letters")
    episode = models.ForeignKey(
        "episodes.Episode", null=True, blank=True, on_delete=models.CASCADE, related_name="letters"
    )
    # The pain report an SBAR is about (its id in the document is "PR-<pk>").
    pain_report = models.ForeignKey(
        "episodes.PainReport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    recipient = models.ForeignKey(
        ReferralSource, null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    document = models.JSONField(help_text="The episode document when the letter was drafted.")
    content = models.JSONField(help_text="The letter's wording (LetterContent), as edited.")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    finalised_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, help_text="First delivery.")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(finalised_at__isnull=False, finalised_by__isnull=False),
                name="letter_final_has_finaliser",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["sent", "answered"]) | Q(sent_at__isnull=False),
                name="letter_sent_has_sent_at",
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True, version=1)
                | Q(supersedes__isnull=False, version__gt=1),
                name="letter_version_follows_supersedes",
            ),
        ]
        indexes = [
            models.Index(fields=["practice", "status", "sent_at"]),
            models.Index(fields=["practice", "client", "-created_at"]),
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version} for {self.client_id}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and self.pk is not None:
            fields = kwargs.get("update_fields")
            touches = FROZEN_FIELDS if fields is None else FROZEN_FIELDS & set(fields)
            if touches:
                stored = Letter.objects.filter(pk=self.pk).values("status").first()
                if stored is not None and stored["status"] != self.Status.DRAFT:
                    raise ImmutableLetterError(
                        "A final letter is never changed: correct it with a new version."
                    )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.status != self.Status.DRAFT:
            raise ImmutableLetterError("A final letter is kept on record.")
        return super().delete(*args, **kwargs)


class Delivery(TenantModel):
    """One sending of a final letter: by e-mail, by fax, printed or handed to the client."""

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        FAX = "fax", "Fax"
        PRINTED = "printed", "Printed"
        HANDED_TO_CLIENT = "handed_to_client", "Handed to the client"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        DONE = "done", "Done"

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    to_name = models.CharField(max_length=200, blank=True)
    to_address = models.CharField(
        max_length=254, blank=True, help_text="E-mail address, or the fax gateway address."
    )
    fax_number = models.CharField(max_length=40, blank=True)
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    message_id = models.CharField(max_length=300, blank=True)
    error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} of letter {self.letter_id}"

    @property
    def destination(self) -> str:
        if self.channel == self.Channel.FAX:
            return self.fax_number or self.to_address
        return self.to_address or self.to_name


class Communication(TenantModel):
    """One entry of the communication log: a delivery, a call, a message, a reply."""

    class Kind(models.TextChoices):
        LETTER_SENT = "letter_sent", "Letter sent"
        CALL_MADE = "call_made", "Phone call made"
        CALL_RECEIVED = "call_received", "Phone call received"
        MESSAGE = "message", "Message"
        FAX_CONFIRMATION = "fax_confirmation", "Fax confirmation"
        REPLY = "reply", "Clinician's reply"

    class Channel(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "E-mail"
        FAX = "fax", "Fax"
        LETTER = "letter", "Letter"
        MESSAGE = "message", "Message"
        IN_PERSON = "in_person", "In person"
        PORTAL = "portal", "Portal"

    class Direction(models.TextChoices):
        OUTGOING = "outgoing", "Outgoing"
        INCOMING = "incoming", "Incoming"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="communications")
    episode = models.ForeignKey(
        "episodes.Episode",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="communications",
    )
    letter = models.ForeignKey(
        Letter, null=True, blank=True, on_delete=models.PROTECT, related_name="communications"
    )
    delivery = models.OneToOneField(
        Delivery, null=True, blank=True, on_delete=models.PROTECT, related_name="communication"
    )
    referral_source = models.ForeignKey(
        ReferralSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    party = models.CharField(max_length=200, blank=True, help_text="Who was on the other side.")
    summary = models.TextField()
    at = models.DateTimeField()
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    clearance = models.OneToOneField(
        "episodes.Clearance",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communication",
    )

    class Meta:
        indexes = [
            models.Index(fields=["practice", "client", "at"]),
            models.Index(fields=["episode", "at"]),
        ]
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def doc_channel(self) -> str:
        return str(self.channel)
