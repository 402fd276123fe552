"""Every way a follow-up is closed with a note (replaced by a later decision, done by a
clearance, cancelled with its episode) goes through one service and leaves an audit event."""

from __future__ import annotations

import pytest
from django.utils import timezone

from careloop.audit.models import AuditEvent
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import FollowUp, PainReport
from careloop.episodes.selectors import active_hold
from careloop.episodes.services import (
    clearance_record,
    decision_record,
    episode_resolve,
    pain_report_create,
)
from careloop.episodes.testing import knee_call

pytestmark = pytest.mark.django_db


def _closing_events(task: FollowUp) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            object_type="episodes.followup", object_id=str(task.pk), action="update"
        ).values_list("detail", flat=True)
    )


def _held(personas, client) -> PainReport:
    """A report decided as hold_and_contact: check-ins at 24 h and 48 h, a contact task."""
    report = pain_report_create(
        client=client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    )
    decision_record(
        triage_record=report.triage_record,
        decided_by=personas.alice,
        chosen_action="hold_and_contact",
    )
    return report


def test_it_audits_check_ins_replaced_by_a_later_decision(personas, knee_client, yesterday_session):
    first = _held(personas, knee_client)
    earlier = list(first.episode.follow_ups.filter(kind=FollowUp.Kind.CHECK_IN))
    assert len(earlier) == 2
    second = pain_report_create(
        client=knee_client, recorded_by=personas.bob, report=PainReportInput(**knee_call())
    )
    decision_record(
        triage_record=second.triage_record,
        decided_by=personas.bob,
        chosen_action=second.triage_record.action,
    )
    for task in earlier:
        task.refresh_from_db()
        assert task.note == "Replaced by the follow-ups of a later decision."
        assert task.completed_by == personas.bob and not task.cancelled
        assert _closing_events(task) == ["completed"]


def test_it_audits_the_contact_task_a_clearance_completes(personas, knee_client, yesterday_session):
    report = _held(personas, knee_client)
    contact = report.episode.follow_ups.get(kind=FollowUp.Kind.CONTACT_REFERRAL_SOURCE)
    clearance_record(
        hold=active_hold(knee_client),
        recorded_by=personas.bob,
        cleared_by_name="Dr Priya Natarajan",
        cleared_at=timezone.now(),
        channel="phone",
    )
    contact.refresh_from_db()
    assert contact.note == "Done: clearance recorded." and not contact.cancelled
    assert _closing_events(contact) == ["completed"]


def test_it_audits_follow_ups_cancelled_with_their_episode(
    personas, knee_client, yesterday_session
):
    report = _held(personas, knee_client)
    clearance_record(
        hold=active_hold(knee_client),
        recorded_by=personas.alice,
        cleared_by_name="Dr Priya Natarajan",
        cleared_at=timezone.now(),
        channel="phone",
    )
    check_ins = list(report.episode.follow_ups.filter(completed_at__isnull=True))
    assert len(check_ins) == 2
    episode_resolve(
        episode=report.episode, resolved_by=personas.alice, outcome="cleared_by_clinician"
    )
    for task in check_ins:
        task.refresh_from_db()
        assert task.cancelled and task.note.startswith("Cancelled: the episode was resolved")
        assert _closing_events(task) == ["cancelled"]


def test_it_audits_follow_ups_cancelled_when_a_decision_closes_the_episode(
    personas, knee_client, yesterday_session
):
    first = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(pain_now=4, character=[])),
    )
    assert first.triage_record.action == "modify"
    decision_record(
        triage_record=first.triage_record,
        decided_by=personas.alice,
        chosen_action="modify",
        modification_change="Lower loads",
    )
    check_in = first.episode.follow_ups.get(kind=FollowUp.Kind.CHECK_IN)
    second = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(pain_now=2, region="thigh_left", character=["dull_ache", "diffuse"]),
    )
    assert second.episode_id == first.episode_id
    decision_record(
        triage_record=second.triage_record,
        decided_by=personas.alice,
        chosen_action="continue",
        continue_choice="close",
        reason="Settled at the check-in call",
    )
    check_in.refresh_from_db()
    assert check_in.cancelled
    assert _closing_events(check_in) == ["cancelled"]
