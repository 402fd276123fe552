"""Reads of letters and the communication log (a fixed number of queries per page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from careloop.letters.models import Communication, Delivery, Letter

AWAITING_LIMIT = 25
LOG_LIMIT = 50


def _letters() -> QuerySet[Letter]:
    # One query: a letter's first delivery time is kept on the letter itself (sent_at).
    return Letter.objects.select_related("recipient", "created_by")


def letters_for_episode(episode: Any) -> list[Letter]:
    return list(_letters().filter(episode=episode).order_by("-created_at", "-pk"))


def letters_for_client(client: Any, limit: int | None = None) -> list[Letter]:
    letters = _letters().filter(client=client).order_by("-created_at", "-pk")
    return list(letters[:limit] if limit else letters)


def letter_versions(letter: Letter) -> list[Letter]:
    """Every version of the letter's chain, newest first (one query: a chain shares the
    client, kind and document snapshot's episode, and versions are few)."""
    rows = list(
        Letter.objects.filter(
            client_id=letter.client_id, kind=letter.kind, episode=letter.episode_id
        )
        .select_related("finalised_by")
        .order_by("-version", "-pk")
    )
    by_id = {r.pk: r for r in rows}
    newer = {r.supersedes_id: r.pk for r in rows if r.supersedes_id}
    chain = {letter.pk}
    back: int | None = letter.supersedes_id
    while back in by_id and back not in chain:
        chain.add(back)
        back = by_id[back].supersedes_id
    forward = newer.get(letter.pk)
    while forward is not None and forward not in chain:
        chain.add(forward)
        forward = newer.get(forward)
    return [r for r in rows if r.pk in chain]


def deliveries_for(letter: Letter) -> list[Delivery]:
    return list(
        Delivery.objects.filter(letter=letter).select_related("sent_by").order_by("sent_at", "pk")
    )


def communications_for(
    *, client: Any, episode: Any = None, limit: int = LOG_LIMIT
) -> list[Communication]:
    """The log of an episode (or of the whole client), newest first."""
    rows = Communication.objects.filter(client=client)
    if episode is not None:
        rows = rows.filter(episode=episode)
    return list(
        rows.select_related("by", "letter", "clearance", "delivery").order_by("-at", "-pk")[:limit]
    )


def letters_awaiting_answer(practice: Any, now: dt.datetime | None = None) -> list[Letter]:
    """Letters sent more than the practice's answer days ago with no answer yet."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=practice.letter_answer_days)
    return list(
        Letter.objects.filter(
            practice=practice,
            status=Letter.Status.SENT,
            sent_at__lt=cutoff,
            superseded_at__isnull=True,
        )
        .select_related("client", "recipient")
        .order_by("sent_at", "pk")[:AWAITING_LIMIT]
    )
