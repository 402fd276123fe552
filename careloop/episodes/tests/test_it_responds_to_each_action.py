"""The four actions end to end through the services: report, triage, decide, effects."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from careloop.audit.models import AuditEvent
from careloop.clients.models import Client
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import Decision, Episode, FollowUp, Hold
from careloop.episodes.selectors import active_hold
from careloop.episodes.services import (
    clearance_record,
    decision_record,
    episode_resolve,
    pain_report_create,
)
from careloop.episodes.testing import knee_call, make_client, make_session
from careloop.training.models import Program
from careloop.training.selectors import program_items

pytestmark = pytest.mark.django_db


def _kinds(episode: Episode) -> list[tuple[str, int]]:
    return [
        (f.kind, round((f.due_at - f.decision.decided_at).total_seconds() / 3600))
        for f in episode.follow_ups.filter(completed_at__isnull=True).select_related("decision")
    ]


def test_it_holds_and_contacts_for_severe_knee_pain_the_day_after(
    personas, knee_client, yesterday_session
):
    report = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    )
    record = report.triage_record
    assert report.session == yesterday_session
    assert record.action == "hold_and_contact"
    assert {r.id for r in record.matched_rules} == {"H2", "M1", "M3"}
    assert record.input["client"] == {"referral_region": "knee_right"}
    assert record.input["session"]["pain_before"] == 2
    assert record.ruleset_name == "careloop-default"
    assert report.episode.status == "open"

    decision = decision_record(
        triage_record=record, decided_by=personas.alice, chosen_action="hold_and_contact"
    )
    assert not decision.departs
    hold = active_hold(knee_client)
    assert hold is not None and hold.awaiting_clearance_from.name == "Dr Priya Natarajan"
    knee_client.refresh_from_db()
    assert knee_client.status == Client.Status.ON_HOLD
    kinds = sorted(f.kind for f in report.episode.follow_ups.all())
    assert kinds == ["check_in", "check_in", "contact_referral_source"]
    check_ins = sorted(
        round((f.due_at - decision.decided_at).total_seconds() / 3600)
        for f in report.episode.follow_ups.filter(kind="check_in")
    )
    assert check_ins == [24, 48]
    contact = report.episode.follow_ups.get(kind="contact_referral_source")
    local = timezone.localtime(contact.due_at, personas.practice.tz)
    assert local.date() == timezone.localtime(decision.decided_at, personas.practice.tz).date() or (
        contact.due_at - decision.decided_at
    ) <= dt.timedelta(hours=1, seconds=1)

    clearance = clearance_record(
        hold=hold,
        recorded_by=personas.bob,
        cleared_by_name="Dr Priya Natarajan",
        cleared_by_role="Orthopaedic surgeon",
        cleared_at=timezone.now(),
        channel="phone",
        conditions="Resume, no loaded knee flexion past 90 degrees",
    )
    hold.refresh_from_db()
    assert hold.lifted_by_clearance == clearance and hold.lifted_at is not None
    assert active_hold(knee_client) is None
    knee_client.refresh_from_db()
    assert knee_client.status == Client.Status.ACTIVE
    program = Program.objects.get(client=knee_client)
    assert program.conditions == "Resume, no loaded knee flexion past 90 degrees"
    assert not contact.__class__.objects.get(pk=contact.pk).is_open

    episode = episode_resolve(
        episode=report.episode, resolved_by=personas.alice, outcome="cleared_by_clinician"
    )
    assert episode.status == "resolved" and episode.resolved_at is not None
    assert not FollowUp.objects.filter(episode=episode, completed_at__isnull=True).exists()
    assert AuditEvent.objects.filter(object_type="episodes.decision").count() == 1


def test_it_sends_for_urgent_care_and_holds_on_an_emergency(
    personas, knee_client, yesterday_session
):
    report = pain_report_create(
        client=knee_client,
        recorded_by=personas.bob,
        report=PainReportInput(**knee_call(pain_now=3, red_flags=["chest_pain_or_pressure"])),
    )
    record = report.triage_record
    assert record.action == "emergency"
    assert record.care_setting == "call_emergency_services"
    decision_record(triage_record=record, decided_by=personas.bob, chosen_action="emergency")
    assert active_hold(knee_client) is not None
    follow_ups = list(report.episode.follow_ups.order_by("kind"))
    assert [f.kind for f in follow_ups] == ["check_in", "contact_referral_source"]
    assert follow_ups[0].due_at - follow_ups[0].decision.decided_at == dt.timedelta(hours=24)
    # "immediately": the contact task is due at once.
    assert follow_ups[1].due_at == follow_ups[1].decision.decided_at


def test_it_modifies_the_program_as_a_new_version(personas, knee_client):
    make_session(
        knee_client,
        personas.alice,
        ended_at=timezone.now() - dt.timedelta(hours=14),
        pain_before=2,
    )
    report = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(pain_now=4, character=["dull_ache"])),
    )
    record = report.triage_record
    assert record.action == "modify"
    program = Program.objects.get(client=knee_client)

    items = program_items(program)

    items[0] = replace(items[0], load=Decimal("25"))
    decision = decision_record(
        triage_record=record,
        decided_by=personas.alice,
        chosen_action="modify",
        modification_change="Leg press 40 kg to 25 kg",
        modification_reason="Knee pain up 2 points the morning after",
        modification_items=items,
    )
    program.refresh_from_db()
    assert program.version == 2
    assert decision.program_version is not None and decision.program_version.is_modification
    assert decision.program_version.reason == "Knee pain up 2 points the morning after"
    assert decision.program_version.change_summary == "Leg press 40 kg to 25 kg"
    assert active_hold(knee_client) is None
    report.episode.refresh_from_db()
    assert report.episode.status == "monitoring"
    assert _kinds(report.episode) == [("check_in", 24)]


def test_it_records_a_modification_as_text_without_new_items(personas, knee_client):
    make_session(knee_client, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=14))
    record = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(pain_now=4, character=[])),
    ).triage_record
    assert record.action == "modify"
    decision = decision_record(
        triage_record=record,
        decided_by=personas.alice,
        chosen_action="modify",
        modification_change="No step-ups this week",
    )
    assert decision.program_version is None
    assert decision.modification_change == "No step-ups this week"
    assert "M" in decision.modification_reason  # defaults to the rules that fired


@pytest.mark.parametrize("choice,status", [("monitor", "monitoring"), ("close", "resolved")])
def test_it_continues_and_monitors_or_closes(personas, choice, status):
    client = make_client(personas.practice, practitioner=personas.alice)
    make_session(client, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=30))
    record = pain_report_create(
        client=client,
        recorded_by=personas.alice,
        report=PainReportInput(pain_now=3, region="thigh_left", character=["dull_ache", "diffuse"]),
    ).triage_record
    assert record.action == "continue"
    assert [r.id for r in record.matched_rules] == ["C1"]
    decision_record(
        triage_record=record,
        decided_by=personas.alice,
        chosen_action="continue",
        continue_choice=choice,
    )
    episode = Episode.objects.get(pk=record.episode_id)
    assert episode.status == status
    assert not episode.follow_ups.exists()
    assert active_hold(client) is None


def test_it_requires_a_reason_to_depart_and_keeps_it(personas, knee_client, yesterday_session):
    record = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    ).triage_record
    with pytest.raises(ValidationError) as exc:
        decision_record(
            triage_record=record,
            decided_by=personas.alice,
            chosen_action="modify",
            modification_change="Half loads",
        )
    assert "reason" in exc.value.message_dict
    assert not Decision.objects.exists() and not Hold.objects.exists()
    decision = decision_record(
        triage_record=record,
        decided_by=personas.alice,
        chosen_action="modify",
        modification_change="Half loads",
        reason="Known flare pattern; the surgeon asked us to reduce rather than stop.",
    )
    assert decision.departs and decision.recommended_action == "hold_and_contact"
    assert "surgeon asked" in decision.reason
    assert active_hold(knee_client) is None


def test_it_adds_a_second_report_to_the_open_episode(personas, knee_client, yesterday_session):
    first = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(pain_now=4)),
    )
    decision_record(
        triage_record=first.triage_record,
        decided_by=personas.alice,
        chosen_action=first.triage_record.action,
        modification_change="Lower loads",
    )
    second = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    )
    assert second.episode_id == first.episode_id
    history = second.triage_record.input["history"]["previous_reports"]
    assert [(h["pain_now"], h["action"]) for h in history] == [(4, "modify")]
    assert second.triage_record.escalated_from == "modify"
    assert Episode.objects.count() == 1


def test_it_compares_with_the_session_one_week_earlier(personas, knee_client):
    now = timezone.now()
    linked = make_session(
        knee_client, personas.alice, ended_at=now - dt.timedelta(hours=20), pain_before=5
    )
    make_session(
        knee_client, personas.alice, ended_at=linked.ended_at - dt.timedelta(days=10), pain_before=0
    )
    make_session(
        knee_client, personas.alice, ended_at=linked.ended_at - dt.timedelta(days=6), pain_before=2
    )
    make_session(
        knee_client, personas.alice, ended_at=linked.ended_at - dt.timedelta(days=3), pain_before=1
    )
    record = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        session=linked,
        report=PainReportInput(**knee_call(pain_now=5)),
    ).triage_record
    assert record.input["history"]["pain_before_one_week_ago"] == 2
    assert "M4" in {r.id for r in record.matched_rules}


def test_it_triages_a_report_from_a_client_with_no_session_yet(personas, knee_client):
    # Rules 2026.2: a red flag before any session is triaged at once, not refused.
    report = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(
            **knee_call(region="chest", red_flags=["chest_pain_or_pressure"], pain_now=3)
        ),
    )
    record = report.triage_record
    assert report.session is None
    assert "session" not in record.input
    assert record.action == "emergency"
    assert record.care_setting == "call_emergency_services"
    assert record.ruleset_version == "2026.2"
    assert record.result["facts"]["hours"] is None
    assert record.result["facts"]["delta"] is None


def test_a_report_the_practitioner_does_not_link_is_triaged_without_the_session(
    personas, knee_client, yesterday_session
):
    linked = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(pain_now=4)),
    )
    assert linked.session == yesterday_session
    assert "M1" in {r.id for r in linked.triage_record.matched_rules}
    unlinked = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        session=None,
        report=PainReportInput(**knee_call(pain_now=4)),
    )
    assert unlinked.session is None
    # M1 needs the change from the pre-session rating, unknown without a session.
    assert "M1" not in {r.id for r in unlinked.triage_record.matched_rules}


def test_the_episode_opens_when_the_client_reported_the_pain(
    personas, knee_client, yesterday_session
):
    # Typed in an hour after the call: the episode's clock starts at the call.
    called = timezone.now() - dt.timedelta(hours=1)
    report = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(reported_at=called)),
    )
    assert report.episode.opened_at == called
