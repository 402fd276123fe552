"""/clients/{id}/sessions: sessions logged (create, list)."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from careloop.api.auth import caller
from careloop.api.common import ClientId, Instant, library_exercises, listed, text
from careloop.api.errors import error_responses
from careloop.api.pagination import ListParams, page, paginate
from careloop.clients.access import client_for_user
from careloop.training.models import Session, SessionExercise
from careloop.training.services import PerformedSpec, SetSpec, session_log

router = Router(tags=["sessions"])

Pain = Field(None, ge=0, le=10)


class SetIn(Schema):
    reps: int | None = Field(None, ge=0, le=1000)
    load: Decimal | None = Field(None, ge=0, le=9999, decimal_places=2)


class PerformedIn(Schema):
    exercise_id: int
    sets: list[SetIn] = Field(default_factory=list, max_length=30)
    load_unit: Literal["kg", "lb"] = "kg"
    duration_seconds: int | None = Field(None, ge=0, le=86_400)
    side: Literal["", "both", "left", "right"] = ""
    pain_during: int | None = Pain
    notes: str = text("", max_length=300)


class SessionIn(Schema):
    started_at: Instant
    duration_minutes: int = Field(ge=1, le=600)
    pain_before: int = Field(ge=0, le=10)
    pain_during_max: int | None = Pain
    pain_after: int | None = Pain
    pain_2h: int | None = Pain
    rpe: int | None = Pain
    exercises: list[PerformedIn] = Field(default_factory=list, max_length=60)
    practitioner_observations: str = text("", max_length=5000)
    client_statements: str = text("", max_length=5000)
    hold_override_reason: str = text("", max_length=2000)
    allow_duplicate: bool = False


class PerformedOut(Schema):
    exercise_id: int
    exercise_name: str
    sets: list[dict[str, Any]]
    load_unit: str
    duration_seconds: int | None
    side: str
    pain_during: int | None
    notes: str


class SessionOut(Schema):
    id: int
    client_id: int
    program_version_id: int | None
    started_at: dt.datetime
    duration_minutes: int
    ended_at: dt.datetime
    pain_before: int
    pain_during_max: int | None
    pain_after: int | None
    pain_2h: int | None
    rpe: int | None
    practitioner_observations: str
    client_statements: str
    created_at: dt.datetime
    voided_at: dt.datetime | None
    exercises: list[PerformedOut]


class SessionPage(Schema):
    items: list[SessionOut]
    next_cursor: str | None


def session_out(session: Session, performed: list[SessionExercise]) -> dict[str, Any]:
    data = {name: getattr(session, name) for name in SessionOut.model_fields if name != "exercises"}
    data["exercises"] = [
        {
            "exercise_id": row.exercise_id,
            "exercise_name": row.exercise.name,
            "sets": row.sets,
            **{n: getattr(row, n) for n in ("load_unit", "duration_seconds", "side")},
            "pain_during": row.pain_during,
            "notes": row.notes,
        }
        for row in performed
    ]
    return data


def _performed(rows: list[Session]) -> dict[int, list[SessionExercise]]:
    found: dict[int, list[SessionExercise]] = {s.pk: [] for s in rows}
    exercises = SessionExercise.objects.filter(session__in=rows).select_related("exercise")
    for row in exercises.order_by("session_id", "order"):
        found[row.session_id].append(row)
    return found


def _specs(items: list[PerformedIn], practice_id: int) -> list[PerformedSpec]:
    exercises = library_exercises([i.exercise_id for i in items], practice_id, field="exercises")
    return [
        PerformedSpec(
            exercise=exercise,
            sets=tuple(SetSpec(reps=s.reps, load=s.load) for s in item.sets),
            **item.model_dump(exclude={"exercise_id", "sets"}),
        )
        for item, exercise in zip(items, exercises, strict=True)
    ]


@router.get("/{client_id}/sessions", response={200: SessionPage, **error_responses(404)})
def list_sessions(request: HttpRequest, client_id: ClientId, params: Query[ListParams]) -> Any:
    who = caller(request)
    with transaction.atomic():
        client = client_for_user(who.user, client_id)
        rows, next_cursor = paginate(
            Session.objects.filter(client=client), params, changed_field="created_at"
        )
        listed(who, rows)
    performed = _performed(rows)
    return page([session_out(s, performed[s.pk]) for s in rows], next_cursor)


@router.post("/{client_id}/sessions", response={201: SessionOut, **error_responses(403, 404, 409)})
@transaction.atomic
def create_session(request: HttpRequest, client_id: ClientId, data: SessionIn) -> Any:
    who = caller(request)
    client = client_for_user(who.user, client_id)
    fields = data.model_dump(exclude={"exercises", "allow_duplicate"})
    session = session_log(
        client=client,
        actor=who.user,
        practitioner=who.user,
        exercises=_specs(data.exercises, client.practice_id),
        allow_duplicate=data.allow_duplicate,
        **fields,
    )
    return Status(201, session_out(session, _performed([session])[session.pk]))
