"""Sent when an outgoing e-mail changes state (queued again, sent, failed), inside the
transaction that changes it, so an app that keeps its own record of a sending (letters keep a
Delivery) can follow it by Message-ID without the outbox knowing that app."""

from django.dispatch import Signal

# Receivers get ``email`` (the OutgoingEmail row).
email_status_changed = Signal()
