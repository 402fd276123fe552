"""Cursor pagination and the ``updated_since`` filter shared by every list.

A list is ordered by id; its cursor is the last id seen, opaque to the caller (base64), so
rows added while a caller pages through never shift a page. ``updated_since`` keeps rows
changed (or, for records that never change, created) at or after that time.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from ninja import Schema
from pydantic import Field

from careloop.api.common import Instant
from careloop.api.errors import ApiProblem

M = TypeVar("M", bound=Model)
MAX_LIMIT = 100


class ListParams(Schema):
    cursor: str | None = Field(None, max_length=64, description="next_cursor of the last page")
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="rows per page")
    updated_since: Instant | None = Field(
        None, description="only rows changed at or after this time (ISO 8601, with offset)"
    )


def _after(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode() + b"==").decode()
        kind, _, value = text.partition(":")
        if kind != "id" or not value.isdigit():
            raise ValueError(text)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiProblem(
            422,
            "The cursor is not one this API gave.",
            errors=[{"in": "query", "pointer": "/cursor", "detail": "Send next_cursor as given."}],
        ) from None


def cursor_for(pk: int) -> str:
    return base64.urlsafe_b64encode(f"id:{pk}".encode()).decode().rstrip("=")


def paginate(
    queryset: QuerySet[M], params: ListParams, *, changed_field: str
) -> tuple[list[M], str | None]:
    """One page of ``queryset`` and the cursor of the next (None on the last page)."""
    if params.updated_since is not None:
        queryset = queryset.filter(**{f"{changed_field}__gte": params.updated_since})
    if params.cursor:
        queryset = queryset.filter(pk__gt=_after(params.cursor))
    rows = list(queryset.order_by("pk")[: params.limit + 1])
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    return rows, cursor_for(rows[-1].pk) if more and rows else None


def page(items: list[Any], next_cursor: str | None) -> dict[str, Any]:
    return {"items": items, "next_cursor": next_cursor}
