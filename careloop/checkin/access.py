"""Access to check-in links: by id for practice members, by token for the client."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from careloop.accounts.access import get_in_practice
from careloop.checkin.models import CheckinLink
from careloop.checkin.tokens import token_hash


def link_for_user(user: Any, link_id: Any) -> CheckinLink:
    return get_in_practice(CheckinLink.objects.select_related("client"), user, link_id)


def link_for_token(token: str) -> CheckinLink | None:
    """The link a token opens (the first message's token or the reminder's), or None.

    Only the hash is looked up, so the token itself never reaches a query log either."""
    if not token or len(token) > 100:
        return None
    hashed = token_hash(token)
    return (
        CheckinLink.objects.select_related("client", "practice", "session")
        .filter(Q(token_hash=hashed) | Q(reminder_token_hash=hashed))
        .first()
    )
