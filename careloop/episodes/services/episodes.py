"""Resolving an episode."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careloop.audit.services import audit_log
from careloop.episodes.models import Episode, FollowUp, Hold
from careloop.episodes.services.common import WorkflowError, lock_client
from careloop.episodes.services.follow_ups import follow_ups_close


def episode_resolve(*, episode: Episode, resolved_by: Any, outcome: str, note: str = "") -> Episode:
    """Close the episode with an outcome. Refused while its hold awaits clearance; open
    follow-ups are closed with it (nothing left to remind anyone about)."""
    if outcome not in Episode.Outcome.values:
        raise ValidationError({"outcome": "Choose how the episode ended."})
    if outcome == Episode.Outcome.OTHER and not note.strip():
        raise ValidationError({"outcome_note": "Describe the outcome."})
    now = timezone.now()
    with transaction.atomic():
        lock_client(episode.client)
        episode = Episode.objects.select_for_update().get(pk=episode.pk)
        if episode.status == Episode.Status.RESOLVED:
            raise WorkflowError("This episode is already resolved.")
        if Hold.objects.filter(episode=episode, lifted_at__isnull=True).exists():
            raise WorkflowError(
                "The program is on hold: record the clearance before resolving the episode."
            )
        undecided = episode.triage_records.filter(
            decision__isnull=True, pain_report__voided_at__isnull=True
        ).exists()
        if undecided:
            raise WorkflowError("A pain report in this episode still needs a decision.")
        episode.status = Episode.Status.RESOLVED
        episode.outcome = outcome
        episode.outcome_note = note.strip()
        episode.resolved_at = now
        episode.resolved_by = resolved_by
        episode.save(
            update_fields=["status", "outcome", "outcome_note", "resolved_at", "resolved_by"]
        )
        close_open_follow_ups(episode=episode, actor=resolved_by, now=now)
        audit_log(
            actor=resolved_by,
            practice=episode.practice_id,
            action="update",
            obj=episode,
            detail="resolved",
        )
    return episode


def close_open_follow_ups(*, episode: Episode, actor: Any, now: Any) -> None:
    """Cancel the follow-ups still open: they did not happen, and no record (page, letter)
    may read them as done."""
    follow_ups_close(
        follow_ups=FollowUp.objects.filter(episode=episode, completed_at__isnull=True),
        actor=actor,
        now=now,
        note="Cancelled: the episode was resolved before it was done.",
        cancelled=True,
    )
