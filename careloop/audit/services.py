"""Writing the audit trail: one MAC chain per practice, appended in the caller's transaction.

Verifying lives in audit/verify.py, sealing chain heads in audit/seal.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model

from careloop.audit.chain import GENESIS_HASH, event_mac
from careloop.audit.models import AuditEvent
from careloop.audit.request_context import current_request_id

# The first key of PostgreSQL's two-key advisory lock: "an audit chain". The second key is
# the practice id (0 for the system chain), so practices never wait for each other.
_PG_CHAIN_LOCK_CLASS = 727_001
_INT4_SPAN = 2**31


def _lock_chain(practice_id: int | None) -> None:
    # SQLite runs IMMEDIATE transactions, so writers are already serialised; PostgreSQL
    # needs an explicit lock or two concurrent appends would both chain to one parent.
    # (Two practices whose ids collide modulo 2**31 would merely share a lock.)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [_PG_CHAIN_LOCK_CLASS, (practice_id or 0) % _INT4_SPAN],
            )


def chain_events(practice_id: int | None) -> Any:
    """The events of one chain (a practice's, or the system chain for None)."""
    if practice_id is None:
        return AuditEvent.objects.filter(practice__isnull=True)
    return AuditEvent.objects.filter(practice_id=practice_id)


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
    """Append one event to its practice's chain. Runs inside the caller's transaction, so a
    rolled-back change leaves no event behind, and an event that cannot be written rolls
    the change back."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    # A non-user actor (a client's check-in link) names itself through audit_actor_ref.
    actor_ref: str | None = getattr(actor, "audit_actor_ref", None)
    actor_id = getattr(actor, "pk", None) if actor is not None and not actor_ref else None
    if actor is not None and not getattr(actor, "is_authenticated", True):
        actor_id = None
    practice_id = getattr(practice, "pk", practice) if practice is not None else None
    with transaction.atomic():
        _lock_chain(practice_id)
        head = chain_events(practice_id).order_by("-chain_seq").only("chain_seq", "hash").first()
        fields = {
            "at": datetime.now(UTC),
            "practice_id": practice_id,
            "actor_id": actor_id,
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "request_id": current_request_id.get(),
            "detail": detail[:200],
        }
        # The MAC covers chain_seq, so it is chosen here under the lock rather than by the
        # database (an UPDATE after insert is refused by the trigger).
        chain_seq = (head.chain_seq if head else 0) + 1
        prev_hash = head.hash if head else GENESIS_HASH
        mac = event_mac(
            key=settings.AUDIT_KEY,
            prev_hash=prev_hash,
            chain_seq=chain_seq,
            actor_ref=actor_ref,
            **fields,  # type: ignore[arg-type]
        )
        return AuditEvent.objects.create(
            chain_seq=chain_seq, prev_hash=prev_hash, hash=mac, actor_ref=actor_ref, **fields
        )


def audit_view(*, actor: Any, obj: Model, detail: str = "") -> AuditEvent:
    """Record that `actor` looked at a practice record (every view of client data is audited)."""
    practice_id = getattr(obj, "practice_id", None)
    return audit_log(actor=actor, practice=practice_id, action="view", obj=obj, detail=detail)


def audit_views(
    *, actor: Any, practice: Any, objects: Sequence[Model], detail: str = ""
) -> list[AuditEvent]:
    """One "view" event per object, chained as `audit_log` would chain them one by one, but
    under one lock and in one insert: a page that names many clients (a search) costs the
    same few queries however many it names."""
    if not objects:
        return []
    # As in audit_log: a non-user actor (an API token) names itself through audit_actor_ref.
    actor_ref: str | None = getattr(actor, "audit_actor_ref", None)
    actor_id = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", True) else None
    if actor_ref:
        actor_id = None
    practice_id = getattr(practice, "pk", practice)
    request_id = current_request_id.get()
    with transaction.atomic():
        _lock_chain(practice_id)
        head = chain_events(practice_id).order_by("-chain_seq").only("chain_seq", "hash").first()
        chain_seq = head.chain_seq if head else 0
        prev_hash = head.hash if head else GENESIS_HASH
        events = []
        for obj in objects:
            chain_seq += 1
            fields = {
                "at": datetime.now(UTC),
                "practice_id": practice_id,
                "actor_id": actor_id,
                "action": "view",
                "object_type": obj._meta.label_lower,
                "object_id": str(obj.pk),
                "request_id": request_id,
                "detail": detail[:200],
            }
            mac = event_mac(
                key=settings.AUDIT_KEY,
                prev_hash=prev_hash,
                chain_seq=chain_seq,
                actor_ref=actor_ref,
                **fields,  # type: ignore[arg-type]
            )
            events.append(
                AuditEvent(
                    chain_seq=chain_seq,
                    prev_hash=prev_hash,
                    hash=mac,
                    actor_ref=actor_ref,
                    **fields,
                )
            )
            prev_hash = mac
        return AuditEvent.objects.bulk_create(events)
