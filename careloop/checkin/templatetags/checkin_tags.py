"""The check-in sections other apps' pages include: the client's links, the dashboard's
check-in items (so those pages need not know this app's models)."""

from __future__ import annotations

from typing import Any

from django import template

from careloop.checkin.selectors import dashboard_checkins, links_with_status
from careloop.core.pageparts import page_now

register = template.Library()


@register.inclusion_tag("checkin/_client_links.html", takes_context=True)
def client_checkin_links(context: Any, client: Any) -> dict[str, Any]:
    return {
        "client": client,
        "links": links_with_status(client, page_now(context)),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("checkin/_dashboard.html", takes_context=True)
def checkin_dashboard(context: Any) -> dict[str, Any]:
    practice = getattr(context.get("request"), "practice", None)
    return {
        "checkins": dashboard_checkins(practice) if practice is not None else None,
        "csrf_token": context.get("csrf_token"),
    }
