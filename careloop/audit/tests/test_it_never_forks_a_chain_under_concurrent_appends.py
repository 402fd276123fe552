"""On PostgreSQL, concurrent appends to one chain never fork it, and each practice's chain
has its own lock, so one practice's open transaction never holds up another's."""

import threading

import pytest
from django.db import OperationalError, connection, transaction

from careloop.audit.models import AuditEvent
from careloop.audit.services import audit_log
from careloop.audit.verify import audit_verify


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write transaction on the database file")


def _in_thread(work):
    def run():
        try:
            work()
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _append(practice):
    audit_log(actor=None, practice=practice, action="view", object_type="clients.client")


def test_concurrent_appends_to_one_chain_stay_one_chain(postgres, personas):
    start = threading.Barrier(2)

    def writer():
        start.wait()
        for _ in range(40):
            _append(personas.practice)

    for thread in [_in_thread(writer), _in_thread(writer)]:
        thread.join()
    seqs = list(
        AuditEvent.objects.filter(practice=personas.practice)
        .order_by("chain_seq")
        .values_list("chain_seq", flat=True)
    )
    assert seqs == list(range(1, 81))
    assert audit_verify().ok


def test_an_open_append_in_one_practice_does_not_block_another(postgres, personas):
    holding, release = threading.Event(), threading.Event()

    def hold_alices_chain():
        with transaction.atomic():
            _append(personas.practice)
            holding.set()
            release.wait(30)

    thread = _in_thread(hold_alices_chain)
    try:
        assert holding.wait(30)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '5s'")
            _append(personas.other_practice)  # charlie's practice: not held up
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            _append(personas.practice)  # alice's practice: waits for the open append
    finally:
        release.set()
        thread.join()
    assert audit_verify().ok
