"""/clients: clients with the referral they came with and their consent."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from careloop.api.auth import caller
from careloop.api.common import ClientId, listed, text, viewed
from careloop.api.errors import error_responses
from careloop.api.pagination import ListParams, page, paginate
from careloop.clients.access import client_for_user
from careloop.clients.models import Client, Consent, Referral, ReferralSource, practice_today
from careloop.clients.services import CLIENT_FIELDS, CONSENT_FIELDS, client_create

router = Router(tags=["clients"])


class ClientFields(Schema):
    first_name: str = text(..., max_length=100, min_length=1)
    last_name: str = text(..., max_length=100, min_length=1)
    date_of_birth: dt.date
    sex: Client.Sex
    email: str = text("", max_length=254)
    phone: str = text("", max_length=40)
    address: str = text("", max_length=2000)
    emergency_contact_name: str = text("", max_length=150)
    emergency_contact_phone: str = text("", max_length=40)
    language: str = text("en", max_length=5)


class ReferralFields(Schema):
    source_id: int
    referral_date: dt.date
    reason: str = text(..., max_length=5000, min_length=1)
    diagnosis: str = text("", max_length=300)
    region: str = text("", max_length=20)
    surgery_procedure: str = text("", max_length=200)
    surgery_region: str = text("", max_length=20)
    surgery_date: dt.date | None = None
    precautions: str = text("", max_length=5000)
    contraindications: str = text("", max_length=5000)
    valid_until: dt.date | None = None
    visits_authorised: int | None = Field(None, ge=0, le=10_000)


class ConsentFields(Schema):
    given_on: dt.date
    scope: str = text(..., max_length=2000, min_length=1)
    expires_on: dt.date | None = None


class ClientIn(Schema):
    client: ClientFields
    referral: ReferralFields
    consent: ConsentFields | None = None
    allow_duplicate: bool = False


class ReferralOut(Schema):
    id: int
    source_id: int
    referral_date: dt.date
    reason: str
    diagnosis: str
    region: str
    surgery_procedure: str
    surgery_region: str
    surgery_date: dt.date | None
    precautions: str
    contraindications: str
    valid_until: dt.date | None
    visits_authorised: int | None


class ConsentOut(Schema):
    id: int
    given_on: dt.date
    scope: str
    expires_on: dt.date | None
    revoked_at: dt.datetime | None
    current: bool


class ClientOut(Schema):
    id: int
    first_name: str
    last_name: str
    date_of_birth: dt.date
    sex: str
    email: str
    phone: str
    address: str
    emergency_contact_name: str
    emergency_contact_phone: str
    language: str
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime
    referral: ReferralOut | None
    consent: ConsentOut | None


class ClientPage(Schema):
    items: list[ClientOut]
    next_cursor: str | None


def client_out(client: Client) -> dict[str, Any]:
    """The client with their newest referral and the consent in force (else the newest),
    from prefetched referrals and consents (no query per client)."""
    today = practice_today(client.practice)
    referrals = list(client.referrals.all())
    consents = list(client.consents.all())
    current = next((c for c in consents if c.is_current(today)), None)
    consent = current or (consents[0] if consents else None)
    data = {
        n: getattr(client, n) for n in ClientOut.model_fields if n not in {"referral", "consent"}
    }
    data["referral"] = referrals[0] if referrals else None
    data["consent"] = (
        None
        if consent is None
        else {
            **{n: getattr(consent, n) for n in ("id", "given_on", "scope", "expires_on")},
            "revoked_at": consent.revoked_at,
            "current": consent is current,
        }
    )
    return data


def _with_records() -> Any:
    return Client.objects.select_related("practice").prefetch_related(
        Prefetch("referrals", queryset=Referral.objects.order_by("-referral_date", "-pk")),
        Prefetch("consents", queryset=Consent.objects.order_by("-given_on", "-pk")),
    )


def _body_path(field: str) -> list[str]:
    """Where a service's error about ``field`` points in the request body."""
    if field in CLIENT_FIELDS:
        return ["client"]
    if field in CONSENT_FIELDS:
        return ["consent"]
    return ["referral"]


@router.get("", response={200: ClientPage, **error_responses()})
def list_clients(request: HttpRequest, params: Query[ListParams]) -> Any:
    who = caller(request)
    rows, next_cursor = paginate(
        _with_records().filter(practice=who.practice), params, changed_field="updated_at"
    )
    with transaction.atomic():
        listed(who, rows)
    return page([client_out(c) for c in rows], next_cursor)


@router.post("", response={201: ClientOut, **error_responses(403, 409)})
@transaction.atomic
def create_client(request: HttpRequest, data: ClientIn) -> Any:
    who = caller(request)
    request.api_error_prefix = _body_path  # type: ignore[attr-defined]
    referral = data.referral.model_dump(exclude={"source_id"})
    source = ReferralSource.objects.filter(
        practice=who.practice, pk=data.referral.source_id
    ).first()
    if source is None:
        raise ValidationError({"source_id": "Choose a referral source of this practice."})
    client = client_create(
        practice=who.practice,
        actor=who.user,
        client_fields=data.client.model_dump(),
        referral_fields={**referral, "source": source},
        consent_fields=data.consent.model_dump() if data.consent else None,
        allow_duplicate=data.allow_duplicate,
    )
    return Status(201, client_out(_with_records().get(pk=client.pk)))


@router.get("/{client_id}", response={200: ClientOut, **error_responses(404)})
@transaction.atomic
def get_client(request: HttpRequest, client_id: ClientId) -> Any:
    who = caller(request)
    client = client_for_user(who.user, client_id)
    viewed(who, client)
    return client_out(_with_records().get(pk=client.pk))
