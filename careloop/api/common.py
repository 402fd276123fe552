"""What the resource modules share: ids in paths, auditing what a call showed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any

from django.db.models import Model
from ninja import Path
from pydantic import AfterValidator, Field

from careloop.api.auth import ApiCaller
from careloop.api.errors import ApiProblem
from careloop.audit.services import audit_view, audit_views
from careloop.training.models import Exercise
from careloop.triage import UtcInstant

# Ids are positive and fit both databases' 64-bit integers (a larger one is a 422, not a
# database overflow).
MAX_ID = 2**62
ClientId = Annotated[int, Path(ge=1, le=MAX_ID)]
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]


# A time a request gives (a filter, a session's start): any offset RFC 3339 allows (up to
# ±23:59) is taken as the instant it names, refused by triage's UtcInstant when it has none
# in years 1 to 9999, and handed on in UTC (PostgreSQL refuses offsets beyond ±15:59).
Instant = Annotated[UtcInstant, AfterValidator(lambda value: value.astimezone(dt.UTC))]


def library_exercises(ids: Sequence[int], practice_id: int, *, field: str) -> list[Exercise]:
    """The practice's exercise for each id, in order (one query); an id outside the
    practice's library is a 422 naming ``/{field}/{position}/exercise_id``."""
    library = {e.pk: e for e in Exercise.objects.filter(practice_id=practice_id, pk__in=ids)}
    for position, exercise_id in enumerate(ids):
        if exercise_id not in library:
            raise ApiProblem(
                422,
                "An exercise is not in this practice's library.",
                errors=[
                    {
                        "in": "body",
                        "pointer": f"/{field}/{position}/exercise_id",
                        "detail": "Choose an exercise of this practice's library.",
                    }
                ],
            )
    return [library[exercise_id] for exercise_id in ids]


def viewed(caller: ApiCaller, obj: Model, detail: str = "") -> None:
    """One view event for a record the call showed, with the token as the actor."""
    audit_view(actor=caller.user, obj=obj, detail=detail or "api")


def listed(caller: ApiCaller, objects: Sequence[Model]) -> None:
    """One view event per record a list showed (one insert)."""
    audit_views(actor=caller.user, practice=caller.practice, objects=objects, detail="api list")


# No NUL in text: PostgreSQL cannot store it, and no person types one.
NO_NUL = r"^[^\x00]*$"


def text(default: Any = "", *, max_length: int, min_length: int = 0, **extra: Any) -> Any:
    """A text field of a request body: bounded, without NUL."""
    return Field(
        default, min_length=min_length or None, max_length=max_length, pattern=NO_NUL, **extra
    )
