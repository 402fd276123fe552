"""The one way a view gets an outgoing e-mail: an owner's, in their practice, or 404."""

from __future__ import annotations

from typing import Any

from careloop.accounts.access import get_in_practice, require_owner
from careloop.outbox.models import OutgoingEmail


def email_for_owner(user: Any, email_id: Any) -> OutgoingEmail:
    email = get_in_practice(OutgoingEmail.objects.defer("raw"), user, email_id)
    require_owner(user)
    return email
