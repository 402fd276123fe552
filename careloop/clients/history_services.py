"""Writes for the client's history beyond the referral form: further surgeries or
procedures named in a referral, and the client's medications.

Same rules as :mod:`careloop.clients.services`: keyword-only, one transaction, the model's
own checks, an audit event naming no clinical value (no medicine, no procedure).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careloop.accounts.models import User
from careloop.audit.services import audit_log
from careloop.clients.models import Client, Medication, Referral, ReferralProcedure
from careloop.clients.services import only_fields

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
    fields = only_fields(fields, MEDICATION_FIELDS)
    with transaction.atomic():
        medication = Medication(
            practice=client.practice, client=client, recorded_by=actor, **fields
        )
        medication.full_clean()
        medication.save()
        audit_log(actor=actor, practice=client.practice_id, action="create", obj=medication)
    return medication


def medication_stop(*, medication: Medication, actor: User) -> Medication:
    """The client no longer takes it: kept on file, left out of letters and lists."""
    with transaction.atomic():
        medication = Medication.objects.select_for_update().get(pk=medication.pk)
        if medication.stopped_at is not None:
            raise ValidationError("This medicine is already marked as stopped.")
        medication.stopped_at = timezone.now()
        medication.save(update_fields=["stopped_at"])
        audit_log(
            actor=actor,
            practice=medication.practice_id,
            action="update",
            obj=medication,
            detail="stopped",
        )
    return medication
