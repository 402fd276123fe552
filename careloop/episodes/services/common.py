"""Errors and small helpers shared by the episode services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careloop.clients.models import Client


class WorkflowError(ValidationError):
    """A step that cannot be taken in the record's current state (shown to the user)."""


class DecisionConflict(WorkflowError):
    """Someone else decided on this triage record first."""


def lock_client(client: Client) -> Client:
    """Lock the client's row for the rest of the transaction.

    Serialises the writes that change a client's episode and hold state (PostgreSQL row
    lock; SQLite already runs one writer at a time with IMMEDIATE transactions).
    """
    assert transaction.get_connection().in_atomic_block
    return Client.objects.select_for_update().get(pk=client.pk)


def aware(value: dt.datetime | None) -> dt.datetime:
    if value is None:
        return timezone.now()
    if timezone.is_naive(value):
        raise ValueError("datetimes must carry a time zone")
    return value


def display_name(user: Any) -> str:
    return str(getattr(user, "display_name", "") or getattr(user, "email", "") or "someone")
