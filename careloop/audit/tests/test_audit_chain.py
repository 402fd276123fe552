import itertools

import pytest
from django.db import IntegrityError, InternalError, OperationalError, connection, transaction

from careloop.audit.models import AuditEvent
from careloop.audit.services import audit_log, audit_verify
from careloop.audit.triggers import create_triggers, drop_triggers
from careloop.cli import main as cli_main

REFUSED = (IntegrityError, InternalError, OperationalError)


def _three_events(personas):
    for n in range(3):
        audit_log(
            actor=personas.alice,
            practice=personas.practice,
            action="view",
            object_type="clients.client",
            object_id=n + 1,
        )
    return list(AuditEvent.objects.order_by("seq"))


@pytest.mark.django_db
def test_events_are_chained_and_verify(personas):
    events = _three_events(personas)
    for earlier, later in itertools.pairwise(events):
        assert later.prev_hash == earlier.hash
    result = audit_verify()
    assert result.ok
    assert result.checked == AuditEvent.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql", ["UPDATE audit_auditevent SET action = 'delete'", "DELETE FROM audit_auditevent"]
)
def test_the_database_refuses_update_and_delete(personas, sql):
    _three_events(personas)
    with (
        pytest.raises(REFUSED, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert audit_verify().ok


@pytest.mark.django_db
def test_verify_names_the_first_edited_event_after_the_trigger_is_dropped(personas, capsys):
    events = _three_events(personas)
    target = events[1]
    drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET object_id = %s WHERE seq = %s", ["999", target.seq]
        )
    create_triggers(connection)
    result = audit_verify()
    assert not result.ok
    assert result.broken_seq == target.seq
    assert cli_main(["audit", "verify"]) == 1
    assert f"BROKEN at event #{target.seq}" in capsys.readouterr().err


@pytest.mark.django_db
def test_verify_detects_a_deleted_event(personas):
    events = _three_events(personas)
    drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [events[1].seq])
    create_triggers(connection)
    result = audit_verify()
    assert not result.ok
    assert result.broken_seq == events[2].seq


@pytest.mark.django_db
def test_verify_detects_an_inserted_event(personas):
    events = _three_events(personas)
    forged = events[1]
    drop_triggers(connection)
    with connection.cursor() as cursor:
        # Shift the later events and slip a forged one in with a made-up hash.
        cursor.execute("UPDATE audit_auditevent SET seq = seq + 100 WHERE seq > %s", [forged.seq])
        cursor.execute(
            "INSERT INTO audit_auditevent (seq, at, action, object_type, object_id, request_id,"
            " detail, prev_hash, hash) VALUES (%s, %s, 'view', 'x', '1', '', '', %s, %s)",
            [forged.seq + 1, forged.at, forged.hash, "f" * 64],
        )
    create_triggers(connection)
    result = audit_verify()
    assert not result.ok
    assert result.broken_seq == forged.seq + 1


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_event(personas):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_log(
            actor=personas.alice,
            practice=personas.practice,
            action="create",
            object_type="clients.client",
            object_id=1,
        )
        raise RuntimeError("the change failed half-way")
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_cli_reports_an_intact_trail(personas, capsys):
    _three_events(personas)
    assert cli_main(["audit", "verify"]) == 0
    assert "audit trail intact" in capsys.readouterr().out
