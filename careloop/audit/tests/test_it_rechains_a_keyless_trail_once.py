"""Migration 0003 re-MACs a trail written by the keyless release, once, and refuses to
launder a broken one."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from careloop.audit.chain import GENESIS_HASH, legacy_event_hash
from careloop.audit.models import AuditEvent
from careloop.audit.services import audit_log
from careloop.audit.triggers import drop_triggers
from careloop.audit.verify import audit_verify

BEFORE = [("audit", "0002_append_only_triggers")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest():
    return [
        key for key in MigrationExecutor(connection).loader.graph.leaf_nodes() if key[0] == "audit"
    ]


def _write_legacy_trail(practices, tamper_seq=None):
    """Events as the keyless release wrote them: one global chain, seq chosen by the app."""
    prev = GENESIS_HASH
    start = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    with connection.cursor() as cursor:
        for seq, practice_id in enumerate(practices, start=1):
            fields = {
                "at": start + timedelta(minutes=seq),
                "practice_id": practice_id,
                "actor_id": None,
                "action": "view",
                "object_type": "clients.client",
                "object_id": str(seq),
                "request_id": "",
                "detail": "",
            }
            digest = legacy_event_hash(prev_hash=prev, seq=seq, **fields)
            if seq == tamper_seq:
                fields["object_id"] = "999"  # edited after it was hashed
            cursor.execute(
                "INSERT INTO audit_auditevent (seq, at, practice_id, actor_id, action, object_type,"
                " object_id, request_id, detail, prev_hash, hash)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [seq, *fields.values(), prev, digest],
            )
            prev = digest


def test_it_rechains_the_keyless_trail_per_practice_under_the_key(transactional_db, personas):
    latest = _latest()
    a, b = personas.practice.pk, personas.other_practice.pk
    _migrate(BEFORE)
    try:
        _write_legacy_trail([a, b, None, a, a, b])
    finally:
        _migrate(latest)
    chains = {}
    for event in AuditEvent.objects.order_by("seq"):
        chains.setdefault(event.practice_id, []).append(event.chain_seq)
    assert chains == {a: [1, 2, 3], b: [1, 2], None: [1]}
    assert audit_verify().ok
    # New events continue each chain, and the database's own seq does not collide with the
    # seqs the old release chose itself (PostgreSQL's identity sequence was never advanced).
    event = audit_log(actor=personas.alice, practice=a, action="view", object_type="x")
    assert (event.chain_seq, event.seq) == (4, 7)
    assert audit_verify().ok


def test_it_refuses_to_remac_a_broken_keyless_trail(transactional_db, personas):
    latest = _latest()
    a = personas.practice.pk
    _migrate(BEFORE)
    try:
        _write_legacy_trail([a, a, a], tamper_seq=2)
        with pytest.raises(RuntimeError, match=r"broken at event #2 \(contents do not match"):
            _migrate(latest)
    finally:
        # Leave the schema as every other test expects it.
        drop_triggers(connection)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
        _migrate(latest)
