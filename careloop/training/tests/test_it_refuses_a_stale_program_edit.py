"""Two practitioners editing one program: the second save is refused, with who and when."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from careloop.training.models import ProgramVersion
from careloop.training.programs import ItemSpec
from careloop.training.services import ProgramConflict, program_ensure, program_update


def _items(library, load):
    return [ItemSpec(exercise=library["Leg press"], sets=3, reps=10, load=Decimal(load))]


@pytest.mark.django_db
def test_it_refuses_an_edit_based_on_an_older_version(personas, client_record, library):
    program = program_ensure(client=client_record)
    program_update(
        program=program,
        actor=personas.alice,
        items=_items(library, 40),
        reason="Start",
        based_on_version=0,
    )
    # Alice and Bob both open the editor at version 1; Bob saves first.
    program_update(
        program=program,
        actor=personas.bob,
        items=_items(library, 45),
        reason="Progress",
        based_on_version=1,
    )
    with pytest.raises(ProgramConflict) as exc:
        program_update(
            program=program,
            actor=personas.alice,
            items=_items(library, 35),
            reason="Sore",
            based_on_version=1,
        )
    message = exc.value.messages[0]
    assert message.startswith("Bob Baker saved a newer version (v2) at ")
    assert "reload to see it" in message
    assert list(
        ProgramVersion.objects.filter(program=program).values_list("number", flat=True)
    ) == [2, 1]


def test_it_lets_only_one_of_two_simultaneous_saves_through(
    transactional_db, personas, client_record, library
):
    if connection.vendor == "sqlite":
        # SQLite serialises writers itself (IMMEDIATE transactions on a file database); the
        # in-memory test database's shared-cache table locks fail instead of waiting.
        pytest.skip("row locks are exercised on PostgreSQL")
    program = program_ensure(client=client_record)
    program_update(
        program=program,
        actor=personas.alice,
        items=_items(library, 40),
        reason="Start",
        based_on_version=0,
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(actor, load):
        try:
            barrier.wait(timeout=10)
            program_update(
                program=program,
                actor=actor,
                items=_items(library, load),
                reason="Edit",
                based_on_version=1,
            )
            outcomes.append("saved")
        except ProgramConflict:
            outcomes.append("refused")
        except Exception as exc:
            outcomes.append(f"error: {exc!r}")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(u, load))
        for u, load in ((personas.alice, 35), (personas.bob, 45))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["refused", "saved"]
    assert ProgramVersion.objects.filter(program=program).count() == 2
