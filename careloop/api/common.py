"""What the resource modules share: ids in paths, auditing what a call showed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from django.db.models import Model
from ninja import Path
from pydantic import Field

from careloop.api.auth import ApiCaller
from careloop.audit.services import audit_view, audit_views

# Ids are positive and fit both databases' 64-bit integers (a larger one is a 422, not a
# database overflow).
MAX_ID = 2**62
ClientId = Annotated[int, Path(ge=1, le=MAX_ID)]
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]


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
