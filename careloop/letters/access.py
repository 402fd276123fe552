"""Access to letters: one function, 404 for missing and another practice's alike."""

from __future__ import annotations

from typing import Any

from careloop.accounts.access import get_in_practice
from careloop.letters.models import Letter


def letter_for_user(user: Any, letter_id: Any) -> Letter:
    return get_in_practice(
        Letter.objects.select_related(
            "client__practice", "episode", "recipient", "created_by", "finalised_by"
        ),
        user,
        letter_id,
    )
