"""Keep query values out of every log line: search terms are client names. Keep check-in
tokens out too: a link's token is the key to a client's page.

``/clients/?q=Ellis`` is logged as ``/clients/?q=[redacted]``: the path and the parameter
names stay (enough to tell which page and which kind of search), the values never reach
the log. Used by the gunicorn access log (careloop.core.gunicorn_logging) and, through
RedactQueryFilter, by Django's own logging (runserver's request lines and the rest).
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"

# Paths whose next segment is a secret: a client's check-in link (/c/<token>/) opens their
# page without an account, so the token is never written to a log.
# Only at the root (/network/c/<category>/ is no secret).
_SECRET_SEGMENT = re.compile(r"^([\"']?(?:[a-z]+://[^/\s]+)?/c/)[^/?#\s\"]+")


def redact_path(path: str) -> str:
    """``/c/Abc123.../`` -> ``/c/[redacted]/``."""
    return _SECRET_SEGMENT.sub(rf"\g<1>{REDACTED}", path)


def redact_query(query: str) -> str:
    """``a=1&b=2`` -> ``a=[redacted]&b=[redacted]`` (a bare flag ``x`` stays ``x``)."""
    parts = []
    for item in query.split("&"):
        if not item:
            continue
        name, has_value, _ = item.partition("=")
        parts.append(f"{name[:40]}={REDACTED}" if has_value else name[:40])
    return "&".join(parts)


def redact_url(url: str) -> str:
    """A path or URL with its query values redacted and its fragment dropped."""
    url = url.split("#", 1)[0]
    path, has_query, query = url.partition("?")
    path = redact_path(path)
    return f"{path}?{redact_query(query)}" if has_query else path


def redact_text(text: str) -> str:
    """Every word of ``text`` that carries a query string, redacted (a request line, say)."""
    if "?" not in text and "/c/" not in text:
        return text
    return " ".join(
        redact_url(word) if "?" in word or "/c/" in word else word for word in text.split(" ")
    )


class RedactQueryFilter(logging.Filter):
    """Redact query values in a record's message and arguments before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_text(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact_text(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact_text(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True
