"""Catching a session logged twice: same client, same start (to the minute).

`session_log` refuses with the session already on file; the form shows it and logs the
new one only once a person confirms it is another session (nothing is written before)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from careloop.clients.models import Client
from careloop.training.models import Session


class DuplicateSession(ValidationError):
    def __init__(self, existing: Session) -> None:
        self.existing = existing
        super().__init__(
            "A session of this client starting at this time is already logged. Open it, or "
            "confirm that this is another session."
        )


def same_start(client: Client, started_at: dt.datetime) -> Session | None:
    """The client's live session that started in the same minute, if any."""
    minute = started_at.replace(second=0, microsecond=0)
    return (
        Session.objects.live()
        .filter(
            practice_id=client.practice_id,
            client=client,
            started_at__gte=minute,
            started_at__lt=minute + dt.timedelta(minutes=1),
        )
        .order_by("pk")
        .first()
    )
