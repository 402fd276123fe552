"""/referral-sources: the clinicians who refer clients."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from careloop.api.auth import caller
from careloop.api.common import ObjectId, listed, text, viewed
from careloop.api.errors import error_responses
from careloop.api.pagination import ListParams, page, paginate
from careloop.clients.access import referral_source_for_user
from careloop.clients.models import ReferralSource
from careloop.clients.services import referral_source_create

router = Router(tags=["referral sources"])


class ReferralSourceIn(Schema):
    name: str = text(..., max_length=150, min_length=1)
    credentials: str = text("", max_length=100)
    kind: ReferralSource.Kind = ReferralSource.Kind.PHYSICIAN
    specialty: str = text("", max_length=120)
    organisation: str = text("", max_length=200)
    phone: str = text("", max_length=40)
    fax: str = text("", max_length=40)
    email: str = text("", max_length=254)
    address: str = text("", max_length=2000)
    preferred_channel: ReferralSource.Channel | None = None
    notes: str = text("", max_length=5000)
    allow_duplicate: bool = False


class ReferralSourceOut(Schema):
    id: int
    name: str
    credentials: str
    kind: str
    specialty: str
    organisation: str
    phone: str
    fax: str
    email: str
    address: str
    preferred_channel: str
    salutation: str
    created_at: dt.datetime
    updated_at: dt.datetime


class ReferralSourcePage(Schema):
    items: list[ReferralSourceOut]
    next_cursor: str | None


@router.get("", response={200: ReferralSourcePage, **error_responses()})
def list_referral_sources(request: HttpRequest, params: Query[ListParams]) -> Any:
    who = caller(request)
    rows, next_cursor = paginate(
        ReferralSource.objects.filter(practice=who.practice), params, changed_field="updated_at"
    )
    with transaction.atomic():
        listed(who, rows)
    return page(rows, next_cursor)


@router.post("", response={201: ReferralSourceOut, **error_responses(403, 409)})
@transaction.atomic
def create_referral_source(request: HttpRequest, data: ReferralSourceIn) -> Any:
    who = caller(request)
    fields = data.model_dump(exclude={"allow_duplicate"}, exclude_none=True)
    source = referral_source_create(
        practice=who.practice, actor=who.user, allow_duplicate=data.allow_duplicate, **fields
    )
    return Status(201, source)


@router.get("/{source_id}", response={200: ReferralSourceOut, **error_responses(404)})
@transaction.atomic
def get_referral_source(request: HttpRequest, source_id: ObjectId) -> Any:
    who = caller(request)
    source = referral_source_for_user(who.user, source_id)
    viewed(who, source)
    return source
