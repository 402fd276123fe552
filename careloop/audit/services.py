"""Writing and verifying the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from careloop.audit.chain import GENESIS_HASH, event_hash
from careloop.audit.models import AuditEvent
from careloop.core.request_context import current_request_id

# Any constant shared by every writer: PostgreSQL serialises chain appends on it.
_PG_CHAIN_LOCK = 727_001


def _lock_chain() -> None:
    # SQLite runs IMMEDIATE transactions, so writers are already serialised; PostgreSQL
    # needs an explicit lock or two concurrent appends would both chain to one parent.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK])


def audit_log(
    *,
    actor: Any,
    practice: Any,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    detail: str = "",
) -> AuditEvent:
    """Append one event. Runs inside the caller's transaction, so a rolled-back change
    leaves no event behind, and an event that cannot be written rolls the change back."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    if actor is not None and not getattr(actor, "is_authenticated", True):
        actor_id = None
    practice_id = getattr(practice, "pk", practice) if practice is not None else None
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
        prev_hash = last.hash if last else GENESIS_HASH
        # The seq is assigned by the database; we hash after insert is impossible without
        # an UPDATE (refused by the trigger), so we pick the next seq ourselves under the lock.
        seq = (last.seq if last else 0) + 1
        at = datetime.now(UTC)
        fields = {
            "at": at,
            "practice_id": practice_id,
            "actor_id": actor_id,
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "request_id": current_request_id.get(),
            "detail": detail[:200],
        }
        digest = event_hash(prev_hash=prev_hash, seq=seq, **fields)  # type: ignore[arg-type]
        return AuditEvent.objects.create(seq=seq, prev_hash=prev_hash, hash=digest, **fields)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def audit_verify() -> VerifyResult:
    """Walk the chain in order; report the first event whose hash or link is wrong."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return VerifyResult(
                False,
                checked,
                event.seq,
                f"expected event #{expected_seq} next, found #{event.seq}",
            )
        if event.prev_hash != prev_hash:
            return VerifyResult(False, checked, event.seq, "does not link to the previous event")
        at = event.at if event.at.tzinfo else event.at.replace(tzinfo=UTC)
        digest = event_hash(
            prev_hash=event.prev_hash,
            seq=event.seq,
            at=at.astimezone(UTC),
            practice_id=event.practice_id,
            actor_id=event.actor_id,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            request_id=event.request_id,
            detail=event.detail,
        )
        if digest != event.hash:
            return VerifyResult(False, checked, event.seq, "contents do not match its hash")
        prev_hash = event.hash
        expected_seq += 1
        checked += 1
    return VerifyResult(True, checked)


def audit_view(*, actor: Any, obj: Model, detail: str = "") -> AuditEvent:
    """Record that `actor` looked at a practice record (every view of client data is audited)."""
    practice_id = getattr(obj, "practice_id", None)
    return audit_log(actor=actor, practice=practice_id, action="view", obj=obj, detail=detail)
