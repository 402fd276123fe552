"""The episode page's "Share to the network" card, and the case header of a thread."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from careloop.cases.chart import pain_chart_svg
from careloop.cases.deidentify import PLACEHOLDER_RE
from careloop.cases.document import PLACEHOLDER_HINT
from careloop.cases.models import SharedCase
from careloop.cases.selectors import cases_of_episode

register = template.Library()


@register.inclusion_tag("cases/_episode_cases.html")
def episode_cases(episode: Any) -> dict[str, Any]:
    return {"episode": episode, "shared_cases": cases_of_episode(episode)}


@register.inclusion_tag("cases/_case_header.html", takes_context=True)
def case_header(context: Any, thread: Any) -> dict[str, Any]:
    try:
        shared = thread.shared_case
    except SharedCase.DoesNotExist:  # not a case thread
        return {"shared": None}
    request = context.get("request")
    practice = getattr(request, "practice", None)
    document = shared.document or {}
    return {
        "shared": shared,
        "case": document,
        "updates": [u.document for u in shared.updates.all() if u.document],
        "chart": pain_chart_svg(document.get("pain_series", [])),
        # Only the author's practice learns which episode the case came from.
        "own_practice": practice is not None and practice.pk == shared.practice_id,
        "hint": PLACEHOLDER_HINT,
        "request": request,
    }


@register.filter
def removed(text: Any) -> str:
    """The text, escaped, with each placeholder marked as a removal."""
    escaped = conditional_escape("" if text is None else str(text))
    # Safe: escaped text, and placeholders that are fixed strings.
    return mark_safe(
        PLACEHOLDER_RE.sub(lambda m: f'<mark class="case-removed">{m.group()}</mark>', str(escaped))
    )


@register.filter
def label(code: Any) -> str:
    """A code as words: "knee_right" -> "knee right"."""
    if code is None or code == "":
        return "—"
    return str(code).replace("_", " ")
