"""Every save of a program is a new, immutable version with a plain-words summary."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from careloop.audit.models import AuditEvent
from careloop.training.exercise_library import exercise_library_ensure
from careloop.training.models import (
    Exercise,
    ImmutableVersionError,
    ProgramExercise,
    ProgramVersion,
)
from careloop.training.programs import ItemSpec, change_summary
from careloop.training.selectors import program_items
from careloop.training.services import program_ensure, program_modify, program_update

pytestmark = pytest.mark.django_db


def _items(library, *rows):
    return [
        ItemSpec(
            exercise=library[name],
            sets=3,
            reps=10,
            load=Decimal(load) if load is not None else None,
        )
        for name, load in rows
    ]


def test_it_saves_each_change_as_a_new_version_and_keeps_old_ones(personas, client_record, library):
    program = program_ensure(client=client_record)
    v1 = program_update(
        program=program,
        actor=personas.alice,
        items=_items(library, ("Leg press", 40), ("Step-up", None)),
        reason="Initial program from the referral",
        based_on_version=0,
    )
    v2 = program_update(
        program=program,
        actor=personas.bob,
        items=_items(library, ("Leg press", 30), ("Wall sit", None)),
        reason="Knee sore after last session",
        based_on_version=1,
    )
    assert (v1.number, v2.number) == (1, 2)
    program.refresh_from_db()
    assert program.version == 2
    assert v1.change_summary == "First version"
    assert v2.change_summary == "Added Wall sit; Leg press load 40 -> 30 kg; Removed Step-up"
    assert v2.created_by == personas.bob and v2.reason == "Knee sore after last session"
    # The first version is still there, unchanged.
    assert [r.exercise.name for r in ProgramExercise.objects.filter(version=v1)] == [
        "Leg press",
        "Step-up",
    ]
    assert ProgramExercise.objects.get(version=v1, order=1).load == Decimal("40.00")
    assert [i.exercise.name for i in program_items(program)] == ["Leg press", "Wall sit"]
    assert (
        AuditEvent.objects.filter(object_type="training.program", object_id=str(program.pk)).count()
        == 2
    )


def test_it_refuses_to_change_a_saved_version(personas, client_record, library):
    program = program_ensure(client=client_record)
    version = program_update(
        program=program,
        actor=personas.alice,
        items=_items(library, ("Leg press", 40)),
        reason="Start",
        based_on_version=0,
    )
    version.reason = "rewritten"
    with pytest.raises(ImmutableVersionError):
        version.save()
    row = ProgramExercise.objects.get(version=version)
    row.load = Decimal(99)
    with pytest.raises(ImmutableVersionError):
        row.save()
    assert ProgramVersion.objects.get(pk=version.pk).reason == "Start"


def test_it_requires_a_reason_and_a_change(personas, client_record, library):
    program = program_ensure(client=client_record)
    with pytest.raises(ValidationError) as exc:
        program_update(
            program=program,
            actor=personas.alice,
            items=_items(library, ("Leg press", 40)),
            reason="  ",
            based_on_version=0,
        )
    assert "reason" in exc.value.message_dict
    program_update(
        program=program,
        actor=personas.alice,
        items=_items(library, ("Leg press", 40)),
        reason="Start",
        based_on_version=0,
    )
    with pytest.raises(ValidationError, match="Nothing changed"):
        program_update(
            program=program,
            actor=personas.alice,
            items=_items(library, ("Leg press", 40)),
            reason="Again",
            based_on_version=1,
        )
    assert ProgramVersion.objects.filter(program=program).count() == 1


def test_it_refuses_a_negative_load_in_a_program(personas, client_record, library):
    program = program_ensure(client=client_record)
    with pytest.raises(ValidationError, match="negative"):
        program_update(
            program=program,
            actor=personas.alice,
            items=_items(library, ("Leg press", -5)),
            reason="Start",
            based_on_version=0,
        )
    assert not ProgramVersion.objects.filter(program=program).exists()


def test_it_refuses_another_practices_exercise(personas, client_record, library):
    exercise_library_ensure(practice=personas.other_practice)
    foreign = Exercise.objects.filter(practice=personas.other_practice).first()
    program = program_ensure(client=client_record)
    with pytest.raises(ValidationError):
        program_update(
            program=program,
            actor=personas.alice,
            items=[ItemSpec(exercise=foreign)],
            reason="x",
            based_on_version=0,
        )


def test_it_marks_a_pain_modification_and_keeps_its_summary(personas, client_record, library):
    program = program_ensure(client=client_record)
    program_update(
        program=program,
        actor=personas.alice,
        items=_items(library, ("Leg press", 40), ("Step-up", None)),
        reason="Start",
        based_on_version=0,
    )
    items = program_items(program)
    lowered = [replace(items[0], load=Decimal(20)), items[1]]
    computed = program_modify(
        program=program,
        actor=personas.bob,
        items=lowered,
        reason="Pain 6/10 the day after (episode 3)",
        based_on_version=1,
    )
    assert computed.is_modification
    assert computed.change_summary == "Leg press load 40 -> 20 kg"
    given = program_modify(
        program=program,
        actor=personas.bob,
        items=lowered[1:],
        reason="Hold lifted with conditions",
        change_summary="Leg press paused on the clinician's advice",
        based_on_version=2,
    )
    assert given.change_summary == "Leg press paused on the clinician's advice"


def _spec(library, name, **kw):
    return ItemSpec(exercise=library[name], **kw)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ([("Leg press", {"sets": 3})], [("Leg press", {"sets": 2})], "Leg press sets 3 -> 2"),
        (
            [("Leg press", {"reps": 10, "load": Decimal("17.50")})],
            [("Leg press", {"reps": 12, "load": Decimal("20")})],
            "Leg press load 17.5 -> 20 kg, reps 10 -> 12",
        ),
        (
            [("Leg press", {})],
            [("Leg press", {"load": Decimal(5)})],
            "Leg press load no load -> 5 kg",
        ),
        (
            [("Leg press", {"load": Decimal(40)})],
            [("Leg press", {"load": Decimal(90), "load_unit": "lb"})],
            "Leg press load 40 kg -> 90 lb",
        ),
        (
            [("Heel slide", {"range_of_motion": "0-90"})],
            [("Heel slide", {"range_of_motion": "0-100"})],
            "Heel slide range of motion 0-90 -> 0-100",
        ),
        (
            [("Wall sit", {"duration_seconds": 30})],
            [("Wall sit", {"duration_seconds": 45})],
            "Wall sit duration 0:30 min -> 0:45 min",
        ),
        (
            [("Step-up", {"side": "left"})],
            [("Step-up", {"side": "both"})],
            "Step-up side left -> both sides",
        ),
        ([("Step-up", {"notes": "a"})], [("Step-up", {"notes": "b"})], "Step-up notes changed"),
        (
            [("Step-up", {}), ("Wall sit", {})],
            [("Wall sit", {}), ("Step-up", {})],
            "Changed the order",
        ),
        (
            [("Step-up", {"side": "left"}), ("Step-up", {"side": "right"})],
            [("Step-up", {"side": "right"})],
            "Removed Step-up",
        ),
        ([("Step-up", {})], [("Step-up", {})], ""),
    ],
)
def test_it_describes_what_changed_in_plain_words(library, old, new, expected):
    before = [_spec(library, name, **kw) for name, kw in old]
    after = [_spec(library, name, **kw) for name, kw in new]
    assert change_summary(before, after) == expected
