"""The hash chain: each event's hash covers its own fields and the previous event's hash."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

GENESIS_HASH = "0" * 64


def event_hash(
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
    payload = json.dumps(
        [
            prev_hash,
            seq,
            at.isoformat(timespec="microseconds"),
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
