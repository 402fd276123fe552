"""/follow-ups: follow-ups due (list) and completing one."""

import datetime as dt
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from careloop.api.auth import caller
from careloop.api.common import ObjectId, listed, text
from careloop.api.errors import error_responses
from careloop.api.pagination import ListParams, page, paginate
from careloop.api.pain_reports import PainReportIn
from careloop.episodes.access import follow_up_for_user
from careloop.episodes.models import FollowUp
from careloop.episodes.services import follow_up_complete

router = Router(tags=["follow-ups"])


class FollowUpParams(ListParams):
    state: Literal["open", "all"] = Field("open", description="open ones only, or all")


class FollowUpOut(Schema):
    id: int
    episode_id: int
    client_id: int
    kind: str
    due_at: dt.datetime
    assigned_to_id: int | None
    completed_at: dt.datetime | None
    note: str
    result_id: int | None
    cancelled: bool
    created_at: dt.datetime


class FollowUpPage(Schema):
    items: list[FollowUpOut]
    next_cursor: str | None


class CompleteIn(Schema):
    """A check-in records how the client is now (``report``); contacting the referral
    source records what was agreed (``note``)."""

    note: str = text("", max_length=5000)
    report: PainReportIn | None = None


@router.get("", response={200: FollowUpPage, **error_responses()})
def list_follow_ups(request: HttpRequest, params: Query[FollowUpParams]) -> Any:
    who = caller(request)
    rows = FollowUp.objects.filter(practice=who.practice)
    if params.state == "open":
        rows = rows.filter(completed_at__isnull=True, cancelled=False)
    found, next_cursor = paginate(rows, params, changed_field="created_at")
    with transaction.atomic():
        listed(who, found)
    return page(found, next_cursor)


@router.post(
    "/{follow_up_id}/complete", response={200: FollowUpOut, **error_responses(403, 404, 409)}
)
@transaction.atomic
def complete_follow_up(request: HttpRequest, follow_up_id: ObjectId, data: CompleteIn) -> Any:
    who = caller(request)
    follow_up = follow_up_for_user(who.user, follow_up_id)
    request.api_error_prefix = lambda field: [] if field == "note" else ["report"]  # type: ignore[attr-defined]
    return follow_up_complete(
        follow_up=follow_up,
        completed_by=who.user,
        note=data.note,
        report=data.report.report_input() if data.report else None,
    )
