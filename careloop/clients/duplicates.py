"""Catching a client entered twice: same name and date of birth in the same practice.

The service refuses with the matches (`DuplicateClient`); the form shows them and saves
only once a person confirms this is someone else, so nothing is written until then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError

from careloop.accounts.models import Practice
from careloop.clients.models import Client


class DuplicateClient(ValidationError):
    """A client with this name and date of birth is already on file; `matches` says who."""

    def __init__(self, matches: Sequence[Client]) -> None:
        self.matches = list(matches)
        super().__init__(
            "A client with this name and date of birth is already on file. Open their record, "
            "or confirm that this is someone else."
        )


def client_duplicates(
    practice: Practice,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date | None,
    exclude_id: int | None = None,
) -> list[Client]:
    """The practice's clients (discharged ones too) with this date of birth and these names,
    case and surrounding spaces set aside; ``exclude_id`` is the client being edited."""
    if date_of_birth is None:
        return []
    return list(
        Client.objects.filter(
            practice=practice,
            date_of_birth=date_of_birth,
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
        )
        .exclude(pk=exclude_id or 0)
        .order_by("pk")[:5]
    )
