"""Helpers for tests that play the attacker: lift the triggers, run SQL, put them back."""

from __future__ import annotations

from typing import Any

from django.db import connection

from careloop.audit.models import AuditEvent
from careloop.audit.services import audit_log
from careloop.audit.triggers import create_triggers, drop_triggers


def append_views(actor: Any, practice: Any, count: int) -> list[AuditEvent]:
    for n in range(count):
        audit_log(
            actor=actor,
            practice=practice,
            action="view",
            object_type="clients.client",
            object_id=n + 1,
        )
    return list(AuditEvent.objects.filter(practice=practice).order_by("chain_seq"))


def tamper(sql: str, params: list[Any] | None = None) -> None:
    """Run `sql` as someone with full rights on the database (but without AUDIT_KEY)."""
    drop_triggers(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
    finally:
        create_triggers(connection)
