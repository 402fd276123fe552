"""Sent after an outgoing e-mail changes state (queued again, sent, failed), once the
change is committed, so an app that keeps its own record of a sending (letters keep a
Delivery) can follow it by Message-ID without the outbox knowing that app."""

from django.dispatch import Signal

# Receivers get ``email`` (the OutgoingEmail row).
email_status_changed = Signal()
