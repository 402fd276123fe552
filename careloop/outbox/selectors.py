"""Reads of the outbox for a practice's owners."""

from __future__ import annotations

from django.db.models import QuerySet

from careloop.outbox.models import OutgoingEmail

RECENT = 50


def failed_emails(practice_id: int) -> QuerySet[OutgoingEmail]:
    return OutgoingEmail.objects.filter(
        practice_id=practice_id, status=OutgoingEmail.Status.FAILED
    ).defer("raw")


def recent_emails(practice_id: int) -> list[OutgoingEmail]:
    """The newest e-mails of every state except failed (those are listed apart)."""
    return list(
        OutgoingEmail.objects.filter(practice_id=practice_id)
        .exclude(status=OutgoingEmail.Status.FAILED)
        .defer("raw")[:RECENT]
    )
