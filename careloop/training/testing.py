"""This app's entries for careloop/testing/objects.py: URL kwarg -> maker of alice's object,
and small builders for tests (clients, programs and sessions in alice's practice)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from careloop.clients.models import Client
from careloop.clients.testing import probe_client
from careloop.testing.personas import ObjectMaker, Personas
from careloop.training.models import Exercise, ProgramVersion, Session
from careloop.training.selectors import program_for_client, program_items
from careloop.training.services import (
    PerformedSpec,
    SetSpec,
    exercise_library_ensure,
    program_ensure,
    program_update,
    session_log,
)


def make_client(practice: Any, first: str = "Avery", last: str = "Walker") -> Any:
    """A client in `practice` (the same one each time for the same name)."""
    client, _ = Client.objects.get_or_create(
        practice=practice,
        first_name=first,
        last_name=last,
        defaults={"date_of_birth": dt.date(1958, 4, 12), "sex": Client.Sex.FEMALE},
    )
    return client


def _probe_client(p: Personas) -> Any:
    # The client the URL walker puts in `client_id`, so both ids in one URL belong together.
    return probe_client(p)


def make_program(client: Any, actor: Any, loads: tuple[int, ...] = (20, 40)) -> Any:
    """A program with one version: Leg press and Step-up (loads in kg)."""
    exercise_library_ensure(practice=client.practice)

    names = ["Leg press", "Step-up", "Wall sit"][: len(loads)]
    exercises = {
        e.name: e for e in Exercise.objects.filter(practice=client.practice, name__in=names)
    }
    program = program_ensure(client=client)
    program_update(
        program=program,
        actor=actor,
        items=[
            {"exercise": exercises[name], "sets": 3, "reps": 10, "load": Decimal(load)}
            for name, load in zip(names, loads, strict=True)
        ],
        reason="Initial program",
        based_on_version=program.version,
    )
    return program


def make_session(
    client: Any, actor: Any, *, days_ago: int = 1, pain_before: int = 3, from_program: bool = False
) -> Any:
    """A session `days_ago`; with `from_program`, every program exercise done as prescribed."""
    exercises = [
        PerformedSpec(
            exercise=item.exercise,
            sets=[SetSpec(item.reps, item.load)] * (item.sets or 1),
            load_unit=item.load_unit,
        )
        for item in (program_items(program_for_client(client)) if from_program else [])
    ]
    return session_log(
        exercises=exercises,
        client=client,
        actor=actor,
        practitioner=actor,
        started_at=timezone.now() - dt.timedelta(days=days_ago),
        duration_minutes=60,
        pain_before=pain_before,
        pain_after=max(0, pain_before - 1),
    )


def _exercise(p: Personas) -> object:
    exercise_library_ensure(practice=p.practice)
    return Exercise.objects.filter(practice=p.practice).order_by("pk").first().pk  # type: ignore[union-attr]


def _version(p: Personas) -> object:
    client = _probe_client(p)
    version = ProgramVersion.objects.filter(program__client=client).first()
    if version is None:
        make_program(client, p.alice)
        version = ProgramVersion.objects.filter(program__client=client).first()
    return version.pk  # type: ignore[union-attr]


def _session(p: Personas) -> object:
    client = _probe_client(p)
    session = Session.objects.filter(client=client).first() or make_session(client, p.alice)
    return session.pk


OBJECT_MAKERS: dict[str, ObjectMaker] = {
    "exercise_id": _exercise,
    "version_id": _version,
    "session_id": _session,
}
