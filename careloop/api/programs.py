"""/clients/{id}/program: the client's program and its versions.

A new version is created against the current one: send ``If-Match`` with the program's
ETag (``"<version number>"``, from GET .../program); a stale one is a 412, none a 428.
"""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Header, Router, Schema, Status
from pydantic import Field

from careloop.api.auth import caller
from careloop.api.common import ClientId, library_exercises, text, viewed
from careloop.api.errors import ApiProblem, error_responses
from careloop.clients.access import client_for_user
from careloop.training.models import Program, ProgramExercise, ProgramVersion
from careloop.training.programs import ITEM_FIELDS, ItemSpec
from careloop.training.services import program_ensure, program_update

router = Router(tags=["programs"])


class ItemIn(Schema):
    exercise_id: int
    sets: int | None = Field(None, ge=0, le=100)
    reps: int | None = Field(None, ge=0, le=1000)
    load: Decimal | None = Field(None, ge=0, le=9999, decimal_places=2)
    load_unit: Literal["kg", "lb"] = "kg"
    duration_seconds: int | None = Field(None, ge=0, le=86_400)
    range_of_motion: str = text("", max_length=120)
    tempo: str = text("", max_length=40)
    side: Literal["", "both", "left", "right"] = ""
    notes: str = text("", max_length=300)


class VersionIn(Schema):
    reason: str = text(..., max_length=2000, min_length=1)
    items: list[ItemIn] = Field(max_length=60)


class ItemOut(Schema):
    exercise_id: int
    exercise_name: str
    sets: int | None
    reps: int | None
    load: Decimal | None
    load_unit: str
    duration_seconds: int | None
    range_of_motion: str
    tempo: str
    side: str
    notes: str


class VersionOut(Schema):
    id: int
    number: int
    created_at: dt.datetime
    reason: str
    change_summary: str
    is_modification: bool
    items: list[ItemOut]


class ProgramOut(Schema):
    client_id: int
    version: int
    updated_at: dt.datetime
    current: VersionOut | None


def _items(version: ProgramVersion) -> list[dict[str, Any]]:
    rows = ProgramExercise.objects.filter(version=version).select_related("exercise")
    return [
        {
            "exercise_id": row.exercise_id,
            "exercise_name": row.exercise.name,
            **{name: getattr(row, name) for name in ITEM_FIELDS},
        }
        for row in rows.order_by("order")
    ]


def version_out(version: ProgramVersion) -> dict[str, Any]:
    fields = ("id", "number", "created_at", "reason", "change_summary", "is_modification")
    return {**{n: getattr(version, n) for n in fields}, "items": _items(version)}


def _program_out(program: Program, response: HttpResponse) -> dict[str, Any]:
    current = program.versions.filter(number=program.version).first()
    response["ETag"] = f'"{program.version}"'
    return {
        "client_id": program.client_id,
        "version": program.version,
        "updated_at": program.updated_at,
        "current": version_out(current) if current else None,
    }


def _based_on(if_match: str | None) -> int:
    if not if_match:
        raise ApiProblem(428, 'Send If-Match with the program\'s ETag (e.g. If-Match: "3").')
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit() or len(value) > 9:
        raise ApiProblem(412, "If-Match names no version of this program.")
    return int(value)


def _specs(items: list[ItemIn], practice_id: int) -> list[ItemSpec]:
    exercises = library_exercises([i.exercise_id for i in items], practice_id, field="items")
    return [
        ItemSpec(exercise=exercise, **item.model_dump(exclude={"exercise_id"}))
        for item, exercise in zip(items, exercises, strict=True)
    ]


@router.get("/{client_id}/program", response={200: ProgramOut, **error_responses(404)})
@transaction.atomic
def get_program(request: HttpRequest, client_id: ClientId, response: HttpResponse) -> Any:
    who = caller(request)
    client = client_for_user(who.user, client_id)
    program = program_ensure(client=client)
    viewed(who, program)
    return _program_out(program, response)


@router.get(
    "/{client_id}/program/versions",
    response={200: list[VersionOut], **error_responses(404)},
)
@transaction.atomic
def list_program_versions(request: HttpRequest, client_id: ClientId) -> Any:
    who = caller(request)
    client = client_for_user(who.user, client_id)
    program = program_ensure(client=client)
    viewed(who, program, detail="api versions")
    return [version_out(v) for v in program.versions.order_by("number")]


@router.post(
    "/{client_id}/program/versions",
    response={201: ProgramOut, **error_responses(403, 404, 412, 428)},
)
@transaction.atomic
def create_program_version(
    request: HttpRequest,
    client_id: ClientId,
    data: VersionIn,
    response: HttpResponse,
    if_match: str | None = Header(None, alias="If-Match", max_length=40),
) -> Any:
    who = caller(request)
    client = client_for_user(who.user, client_id)
    based_on = _based_on(if_match)
    program = program_ensure(client=client)
    specs = _specs(data.items, client.practice_id)
    try:
        program_update(
            program=program,
            actor=who.user,
            items=specs,
            reason=data.reason,
            based_on_version=based_on,
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") or type(exc) is not ValidationError:
            raise
        # "Nothing changed" is about the items as a whole.
        raise ValidationError({"items": exc.messages}) from None
    program.refresh_from_db()
    return Status(201, _program_out(program, response))
