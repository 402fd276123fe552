"""Correcting and voiding a pain report.

A triage record is never changed, so a correction is never an edit: the report is voided
and a new report, with the corrected facts and its own triage, supersedes it. Both stay
in the record. A voided report takes no decision, feeds no later triage's history and no
letter. The audit trail gets the reason's code, never the practitioner's words or values.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careloop.audit.services import audit_log
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import Episode, PainReport
from careloop.episodes.services.common import WorkflowError, lock_client
from careloop.episodes.services.reports import LATEST_SESSION, _Latest, pain_report_create
from careloop.training.corrections import REASON_REQUIRED
from careloop.training.models import RecordChangeReason, Session


def _check_reason(reason_kind: str, reason: str) -> str:
    errors = {}
    if reason_kind not in RecordChangeReason.values:
        errors["reason_kind"] = "Choose why the record changes."
    if not (reason or "").strip():
        errors["reason"] = REASON_REQUIRED
    if errors:
        raise ValidationError(errors)
    return reason.strip()


def _void(report: PainReport, actor: Any, reason_kind: str, reason: str) -> None:
    report.voided_at = timezone.now()
    report.voided_by = actor
    report.void_reason_kind = reason_kind
    report.void_reason = reason
    report.save(update_fields=["voided_at", "voided_by", "void_reason_kind", "void_reason"])


def _locked_live(report: PainReport) -> PainReport:
    lock_client(report.client)
    report = PainReport.objects.select_related("episode", "client").get(pk=report.pk)
    if report.voided_at is not None:
        raise WorkflowError("This pain report is already voided.")
    return report


def pain_report_void(
    *, report: PainReport, actor: Any, reason_kind: str, reason: str
) -> PainReport:
    """Void a report recorded in error (wrong client, twice, never told)."""
    reason = _check_reason(reason_kind, reason)
    with transaction.atomic():
        report = _locked_live(report)
        _void(report, actor, reason_kind, reason)
        audit_log(
            actor=actor,
            practice=report.practice_id,
            action="update",
            obj=report,
            detail=f"voided ({reason_kind})",
        )
    return report


def pain_report_correct(
    *,
    report: PainReport,
    actor: Any,
    reason_kind: str,
    reason: str,
    corrected: PainReportInput,
    session: Session | _Latest | None = LATEST_SESSION,
) -> PainReport:
    """Replace a report by a corrected one, triaged afresh; the old one is voided and kept.
    ``corrected`` and ``session`` are as in pain_report_create (``report.as_input()`` is
    the report as first given, to correct from)."""
    reason = _check_reason(reason_kind, reason)
    with transaction.atomic():
        old = _locked_live(report)
        if old.episode.status == Episode.Status.RESOLVED:
            raise WorkflowError(
                "The episode of this report is resolved: void the report and record a new one."
            )
        _void(old, actor, reason_kind, reason)
        new = pain_report_create(
            client=old.client, recorded_by=actor, report=corrected, session=session
        )
        new.supersedes = old
        new.save(update_fields=["supersedes"])
        audit_log(
            actor=actor,
            practice=old.practice_id,
            action="update",
            obj=old,
            detail=f"corrected ({reason_kind}), replaced by report {new.pk}",
        )
    return new
