"""`{% load training %}{% training_panel client %}`: the training part of the client page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from careloop.training.panel import panel_context

register = template.Library()


@register.inclusion_tag("training/_panel.html", takes_context=True)
def training_panel(context: template.Context, client: Any) -> dict[str, Any]:
    request = context.get("request")
    wanted = request.GET.get("exercise") if request is not None else None
    data = panel_context(client, wanted)
    data["request"] = request
    return data


@register.filter
def nprs_badge(value: int | None) -> str:
    """A badge class for a pain rating: 0-2 ok, 3-5 warn, 6-10 danger."""
    if value is None:
        return ""
    if value <= 2:
        return "badge-ok"
    if value <= 5:
        return "badge-warn"
    return "badge-danger"


@register.filter
def iso_local(value: str | None) -> Any:
    """An ISO datetime kept in a revision's JSON, as an aware datetime for |date."""
    if not value:
        return None
    parsed = dt.datetime.fromisoformat(value)
    return timezone.localtime(parsed) if timezone.is_aware(parsed) else parsed
