"""The MAC chains: each event's MAC covers its own fields and the previous event's MAC.

There is one chain per practice (and one "system" chain for events with no practice, such
as a failed sign-in for an unknown address). Each MAC is HMAC-SHA256 under AUDIT_KEY, a
setting kept outside the database: someone who can write to the database but does not
hold the key cannot rewrite a chain so that it verifies again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime

GENESIS_HASH = "0" * 64
SYSTEM_CHAIN = "system"
# Part of every MAC, so a MAC made for another purpose (a seal, a future format) can never
# pass as an event's.
_EVENT_DOMAIN = "careloop-audit-event/2"


def chain_name(practice_id: int | None) -> str:
    """The name verify and seals use for a chain: "practice 12" or "system"."""
    return SYSTEM_CHAIN if practice_id is None else f"practice {practice_id}"


def utc_iso(at: datetime) -> str:
    """The one text form of a time that goes into MACs (SQLite returns naive UTC times)."""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="microseconds")


def keyed_mac(key: str, parts: list[object]) -> str:
    payload = json.dumps(parts, separators=(",", ":"))
    return hmac.new(key.encode(), payload.encode(), hashlib.sha256).hexdigest()


def event_mac(
    *,
    key: str,
    prev_hash: str,
    chain_seq: int,
    at: datetime,
    practice_id: int | None,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    request_id: str,
    detail: str,
    actor_ref: str | None = None,
) -> str:
    # A non-user actor is covered only when there is one, so the MACs of every event
    # written before actor_ref existed are unchanged.
    extra: list[object] = [["actor_ref", actor_ref]] if actor_ref else []
    return keyed_mac(
        key,
        [
            _EVENT_DOMAIN,
            chain_name(practice_id),
            chain_seq,
            prev_hash,
            utc_iso(at),
            practice_id,
            actor_id,
            action,
            object_type,
            object_id,
            request_id,
            detail,
            *extra,
        ],
    )


def macs_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def legacy_event_hash(
    *,
    prev_hash: str,
    seq: int,
    at: datetime,
    practice_id: int | None,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    request_id: str,
    detail: str,
) -> str:
    """The keyless SHA-256 of the single global chain before AUDIT_KEY (migration 0003
    checks the old chain with it once before re-MACing it)."""
    payload = json.dumps(
        [
            prev_hash,
            seq,
            utc_iso(at),
            practice_id,
            actor_id,
            action,
            object_type,
            object_id,
            request_id,
            detail,
        ],
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()
