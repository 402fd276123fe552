"""The communication log as the episode record reads it (registered in LettersConfig.ready:
see careloop.record.sources for why the record does not import letters)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from careloop.clients.models import Client
from careloop.letters.models import Communication
from careloop.record import document as d
from careloop.record.build_who import _name, _short


def communications_for_record(
    client: Client, episode: Any, since: dt.datetime
) -> list[d.Communication]:
    # The episode's own log, and the client's entries outside any episode lately.
    where = Q(episode__isnull=True, at__gte=since)
    if episode is not None:
        where |= Q(episode=episode)
    rows = (
        Communication.objects.filter(where, client=client).select_related("by").order_by("at", "pk")
    )
    return [
        d.Communication(
            at=c.at,
            channel=c.doc_channel,  # type: ignore[arg-type]
            direction=c.direction,  # type: ignore[arg-type]
            party=_short(c.party),
            by=_name(c.by) if c.by else "",
            summary=c.summary[:5000] or c.get_kind_display(),
        )
        for c in rows
    ]
