"""Follow-ups: created from a decision, completed with a new (re-triaged) pain report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careloop.audit.services import audit_log
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import Decision, Episode, FollowUp
from careloop.episodes.services.common import WorkflowError, lock_client
from careloop.episodes.services.reports import LATEST_SESSION, _Latest, pain_report_create
from careloop.training.models import Session

# "Contact the referral source today": by the end of the working day in the practice's
# time zone, and never less than an hour from now (a call at 17:30 still gets its hour).
END_OF_WORKING_DAY = dt.time(18, 0)
MINIMUM_LEAD = dt.timedelta(hours=1)


def contact_due(now: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    local = now.astimezone(tz)
    end = dt.datetime.combine(local.date(), END_OF_WORKING_DAY, tzinfo=tz)
    return max(end, now + MINIMUM_LEAD)


def follow_ups_close(
    *,
    follow_ups: Iterable[FollowUp],
    actor: Any,
    now: dt.datetime,
    note: str,
    cancelled: bool = False,
) -> list[FollowUp]:
    """Close open follow-ups with a note saying why, each one audited.

    ``cancelled`` marks follow-ups that did not happen, so no page or letter reads them as
    done. Call inside the caller's transaction (the client row locked)."""
    closed = []
    for task in follow_ups:
        task.completed_at = now
        task.completed_by = actor
        task.cancelled = cancelled
        task.note = note
        task.save(update_fields=["completed_at", "completed_by", "cancelled", "note"])
        audit_log(
            actor=actor,
            practice=task.practice_id,
            action="update",
            obj=task,
            detail="cancelled" if cancelled else "completed",
        )
        closed.append(task)
    return closed


def follow_ups_create(
    *,
    decision: Decision,
    episode: Episode,
    check_in_hours: tuple[int, ...],
    contact: str,
    assigned_to: Any,
    now: dt.datetime,
    tz: dt.tzinfo,
) -> list[FollowUp]:
    """The follow-ups a decision sets off (docs/rules.md, "Actions").

    ``contact`` is "" (none), "same_day" or "immediately". Earlier open check-ins of the
    episode are closed as replaced, so a client is not called three times for one episode.
    """
    follow_ups_close(
        follow_ups=FollowUp.objects.filter(
            episode=episode, kind=FollowUp.Kind.CHECK_IN, completed_at__isnull=True
        ),
        actor=assigned_to,
        now=now,
        note="Replaced by the follow-ups of a later decision.",
    )
    created = [
        FollowUp(
            practice_id=episode.practice_id,
            episode=episode,
            client_id=episode.client_id,
            decision=decision,
            kind=FollowUp.Kind.CHECK_IN,
            due_at=now + dt.timedelta(hours=hours),
            assigned_to=assigned_to,
            created_at=now,
        )
        for hours in check_in_hours
    ]
    open_contact = FollowUp.objects.filter(
        episode=episode, kind=FollowUp.Kind.CONTACT_REFERRAL_SOURCE, completed_at__isnull=True
    ).exists()
    if contact and not open_contact:
        created.append(
            FollowUp(
                practice_id=episode.practice_id,
                episode=episode,
                client_id=episode.client_id,
                decision=decision,
                kind=FollowUp.Kind.CONTACT_REFERRAL_SOURCE,
                due_at=now if contact == "immediately" else contact_due(now, tz),
                assigned_to=assigned_to,
                created_at=now,
            )
        )
    for follow_up in created:
        follow_up.save()
        audit_log(actor=assigned_to, practice=episode.practice_id, action="create", obj=follow_up)
    return created


def follow_up_complete(
    *,
    follow_up: FollowUp,
    completed_by: Any,
    note: str = "",
    report: PainReportInput | None = None,
    session: Session | _Latest | None = LATEST_SESSION,
    now: dt.datetime | None = None,
) -> FollowUp:
    """Complete a follow-up. A check-in records how the client is now (``report``, linked to
    ``session`` as in pain_report_create) as a new pain report, triaged again (a worse one
    escalates: see TriageRecord.escalated_from); contacting the referral source records
    what was agreed."""
    now = now or timezone.now()
    with transaction.atomic():
        lock_client(follow_up.client)
        follow_up = (
            FollowUp.objects.select_for_update().select_related("client").get(pk=follow_up.pk)
        )
        if follow_up.completed_at is not None:
            raise WorkflowError(
                "This follow-up was already completed on "
                f"{timezone.localtime(follow_up.completed_at):%d %b %Y %H:%M}."
            )
        if follow_up.kind == FollowUp.Kind.CHECK_IN:
            if report is None:
                raise ValidationError("A check-in records how the client is now.")
            pain = pain_report_create(
                client=follow_up.client,
                recorded_by=completed_by,
                report=report,
                session=session,
                follow_up=follow_up,
            )
            follow_up.result = pain
        elif not note.strip():
            raise ValidationError({"note": "Say what was agreed with the referral source."})
        follow_up.completed_at = now
        follow_up.completed_by = completed_by
        follow_up.note = note.strip()
        follow_up.save(update_fields=["completed_at", "completed_by", "note", "result"])
        audit_log(
            actor=completed_by,
            practice=follow_up.practice_id,
            action="update",
            obj=follow_up,
            detail="completed",
        )
    return follow_up
