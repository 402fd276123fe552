"""Access to episode records: one function per object, 404 for missing and foreign alike."""

from __future__ import annotations

from typing import Any

from careloop.accounts.access import get_in_practice
from careloop.clients.access import client_for_user
from careloop.episodes.models import Episode, FollowUp, Hold, PainReport, TriageRecord


def episode_for_user(user: Any, episode_id: Any) -> Episode:
    return get_in_practice(Episode.objects.select_related("client", "practice"), user, episode_id)


def triage_record_for_user(user: Any, triage_record_id: Any) -> TriageRecord:
    return get_in_practice(
        TriageRecord.objects.select_related(
            "pain_report__client__practice",
            "pain_report__session",
            "episode",
            "pain_report__recorded_by",
        ),
        user,
        triage_record_id,
    )


def pain_report_for_user(user: Any, report_id: Any) -> PainReport:
    return get_in_practice(
        PainReport.objects.select_related("client__practice", "episode", "session"),
        user,
        report_id,
    )


def hold_for_user(user: Any, hold_id: Any) -> Hold:
    return get_in_practice(
        Hold.objects.select_related("client__practice", "episode", "awaiting_clearance_from"),
        user,
        hold_id,
    )


def follow_up_for_user(user: Any, follow_up_id: Any) -> FollowUp:
    return get_in_practice(
        FollowUp.objects.select_related("client__practice", "episode", "assigned_to"),
        user,
        follow_up_id,
    )


__all__ = [
    "client_for_user",
    "episode_for_user",
    "follow_up_for_user",
    "hold_for_user",
    "pain_report_for_user",
    "triage_record_for_user",
]
