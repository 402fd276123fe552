"""Letters' sections on other apps' pages: the episode page, the client page, the dashboard.

Each is an inclusion tag with its own fixed number of queries, so the host page only adds
one line to its template.
"""

from __future__ import annotations

from typing import Any

from django import template

from careloop.core.pageparts import page_now
from careloop.letters import selectors

register = template.Library()

PANEL_LETTERS = 6


@register.inclusion_tag("letters/_episode_letters.html", takes_context=True)
def episode_letters(context: Any, episode: Any) -> dict[str, Any]:
    """Letters of the episode and the buttons that draft them: one query (the episode page
    keeps a tight budget; the log has its own page)."""
    return {
        "episode": episode,
        "letters": selectors.letters_for_episode(episode),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("letters/_client_letters.html", takes_context=True)
def client_letters(context: Any, client: Any) -> dict[str, Any]:
    return {
        "client": client,
        "letters": selectors.letters_for_client(client, limit=PANEL_LETTERS),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("letters/_awaiting_answer.html", takes_context=True)
def letters_awaiting_answer(context: Any) -> dict[str, Any]:
    practice = context.get("current_practice")
    now = page_now(context)
    letters = selectors.letters_awaiting_answer(practice, now) if practice is not None else []
    return {"letters": letters, "practice": practice, "now": now}
