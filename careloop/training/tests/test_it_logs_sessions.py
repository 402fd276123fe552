"""Session logging: what is stored, and bad input refused with nothing saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from careloop.audit.models import AuditEvent
from careloop.episodes.models import Episode
from careloop.episodes.services import clearance_record, hold_put
from careloop.training.models import Session, SessionExercise
from careloop.training.services import PerformedSpec, SetSpec, session_log
from careloop.training.testing import make_program

pytestmark = pytest.mark.django_db


def _log(personas, client, **overrides):
    fields = {
        "client": client,
        "actor": personas.alice,
        "practitioner": personas.bob,
        "started_at": timezone.now() - dt.timedelta(hours=2),
        "duration_minutes": 45,
        "pain_before": 3,
        "pain_during_max": 4,
        "pain_after": 2,
        "rpe": 6,
    }
    fields.update(overrides)
    return session_log(**fields)


def test_it_stores_pain_sets_and_the_two_kinds_of_notes(personas, client_record, library):
    program = make_program(client_record, personas.alice)
    session = _log(
        personas,
        client_record,
        exercises=[
            PerformedSpec(
                exercise=library["Leg press"],
                sets=[
                    SetSpec(10, Decimal(20)),
                    SetSpec(10, Decimal(20)),
                    SetSpec(8, Decimal("17.5")),
                ],
                pain_during=3,
            )
        ],
        practitioner_observations="Stopped the third set: sharp pain at 80 degrees of flexion.",
        client_statements="Knee felt tight on the stairs this morning.",
    )
    session.refresh_from_db()
    assert session.ended_at - session.started_at == dt.timedelta(minutes=45)
    assert (session.pain_before, session.pain_during_max, session.pain_after, session.rpe) == (
        3,
        4,
        2,
        6,
    )
    assert session.program_version.number == program.version == 1
    assert session.practitioner == personas.bob
    assert session.practitioner_observations.startswith("Stopped the third set")
    assert session.client_statements.startswith("Knee felt tight")
    done = SessionExercise.objects.get(session=session)
    assert done.sets == [
        {"reps": 10, "load": "20"},
        {"reps": 10, "load": "20"},
        {"reps": 8, "load": "17.5"},
    ]
    assert done.load_max == Decimal("20") and done.pain_during == 3
    event = AuditEvent.objects.get(object_type="training.session", object_id=str(session.pk))
    assert event.action == "create" and event.detail == ""


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"pain_before": None}, "pain_before"),
        ({"pain_before": 11}, "pain_before"),
        ({"pain_before": -1}, "pain_before"),
        ({"pain_after": 12}, "pain_after"),
        ({"pain_during_max": -2}, "pain_during_max"),
        ({"rpe": 11}, "rpe"),
        ({"started_at": timezone.now() + dt.timedelta(days=1)}, "started_at"),
        ({"duration_minutes": 0}, "duration_minutes"),
    ],
)
def test_it_refuses_bad_values_and_saves_nothing(personas, client_record, overrides, field):
    if "started_at" in overrides:
        overrides["started_at"] = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        _log(personas, client_record, **overrides)
    assert field in exc.value.message_dict
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "sets",
    [[SetSpec(10, Decimal(-5))], [SetSpec(-1, Decimal(5))]],
    ids=["negative load", "negative reps"],
)
def test_it_refuses_negative_loads_and_reps(personas, client_record, library, sets):
    with pytest.raises(ValidationError) as exc:
        _log(
            personas,
            client_record,
            exercises=[PerformedSpec(exercise=library["Leg press"], sets=sets)],
        )
    assert "negative" in exc.value.message_dict["exercises"][0]
    assert not Session.objects.exists() and not SessionExercise.objects.exists()


def test_it_refuses_a_practitioner_from_another_practice(personas, client_record):
    with pytest.raises(ValidationError) as exc:
        _log(personas, client_record, practitioner=personas.charlie)
    assert "practitioner" in exc.value.message_dict


def _hold(personas, client):
    # Through the episodes service, which puts the client on hold as well: that status is
    # what training reads.
    episode = Episode.objects.create(
        practice=personas.practice, client=client, opened_by=personas.alice
    )
    return hold_put(client=client, episode=episode, started_by=personas.alice, reason="Pain 7/10")


def test_it_blocks_logging_during_a_hold_unless_a_reason_is_given(personas, client_record):
    _hold(personas, client_record)
    with pytest.raises(ValidationError) as exc:
        _log(personas, client_record)
    assert "on hold" in exc.value.message_dict["hold_override_reason"][0]
    assert not Session.objects.exists()
    session = _log(
        personas, client_record, hold_override_reason="Session took place before the hold"
    )
    assert session.logged_during_hold_reason == "Session took place before the hold"


def test_it_logs_normally_once_the_hold_is_lifted(personas, client_record):
    hold = _hold(personas, client_record)
    clearance_record(
        hold=hold,
        recorded_by=personas.alice,
        cleared_by_name="Dr Priya Natarajan",
        cleared_at=timezone.now(),
        channel="phone",
    )
    assert _log(personas, client_record).logged_during_hold_reason == ""
