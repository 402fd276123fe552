"""Follow-up check-ins are triaged again (worse escalates); practice thresholds are checked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from careloop.audit.models import AuditEvent
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import FollowUp, ImmutableRecordError, PracticeRuleset
from careloop.episodes.services import (
    WorkflowError,
    decision_record,
    episode_resolve,
    follow_up_complete,
    pain_report_create,
    practice_ruleset_create,
)
from careloop.episodes.testing import knee_call

pytestmark = pytest.mark.django_db


def _modify(personas, knee_client):
    record = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(pain_now=4)),
    ).triage_record
    assert record.action == "modify"
    decision_record(
        triage_record=record,
        decided_by=personas.alice,
        chosen_action="modify",
        modification_change="Lower loads",
    )
    return FollowUp.objects.get(kind="check_in")


def test_a_worse_check_in_escalates(personas, knee_client, yesterday_session):
    check_in = _modify(personas, knee_client)
    done = follow_up_complete(
        follow_up=check_in,
        completed_by=personas.bob,
        report=PainReportInput(pain_now=7, region="knee_right", trend="worsening"),
    )
    record = done.result.triage_record
    assert record.action == "hold_and_contact"
    assert record.escalated_from == "modify"
    assert done.completed_by == personas.bob
    assert record.episode.status == "open"  # needs a decision again
    assert record.input["history"]["previous_reports"][0]["action"] == "modify"


def test_a_better_check_in_does_not_escalate(personas, knee_client, yesterday_session):
    check_in = _modify(personas, knee_client)
    done = follow_up_complete(
        follow_up=check_in,
        completed_by=personas.alice,
        report=PainReportInput(pain_now=2, region="knee_right", trend="improving"),
    )
    assert done.result.triage_record.escalated_from == ""


def test_a_check_in_is_completed_once(personas, knee_client, yesterday_session):
    check_in = _modify(personas, knee_client)
    report = PainReportInput(pain_now=2, region="knee_right", trend="improving")
    follow_up_complete(follow_up=check_in, completed_by=personas.alice, report=report)
    with pytest.raises(WorkflowError):
        follow_up_complete(follow_up=check_in, completed_by=personas.bob, report=report)


def test_contacting_the_referral_source_needs_a_note(personas, knee_client, yesterday_session):
    record = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    ).triage_record
    decision_record(
        triage_record=record, decided_by=personas.alice, chosen_action="hold_and_contact"
    )
    task = FollowUp.objects.get(kind="contact_referral_source")
    with pytest.raises(ValidationError) as exc:
        follow_up_complete(follow_up=task, completed_by=personas.alice, note=" ")
    assert "note" in exc.value.message_dict
    follow_up_complete(
        follow_up=task, completed_by=personas.alice, note="Left a message with Dr N's secretary"
    )
    task.refresh_from_db()
    assert task.completed_at is not None


@pytest.mark.parametrize(
    "overrides,key",
    [
        ({"rules": {"H2": {"pain_now_min": 11}}}, "rules.H2.pain_now_min"),
        ({"rules": {"H2": {"pain_min": 6}}}, "rules.H2.pain_min"),
        ({"rules": {"Z9": {"x": 1}}}, "rules.Z9"),
        ({"definitions": {"doms_hours_max": True}}, "definitions.doms_hours_max"),
        ({"name": "mine"}, "name"),
    ],
)
def test_it_refuses_bad_thresholds_naming_the_key(personas, overrides, key):
    with pytest.raises(ValidationError) as exc:
        practice_ruleset_create(
            practice=personas.practice, created_by=personas.alice, overrides=overrides
        )
    assert key in exc.value.message_dict
    assert not PracticeRuleset.objects.exists()


def test_thresholds_are_versioned_audited_and_used(personas, knee_client, yesterday_session):
    first = practice_ruleset_create(
        practice=personas.practice,
        created_by=personas.alice,
        overrides={"rules": {"H2": {"pain_now_min": 8}}},
    )
    second = practice_ruleset_create(
        practice=personas.practice,
        created_by=personas.alice,
        overrides={"rules": {"H2": {"pain_now_min": 9}}},
    )
    first.refresh_from_db()
    assert (first.version, first.active, second.version, second.active) == (1, False, 2, True)
    assert AuditEvent.objects.filter(object_type="episodes.practiceruleset").count() == 2
    # 7/10 no longer reaches H2 under this practice's thresholds.
    record = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    ).triage_record
    assert "H2" not in {r.id for r in record.matched_rules}
    assert record.ruleset_version == "2026.2+practice.2"
    assert record.practice_ruleset == second
    assert record.result["ruleset"]["overrides"] == {"H2.pain_now_min": 9}
    # Charlie's practice keeps the defaults.
    assert not PracticeRuleset.objects.filter(practice=personas.other_practice).exists()


def test_a_triage_record_cannot_be_changed(personas, knee_client, yesterday_session):
    record = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    ).triage_record
    record.action = "continue"
    with pytest.raises(ImmutableRecordError):
        record.save()
    with pytest.raises(ImmutableRecordError):
        record.delete()


def test_resolving_waits_for_the_clearance(personas, knee_client, yesterday_session):
    record = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    ).triage_record
    with pytest.raises(WorkflowError, match="needs a decision"):
        episode_resolve(
            episode=record.episode, resolved_by=personas.alice, outcome="other", note="x"
        )
    decision_record(
        triage_record=record, decided_by=personas.alice, chosen_action="hold_and_contact"
    )
    with pytest.raises(WorkflowError, match="record the clearance"):
        episode_resolve(
            episode=record.episode, resolved_by=personas.alice, outcome="back_to_baseline"
        )
    assert timezone.now() - record.created_at < dt.timedelta(minutes=1)
