import itertools

import pytest
from django.db import IntegrityError, InternalError, OperationalError, connection, transaction

from careloop.audit.chain import GENESIS_HASH
from careloop.audit.models import AuditEvent
from careloop.audit.services import audit_log
from careloop.audit.testing import append_views
from careloop.audit.verify import audit_verify

REFUSED = (IntegrityError, InternalError, OperationalError)


@pytest.mark.django_db
def test_it_chains_each_practice_on_its_own(personas):
    alice_events = append_views(personas.alice, personas.practice, 3)
    charlie_events = append_views(personas.charlie, personas.other_practice, 2)
    for events in (alice_events, charlie_events):
        assert [e.chain_seq for e in events] == list(range(1, len(events) + 1))
        assert events[0].prev_hash == GENESIS_HASH
        for earlier, later in itertools.pairwise(events):
            assert later.prev_hash == earlier.hash
    result = audit_verify()
    assert result.ok, result.problems
    assert result.checked == AuditEvent.objects.count()
    assert result.heads[personas.practice.pk].chain_seq == 3
    assert result.heads[personas.other_practice.pk].chain_seq == 2


@pytest.mark.django_db
def test_it_puts_events_without_a_practice_in_the_system_chain(personas):
    for _ in range(2):
        audit_log(actor=None, practice=None, action="login_failed", object_type="accounts.user")
    system = list(AuditEvent.objects.filter(practice__isnull=True).order_by("chain_seq"))
    assert [e.chain_seq for e in system] == [1, 2]
    result = audit_verify()
    assert result.ok, result.problems
    assert result.heads[None].chain == "system"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'delete'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_the_database_refuses_update_and_delete(personas, sql):
    append_views(personas.alice, personas.practice, 3)
    with (
        pytest.raises(REFUSED, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert audit_verify().ok


@pytest.mark.django_db
def test_it_refuses_a_second_event_with_the_same_place_in_a_chain(personas):
    first = append_views(personas.alice, personas.practice, 1)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.create(
            chain_seq=first.chain_seq,
            at=first.at,
            practice=personas.practice,
            action="view",
            object_type="x",
            prev_hash=GENESIS_HASH,
            hash="e" * 64,
        )


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
def test_it_does_not_verify_under_another_key(personas, settings):
    append_views(personas.alice, personas.practice, 2)
    settings.AUDIT_KEY = "another-key-" + "x" * 40
    result = audit_verify()
    assert [str(p) for p in result.problems] == [
        f"chain practice {personas.practice.pk}: event #1: "
        "contents do not match its MAC (edited or forged)"
    ]
