"""Reads of the pain-response record (for pages, the dashboard and other apps)."""

from __future__ import annotations

from typing import Any

from careloop.episodes.models import Hold


def active_hold(client: Any) -> Hold | None:
    """The client's hold that has not been lifted, or None.

    Other apps call this (training blocks session logging while it returns a hold). One
    query; the referral source we await clearance from comes with it.
    """
    client_id = getattr(client, "pk", client)
    return (
        Hold.objects.filter(client_id=client_id, lifted_at__isnull=True)
        .select_related("awaiting_clearance_from", "episode")
        .first()
    )
