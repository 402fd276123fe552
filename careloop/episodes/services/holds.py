"""Holds and clearances: the program waits until a clinician clears it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careloop.audit.services import audit_log
from careloop.clients.models import Client
from careloop.clients.selectors import current_referral
from careloop.core.clock import FUTURE_TOLERANCE
from careloop.episodes.models import Clearance, Decision, Episode, FollowUp, Hold
from careloop.episodes.services.common import WorkflowError, lock_client
from careloop.episodes.services.follow_ups import follow_ups_close
from careloop.training.models import Program


def hold_put(
    *,
    client: Client,
    episode: Episode,
    started_by: Any,
    reason: str,
    decision: Decision | None = None,
    now: dt.datetime | None = None,
) -> Hold:
    """Put the client's program on hold (a hold already in place is kept, not doubled).

    Call inside the caller's transaction with the client row locked (lock_client)."""
    now = now or timezone.now()
    existing = Hold.objects.filter(client=client, lifted_at__isnull=True).first()
    if existing is not None:
        return existing
    referral = current_referral(client)
    hold = Hold.objects.create(
        practice_id=client.practice_id,
        client=client,
        program=Program.objects.filter(client=client).first(),
        episode=episode,
        decision=decision,
        awaiting_clearance_from=referral.source if referral is not None else None,
        started_at=now,
        started_by=started_by,
        reason=reason,
    )
    audit_log(actor=started_by, practice=client.practice_id, action="create", obj=hold)
    if client.status != Client.Status.ON_HOLD:
        client.status = Client.Status.ON_HOLD
        client.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=started_by,
            practice=client.practice_id,
            action="update",
            obj=client,
            detail="status: on hold",
        )
    return hold


def hold_lift(
    *, hold: Hold, clearance: Clearance, actor: Any, now: dt.datetime | None = None
) -> Hold:
    """Lift ``hold`` on the strength of ``clearance``: client back to active, the
    clearance's conditions shown on the program, the episode back under monitoring.

    Call inside the caller's transaction with the client row locked."""
    now = now or timezone.now()
    hold.lifted_at = now
    hold.lifted_by_clearance = clearance
    hold.save(update_fields=["lifted_at", "lifted_by_clearance"])
    audit_log(actor=actor, practice=hold.practice_id, action="update", obj=hold, detail="lifted")
    client = hold.client
    if client.status == Client.Status.ON_HOLD:
        client.status = Client.Status.ACTIVE
        client.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=actor,
            practice=hold.practice_id,
            action="update",
            obj=client,
            detail="status: active",
        )
    program = Program.objects.filter(client=client).first()
    if program is not None:
        # A new clearance supersedes earlier conditions (none given means resume fully).
        program.conditions = clearance.conditions
        program.save(update_fields=["conditions", "updated_at"])
        audit_log(
            actor=actor,
            practice=hold.practice_id,
            action="update",
            obj=program,
            detail="conditions from clearance",
        )
    episode = Episode.objects.select_for_update().get(pk=hold.episode_id)
    if episode.status == Episode.Status.OPEN:
        episode.status = Episode.Status.MONITORING
        episode.save(update_fields=["status"])
    # The clinician answered: an open "contact the referral source" task is done.
    follow_ups_close(
        follow_ups=FollowUp.objects.filter(
            episode=episode, kind=FollowUp.Kind.CONTACT_REFERRAL_SOURCE, completed_at__isnull=True
        ),
        actor=actor,
        now=now,
        note="Done: clearance recorded.",
    )
    return hold


def clearance_record(
    *,
    hold: Hold,
    recorded_by: Any,
    cleared_by_name: str,
    cleared_at: dt.datetime,
    channel: str,
    cleared_by_role: str = "",
    conditions: str = "",
) -> Clearance:
    """Record who cleared the client, when, how and on what conditions; lift the hold."""
    now = timezone.now()
    if timezone.is_naive(cleared_at):
        raise ValueError("cleared_at must carry a time zone")
    errors: dict[str, str] = {}
    if not cleared_by_name.strip():
        errors["cleared_by_name"] = "Enter the name of the clinician who cleared the client."
    if cleared_at > now + FUTURE_TOLERANCE:
        errors["cleared_at"] = "The clearance time is in the future."
    elif cleared_at < hold.started_at - dt.timedelta(minutes=1):
        errors["cleared_at"] = (
            "The clearance time is before the hold started; a clearance answers the hold."
        )
    if channel not in Clearance.Channel.values:
        errors["channel"] = "Choose how the clearance was given."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_client(hold.client)
        hold = Hold.objects.select_for_update().select_related("client").get(pk=hold.pk)
        if hold.lifted_at is not None:
            raise WorkflowError(
                "This hold was already lifted on "
                f"{timezone.localtime(hold.lifted_at):%d %b %Y %H:%M}."
            )
        clearance = Clearance.objects.create(
            practice_id=hold.practice_id,
            hold=hold,
            cleared_by_name=cleared_by_name.strip(),
            cleared_by_role=cleared_by_role.strip(),
            cleared_at=cleared_at,
            channel=channel,
            conditions=conditions.strip(),
            recorded_by=recorded_by,
            recorded_at=now,
        )
        audit_log(actor=recorded_by, practice=hold.practice_id, action="create", obj=clearance)
        hold_lift(hold=hold, clearance=clearance, actor=recorded_by, now=now)
    return clearance
