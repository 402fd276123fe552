"""Template helpers of the episodes app: the client-page panel and form field kinds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from careloop.core.pageparts import page_now
from careloop.episodes.models import Episode, FollowUp
from careloop.episodes.selectors import active_hold

register = template.Library()


@register.filter
def age(value: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """'3 h', '2 days': how long ago, short enough for a phone row."""
    if value is None:
        return ""
    seconds = max(0, ((now or timezone.now()) - value).total_seconds())
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 48 * 3600:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} days"


@register.inclusion_tag("episodes/_client_panel_body.html", takes_context=True)
def client_pain_panel(context: Any, client: Any) -> dict[str, Any]:
    """The client page's pain section: hold banner, open episode, Report pain (3 queries)."""
    episode = Episode.objects.filter(client=client).exclude(status=Episode.Status.RESOLVED).first()
    undecided = None
    next_task = None
    if episode is not None:
        undecided = (
            episode.triage_records.filter(
                decision__isnull=True, pain_report__voided_at__isnull=True
            )
            .order_by("-pk")
            .first()
        )
        next_task = (
            FollowUp.objects.filter(episode=episode, completed_at__isnull=True)
            .order_by("due_at")
            .first()
        )
    return {
        "client": client,
        "hold": active_hold(client),
        "episode": episode,
        "undecided": undecided,
        "next_task": next_task,
        "now": page_now(context),
        "request": context.get("request"),
    }


@register.simple_tag
def active_hold_of(client: Any) -> Any:
    """The client's hold awaiting clearance, or None: for pages of apps that episodes builds
    on (training's program and session pages), which know only the client's status."""
    return active_hold(client)


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)
