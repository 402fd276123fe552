"""Recording vital signs with a session or a pain report."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from careloop.accounts.models import User
from careloop.audit.services import audit_log
from careloop.clients.models import Client
from careloop.episodes.models import PainReport
from careloop.episodes.vitals import VALUE_FIELDS, VitalSigns
from careloop.training.models import Session

VITALS_FIELDS = ("measured_at", *VALUE_FIELDS, "context")


def vital_signs_record(
    *,
    client: Client,
    actor: User,
    session: Session | None = None,
    pain_report: PainReport | None = None,
    **fields: Any,
) -> VitalSigns:
    """Record one set of measurements, with the session and/or pain report it was taken
    with. The audit event names which measurements were taken, never their values."""
    unknown = set(fields) - set(VITALS_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    for record in (session, pain_report):
        if record is not None and record.client_id != client.pk:
            raise ValidationError("That record belongs to another client.")
    if session is None and pain_report is None:
        raise ValidationError("Vital signs are recorded with a session or a pain report.")
    with transaction.atomic():
        vitals = VitalSigns(
            practice=client.practice,
            client=client,
            session=session,
            pain_report=pain_report,
            measured_by=actor,
            **fields,
        )
        vitals.full_clean()
        vitals.save()
        taken = [name for name in VALUE_FIELDS if getattr(vitals, name) is not None]
        with_what = "pain report" if pain_report is not None else "session"
        audit_log(
            actor=actor,
            practice=client.practice_id,
            action="create",
            obj=vitals,
            detail=f"with {with_what}; measured: {','.join(taken)}",
        )
    return vitals
