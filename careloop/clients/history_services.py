"""Writes for the client's history beyond the referral form: further surgeries or
procedures named in a referral, and the client's medications.

Same rules as :mod:`careloop.clients.services`: keyword-only, one transaction, the model's
own checks, an audit event naming no clinical value (no medicine, no procedure).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from careloop.accounts.models import User
from careloop.audit.services import audit_log
from careloop.clients.models import Client, Medication, Referral, ReferralProcedure
from careloop.clients.services import client_row_record, only_fields, row_end

PROCEDURE_FIELDS = ("procedure", "region", "date")
MEDICATION_FIELDS = ("name", "dose", "note", "source")


def referral_procedure_add(*, referral: Referral, actor: User, **fields: Any) -> ReferralProcedure:
    """Add a further surgery or procedure to a referral (the first is on the referral)."""
    fields = only_fields(fields, PROCEDURE_FIELDS)
    with transaction.atomic():
        procedure = ReferralProcedure(practice=referral.practice, referral=referral, **fields)
        procedure.full_clean()
        procedure.save()
        audit_log(
            actor=actor,
            practice=referral.practice_id,
            action="create",
            obj=procedure,
            detail=f"referral {referral.pk}",
        )
    return procedure


def referral_procedure_remove(*, procedure: ReferralProcedure, actor: User) -> None:
    """Remove a procedure entered in error (the audit trail keeps that it existed)."""
    with transaction.atomic():
        audit_log(
            actor=actor,
            practice=procedure.practice_id,
            action="delete",
            obj=procedure,
            detail=f"referral {procedure.referral_id}",
        )
        procedure.delete()


def medication_record(*, client: Client, actor: User, **fields: Any) -> Medication:
    return client_row_record(
        Medication, client=client, actor=actor, allowed=MEDICATION_FIELDS, **fields
    )


def medication_stop(*, medication: Medication, actor: User) -> Medication:
    """The client no longer takes it: kept on file, left out of letters and lists."""
    return row_end(
        medication,
        actor=actor,
        field="stopped_at",
        detail="stopped",
        already="This medicine is already marked as stopped.",
    )
