"""Writes for referral sources, clients, referrals and consents.

Each is keyword-only, runs in one transaction, validates with the models' own rules (so a
bad date is refused here too, not only by the forms) and writes its audit event. Audit
details name fields, never their clinical values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careloop.accounts.models import Practice, TenantModel, User
from careloop.audit.services import audit_log
from careloop.clients.duplicates import DuplicateClient, client_duplicates
from careloop.clients.models import Client, Consent, Referral, ReferralSource, practice_today
from careloop.clients.salutation import suggest_salutation
from careloop.clients.selectors import referral_source_duplicates

SOURCE_FIELDS = (
    "name",
    "credentials",
    "kind",
    "specialty",
    "organisation",
    "phone",
    "fax",
    "email",
    "address",
    "preferred_channel",
    "notes",
    "salutation",
    "salutation_confirmed",
)
CLIENT_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "email",
    "phone",
    "address",
    "emergency_contact_name",
    "emergency_contact_phone",
    "language",
    "primary_practitioner",
)
REFERRAL_FIELDS = (
    "source",
    "referral_date",
    "reason",
    "diagnosis",
    "region",
    "surgery_procedure",
    "surgery_region",
    "surgery_date",
    "client_identifier_system",
    "client_identifier",
    "precautions",
    "contraindications",
    "valid_until",
    "visits_authorised",
)
CONSENT_FIELDS = ("given_on", "scope", "expires_on")


class DuplicateReferralSource(ValidationError):
    """A likely duplicate exists; the caller shows `matches` and may retry with
    `allow_duplicate=True` once a person has confirmed it is someone else."""

    def __init__(self, matches: Sequence[ReferralSource]) -> None:
        self.matches = list(matches)
        names = ", ".join(str(m) for m in self.matches)
        super().__init__(f"This looks like a referral source already on file: {names}.")


# A row of a client's history: it has practice, client and recorded_by.
M = TypeVar("M", bound=TenantModel)


def only_fields(fields: Mapping[str, Any], allowed: Sequence[str]) -> dict[str, Any]:
    """The keyword fields a service was given, refused if any is not one it takes."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    return dict(fields)


def client_row_record(
    model: type[M], *, client: Client, actor: User, allowed: Sequence[str], **fields: Any
) -> M:
    """Record a row of ``client``'s history (a consent, a medicine): validated, saved and
    audited in one transaction."""
    fields = only_fields(fields, allowed)
    with transaction.atomic():
        row = model(practice=client.practice, client=client, recorded_by=actor, **fields)
        row.full_clean()
        row.save()
        audit_log(actor=actor, practice=client.practice_id, action="create", obj=row)
    return row


def row_end(row: M, *, actor: User, field: str, detail: str, already: str) -> M:
    """Set ``field`` (a revoked or stopped time) to now, once: the row is kept on file and
    the change audited; a second time is refused with ``already``."""
    with transaction.atomic():
        row = type(row)._default_manager.select_for_update().get(pk=row.pk)
        if getattr(row, field) is not None:
            raise ValidationError(already)
        setattr(row, field, timezone.now())
        row.save(update_fields=[field])
        audit_log(actor=actor, practice=row.practice_id, action="update", obj=row, detail=detail)
    return row


def _check_practice(practice: Practice, *objects: Any) -> None:
    # Belt and braces under the access functions: a record never points across practices.
    for obj in objects:
        if obj is not None and getattr(obj, "practice_id", practice.pk) != practice.pk:
            raise ValidationError("That record belongs to another practice.")


def _changed(obj: Any, fields: Mapping[str, Any]) -> list[str]:
    return sorted(name for name, value in fields.items() if getattr(obj, name) != value)


# Referral sources -------------------------------------------------------------------------


def _refuse_likely_duplicate(source: ReferralSource) -> None:
    """Raise with the matches when another source looks like the same clinician."""
    matches = referral_source_duplicates(
        source.practice,
        name=source.name,
        email=source.email,
        phone=source.phone,
        fax=source.fax,
        exclude_id=source.pk,
    )
    if matches:
        raise DuplicateReferralSource(matches)


def _confirm_typed_salutation(fields: dict[str, Any]) -> dict[str, Any]:
    """A greeting the practitioner typed or changed is confirmed by doing so."""
    typed = fields.get("salutation")
    if (
        typed
        and not fields.get("salutation_confirmed")
        and typed != suggest_salutation(fields.get("name", ""))
    ):
        return {**fields, "salutation_confirmed": True}
    return fields


def referral_source_create(
    *, practice: Practice, actor: User, allow_duplicate: bool = False, **fields: Any
) -> ReferralSource:
    fields = _confirm_typed_salutation(only_fields(fields, SOURCE_FIELDS))
    with transaction.atomic():
        source = ReferralSource(practice=practice, **fields)
        source.full_clean()
        if not allow_duplicate:
            _refuse_likely_duplicate(source)
        source.save()
        audit_log(
            actor=actor,
            practice=practice,
            action="create",
            obj=source,
            detail="confirmed despite a likely duplicate" if allow_duplicate else "",
        )
    return source


def referral_source_update(
    *, source: ReferralSource, actor: User, allow_duplicate: bool = False, **fields: Any
) -> ReferralSource:
    fields = _confirm_typed_salutation(only_fields(fields, SOURCE_FIELDS))
    with transaction.atomic():
        changed = _changed(source, fields)
        for name, value in fields.items():
            setattr(source, name, value)
        source.full_clean()
        identity_changed = {"name", "email", "phone", "fax"} & set(changed)
        if identity_changed and not allow_duplicate:
            _refuse_likely_duplicate(source)
        source.save()
        audit_log(
            actor=actor,
            practice=source.practice_id,
            action="update",
            obj=source,
            detail="fields: " + ",".join(changed),
        )
    return source


# Clients ----------------------------------------------------------------------------------


def client_create(
    *,
    practice: Practice,
    actor: User,
    client_fields: Mapping[str, Any],
    referral_fields: Mapping[str, Any],
    consent_fields: Mapping[str, Any] | None = None,
    allow_duplicate: bool = False,
) -> Client:
    """A new client with the referral they came with and, when given, their consent.

    Refuses with `DuplicateClient` when the practice has a client of the same name and date
    of birth, unless a person confirmed it is someone else (`allow_duplicate`)."""
    client_fields = only_fields(client_fields, CLIENT_FIELDS)
    with transaction.atomic():
        client = Client(practice=practice, **client_fields)
        client.full_clean()
        if not allow_duplicate:
            matches = client_duplicates(
                practice,
                first_name=client.first_name,
                last_name=client.last_name,
                date_of_birth=client.date_of_birth,
            )
            if matches:
                raise DuplicateClient(matches)
        client.save()
        audit_log(
            actor=actor,
            practice=practice,
            action="create",
            obj=client,
            detail="confirmed despite a likely duplicate" if allow_duplicate else "",
        )
        referral_create(client=client, actor=actor, **referral_fields)
        if consent_fields:
            consent_record(client=client, actor=actor, **consent_fields)
    return client


def client_update(
    *, client: Client, actor: User, allow_duplicate: bool = False, **fields: Any
) -> Client:
    """Change a client's details. A change of name or date of birth that makes them match
    another client is refused with `DuplicateClient` (as on create), unless a person
    confirmed it is someone else (`allow_duplicate`)."""
    fields = only_fields(fields, CLIENT_FIELDS)
    with transaction.atomic():
        changed = _changed(client, fields)
        for name, value in fields.items():
            setattr(client, name, value)
        client.full_clean()
        identity = {"first_name", "last_name", "date_of_birth"}
        if identity & set(changed) and not allow_duplicate:
            matches = client_duplicates(
                client.practice,
                first_name=client.first_name,
                last_name=client.last_name,
                date_of_birth=client.date_of_birth,
                exclude_id=client.pk,
            )
            if matches:
                raise DuplicateClient(matches)
        # The referral's dates were checked against the old date of birth.
        if "date_of_birth" in changed:
            for referral in client.referrals.all():
                referral.client = client
                try:
                    referral.full_clean()
                except ValidationError:
                    raise ValidationError(
                        {"date_of_birth": "A referral or surgery on file is dated before this."}
                    ) from None
        client.save()
        audit_log(
            actor=actor,
            practice=client.practice_id,
            action="update",
            obj=client,
            detail="fields: "
            + ",".join(changed)
            + ("; confirmed despite a likely duplicate" if allow_duplicate else ""),
        )
    return client


def client_discharge(*, client: Client, actor: User, reason: str = "") -> Client:
    """Discharge an active client. A client on hold keeps an open clinical question, so
    the hold is resolved (by the episodes workflow) before discharge."""
    with transaction.atomic():
        client = Client.objects.select_for_update().select_related("practice").get(pk=client.pk)
        if client.status == Client.Status.ON_HOLD:
            raise ValidationError(
                "This client's program is on hold awaiting the referral source: record the "
                "clearance or close the episode before discharging."
            )
        if client.status == Client.Status.DISCHARGED:
            raise ValidationError("This client is already discharged.")
        client.status = Client.Status.DISCHARGED
        client.discharged_on = practice_today(client.practice)
        client.discharge_reason = reason.strip()
        client.save(update_fields=["status", "discharged_on", "discharge_reason", "updated_at"])
        audit_log(
            actor=actor,
            practice=client.practice_id,
            action="update",
            obj=client,
            detail="discharged",
        )
    return client


def client_reactivate(*, client: Client, actor: User) -> Client:
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client.pk)
        if client.status != Client.Status.DISCHARGED:
            raise ValidationError("Only a discharged client can be reactivated.")
        client.status = Client.Status.ACTIVE
        client.discharged_on = None
        client.save(update_fields=["status", "discharged_on", "updated_at"])
        audit_log(
            actor=actor,
            practice=client.practice_id,
            action="update",
            obj=client,
            detail="reactivated",
        )
    return client


# Referrals --------------------------------------------------------------------------------


def referral_create(*, client: Client, actor: User, **fields: Any) -> Referral:
    """Record a referral. The newest referral is the one the client is seen under."""
    fields = only_fields(fields, REFERRAL_FIELDS)
    _check_practice(client.practice, fields.get("source"))
    with transaction.atomic():
        referral = Referral(practice=client.practice, client=client, **fields)
        referral.full_clean()
        referral.save()
        audit_log(actor=actor, practice=client.practice_id, action="create", obj=referral)
    return referral


def referral_update(*, referral: Referral, actor: User, **fields: Any) -> Referral:
    """Correct a referral (e.g. a transcription slip); the audit trail keeps which fields."""
    fields = only_fields(fields, REFERRAL_FIELDS)
    _check_practice(referral.practice, fields.get("source"))
    with transaction.atomic():
        changed = _changed(referral, fields)
        for name, value in fields.items():
            setattr(referral, name, value)
        referral.full_clean()
        referral.save()
        audit_log(
            actor=actor,
            practice=referral.practice_id,
            action="update",
            obj=referral,
            detail="fields: " + ",".join(changed),
        )
    return referral


# Consents ---------------------------------------------------------------------------------


def consent_record(*, client: Client, actor: User, **fields: Any) -> Consent:
    return client_row_record(Consent, client=client, actor=actor, allowed=CONSENT_FIELDS, **fields)


def consent_revoke(*, consent: Consent, actor: User) -> Consent:
    return row_end(
        consent,
        actor=actor,
        field="revoked_at",
        detail="revoked",
        already="This consent was already revoked.",
    )
