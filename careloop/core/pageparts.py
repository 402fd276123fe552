"""Rendered parts of the busiest practice pages, reused until the practice's data changes
or the minute turns.

Why: a profile of the dashboard, the client list and a client's page (docs/deploy.md,
"Capacity") showed the database answering in a few milliseconds and the rest of each
page (80 to 90 %) going to Django building 8 to 20 queries and rendering rows that had
not changed since the last view. The body of such a page is kept, rendered, and served
again while nothing it shows can have changed:

- **The practice's change mark.** Every change of client data is audited in the same
  transaction as the change (the project's rule), as an event on the practice's own audit
  chain. The mark is the newest such event that is not a view (create, update, delete,
  send). It moves in the same commit as the change, takes no lock of its own (the chain's
  lock already orders a practice's appends in commit order), and a view of a record does
  not move it. A part is read after the mark, so it is never older than the mark it is
  kept under.
- **The minute.** A part is computed as of the end of the current minute (`part_time`):
  a follow-up due within this minute shows as overdue already, and everything a part shows
  about time (ages, "due today", the last 24 hours) holds for the whole minute, so a part
  may be served throughout it. Whatever goes wrong (a change written outside the audit
  trail, a restored database), nothing stale outlives the minute.
- **Who and what.** The key holds the page, the practice, the user and their role, the
  active language, the full path with its query string and anything the view adds (an
  htmx request).
- **CSRF.** A part holds a placeholder where its forms' tokens go; each response gets the
  request's own token (`get_token`). A placeholder is not a valid token, so a part served
  without the swap fails closed.

The cache is the `parts` alias (per process by default, so several app servers each keep
their own; the mark comes from the shared database, so they agree on what is current).
`PAGE_PARTS_VERIFY` (on in the test suite) builds every reused part again and raises
`StalePart` if it differs: every page test is also a test that no change escapes the mark.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from careloop.audit.models import CHANGE_ACTIONS

# The change actions as literals, written as the partial index audit_change_head writes
# them: SQLite uses that index only when the query's condition matches its text. (Built
# from constants in code, never from input.)
_MARK_SQL = (
    "SELECT hash FROM audit_auditevent WHERE practice_id = %s "  # noqa: S608
    f"AND action IN ({', '.join(repr(action) for action in CHANGE_ACTIONS)}) "
    "ORDER BY chain_seq DESC LIMIT 1"
)
CSRF_PLACEHOLDER = "careloop-part-csrf-placeholder"
# Long enough to be reused within its minute, short enough that memory stays bounded.
_TIMEOUT_SECONDS = 120


class StalePart(AssertionError):
    """A reused part differs from a fresh one: something changed without moving the mark."""


def part_time(now: dt.datetime | None = None) -> dt.datetime:
    """The instant parts are computed as of: the end of the current minute."""
    now = now or timezone.now()
    return now.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)


def change_mark(practice_id: int) -> str:
    """The practice's newest audited change (its MAC, unique to that event), or "-"."""
    with connection.cursor() as cursor:
        cursor.execute(_MARK_SQL, [practice_id])
        row = cursor.fetchone()
    return str(row[0]) if row else "-"


def _key(request: HttpRequest, page: str, as_of: dt.datetime, vary: str) -> str:
    practice = request.practice  # type: ignore[attr-defined]
    membership = request.membership  # type: ignore[attr-defined]
    parts = (
        page,
        str(practice.pk),
        change_mark(practice.pk),
        str(request.user.pk),
        membership.role,
        as_of.isoformat(),
        translation.get_language() or "",
        request.get_full_path(),
        vary,
    )
    return "part:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def render_part(
    request: HttpRequest,
    page: str,
    template: str,
    context: Callable[[dt.datetime], Mapping[str, Any]],
    *,
    vary: str = "",
) -> SafeString:
    """The rendered ``template`` for this request: reused while the practice's change
    mark, the minute, the user, their role and the path are the same. ``context`` builds
    the template's context as of the given instant (only on a miss)."""
    as_of = part_time()

    def build() -> str:
        data = {**context(as_of), "csrf_token": CSRF_PLACEHOLDER}
        return render_to_string(template, data, request=request)

    store = caches["parts"]
    key = None
    if settings.PAGE_PARTS_CACHE and getattr(request, "membership", None) is not None:
        key = _key(request, page, as_of, vary)
        kept = store.get(key)
        if kept is not None:
            if settings.PAGE_PARTS_VERIFY and build() != kept:
                raise StalePart(
                    f"the kept {page} part differs from a fresh one: "
                    "a change was written without an audit event"
                )
            request.page_part = "kept"  # type: ignore[attr-defined]
            return _with_token(request, kept)
    html = build()
    request.page_part = "built"  # type: ignore[attr-defined]
    if key is not None:
        store.set(key, html, _TIMEOUT_SECONDS)
    return _with_token(request, html)


def _with_token(request: HttpRequest, html: str) -> SafeString:
    # The part was rendered by our own templates (escaped as they escape); only the
    # placeholder, a fixed ASCII string, is replaced by a token of letters and digits.
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)


def page_now(context: Any) -> dt.datetime:
    """The instant a template tag shows time as of: the part's (``now`` in its context),
    or the clock's on a page that is not kept."""
    now = context.get("now")
    return now if isinstance(now, dt.datetime) else timezone.now()


def part_today(as_of: dt.datetime, tz: Any) -> dt.date:
    """The practice's date during the minute a part is computed for (its last instant, so
    the minute before midnight still belongs to its own day)."""
    return timezone.localtime(as_of - dt.timedelta(microseconds=1), tz).date()
