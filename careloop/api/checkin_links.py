"""/checkin-links: a client's standing "report pain" link (create, revoke)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from careloop.api.auth import caller
from careloop.api.common import MAX_ID, ObjectId
from careloop.api.errors import error_responses
from careloop.checkin.access import link_for_user
from careloop.checkin.messages import link_url
from careloop.checkin.models import CheckinLink
from careloop.checkin.services import checkin_link_create, checkin_link_revoke
from careloop.clients.access import client_for_user

router = Router(tags=["check-in links"])


class LinkIn(Schema):
    client_id: int = Field(ge=1, le=MAX_ID)
    channel: CheckinLink.Channel


class LinkOut(Schema):
    id: int
    client_id: int
    kind: str
    channel: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    sent_at: dt.datetime | None
    revoked_at: dt.datetime | None
    # Only for a printed card, only in the answer that created it: the link is not stored.
    url: str | None = None


def _out(link: CheckinLink, url: str | None = None) -> dict[str, Any]:
    fields = {n: getattr(link, n) for n in LinkOut.model_fields if n != "url"}
    return {**fields, "url": url}


@router.post("", response={201: LinkOut, **error_responses(403)})
@transaction.atomic
def create_checkin_link(request: HttpRequest, data: LinkIn) -> Any:
    """A standing link for the client: e-mailed or texted to them, or (channel "print")
    returned once as ``url`` for a printed card."""
    who = caller(request)
    try:
        client = client_for_user(who.user, data.client_id)
    except Http404:
        raise ValidationError({"client_id": "Choose a client of this practice."}) from None
    link, token = checkin_link_create(
        client=client,
        kind=CheckinLink.Kind.STANDING,
        channel=data.channel,
        responsible=who.user,
        actor=who.user,
    )
    url = link_url(token) if link.channel == CheckinLink.Channel.PRINT else None
    return Status(201, _out(link, url))


@router.post("/{link_id}/revoke", response={200: LinkOut, **error_responses(403, 404)})
@transaction.atomic
def revoke_checkin_link(request: HttpRequest, link_id: ObjectId) -> Any:
    who = caller(request)
    link = link_for_user(who.user, link_id)
    return _out(checkin_link_revoke(link=link, revoked_by=who.user))
