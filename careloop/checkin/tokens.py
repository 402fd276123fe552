"""Check-in link tokens and the rate limit on the pages they open."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F

from careloop.checkin.models import RateCounter

# 32 random bytes: guessing one is hopeless, the rate limit is for the unlucky crawler.
TOKEN_BYTES = 32
# Longer than the longest rate-limit window.
KEEP_COUNTERS = dt.timedelta(days=1)


def token_new() -> tuple[str, str]:
    """A fresh token and the hash that is stored in its place."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def rate_limit_hit(*, key: str, limit: int, window: dt.timedelta, now: dt.datetime) -> bool:
    """Count one request under ``key``; True when it is over ``limit`` in this window.

    ``key`` is hashed before it is stored (it may be a client's address)."""
    seconds = int(window.total_seconds())
    start = dt.datetime.fromtimestamp(now.timestamp() // seconds * seconds, tz=dt.UTC)
    hashed = hashlib.sha256(key.encode()).hexdigest()
    with transaction.atomic():
        updated = RateCounter.objects.filter(key=hashed, window_start=start).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=hashed, window_start=start, count=1)
            except IntegrityError:  # another request made the row first
                RateCounter.objects.filter(key=hashed, window_start=start).update(
                    count=F("count") + 1
                )
        count = RateCounter.objects.get(key=hashed, window_start=start).count
        # Old windows are cleared as we go, so the table stays small without a cron job
        # (older than any window in use: limits with longer windows share the table).
        RateCounter.objects.filter(window_start__lt=start - KEEP_COUNTERS).delete()
    return count > limit
