"""/letters: letters (list) and their PDF and DOCX files."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from careloop.api.auth import caller
from careloop.api.common import ObjectId, listed, viewed
from careloop.api.errors import error_responses
from careloop.api.pagination import ListParams, page, paginate
from careloop.letters import services
from careloop.letters.access import letter_for_user
from careloop.letters.filenames import content_disposition
from careloop.letters.models import Letter
from careloop.letters.render import render as render_letter

router = Router(tags=["letters"])

FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class LetterOut(Schema):
    id: int
    client_id: int
    episode_id: int | None
    kind: str
    version: int
    status: str
    recipient_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    finalised_at: dt.datetime | None
    sent_at: dt.datetime | None
    superseded_at: dt.datetime | None


class LetterPage(Schema):
    items: list[LetterOut]
    next_cursor: str | None


@router.get("", response={200: LetterPage, **error_responses()})
def list_letters(request: HttpRequest, params: Query[ListParams]) -> Any:
    who = caller(request)
    rows, next_cursor = paginate(
        Letter.objects.filter(practice=who.practice), params, changed_field="updated_at"
    )
    with transaction.atomic():
        listed(who, rows)
    return page(rows, next_cursor)


def _file(request: HttpRequest, letter_id: int, fmt: str) -> HttpResponse:
    who = caller(request)
    with transaction.atomic():
        letter = letter_for_user(who.user, letter_id)
        viewed(who, letter, detail=f"api download {fmt}")
    data = render_letter(services.letter_content(letter), fmt, draft=letter.is_draft)  # type: ignore[arg-type]
    response = HttpResponse(data, content_type=FILE_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(services.letter_filename(letter, fmt))
    return response


@router.get(
    "/{letter_id}/pdf",
    response={200: None, **error_responses(404)},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The letter as PDF (a draft is marked DRAFT).",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_letter_pdf(request: HttpRequest, letter_id: ObjectId) -> HttpResponse:
    return _file(request, letter_id, "pdf")


@router.get(
    "/{letter_id}/docx",
    response={200: None, **error_responses(404)},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The letter as DOCX (a draft is marked DRAFT).",
                "content": {FILE_TYPES["docx"]: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_letter_docx(request: HttpRequest, letter_id: ObjectId) -> HttpResponse:
    return _file(request, letter_id, "docx")
