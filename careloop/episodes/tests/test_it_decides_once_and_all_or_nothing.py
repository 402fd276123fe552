"""Reliability: one decision per report, and a decision's effects happen all or not at all."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from careloop.audit.models import AuditEvent
from careloop.clients.models import Client
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import Decision, FollowUp, Hold
from careloop.episodes.services import DecisionConflict, decision_record, pain_report_create
from careloop.episodes.services import decisions as decisions_module
from careloop.episodes.testing import knee_call
from careloop.training.models import Program
from careloop.training.selectors import program_items


def _record(personas, knee_client):
    return pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    ).triage_record


@pytest.mark.django_db
def test_it_refuses_a_second_decision_and_does_nothing_twice(
    personas, knee_client, yesterday_session
):
    record = _record(personas, knee_client)
    decision_record(
        triage_record=record, decided_by=personas.alice, chosen_action="hold_and_contact"
    )
    with pytest.raises(DecisionConflict) as exc:
        decision_record(
            triage_record=record,
            decided_by=personas.bob,
            chosen_action="emergency",
            reason="Worried",
        )
    assert exc.value.messages[0].startswith("Alice Archer already decided on this report at ")
    assert Decision.objects.count() == 1
    assert Hold.objects.count() == 1
    assert FollowUp.objects.count() == 3


def test_it_lets_only_one_of_two_simultaneous_decisions_through(
    transactional_db, personas, knee_client, yesterday_session
):
    if connection.vendor == "sqlite":
        # SQLite serialises writers itself (IMMEDIATE transactions on a file database); the
        # in-memory test database's shared-cache table locks fail instead of waiting.
        pytest.skip("row locks are exercised on PostgreSQL")
    record = _record(personas, knee_client)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user, action, reason):
        try:
            barrier.wait(timeout=10)
            decision_record(
                triage_record=record, decided_by=user, chosen_action=action, reason=reason
            )
            outcomes.append("decided")
        except DecisionConflict:
            outcomes.append("refused")
        except Exception as exc:
            outcomes.append(f"error: {exc!r}")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(personas.alice, "hold_and_contact", "")),
        threading.Thread(target=decide, args=(personas.bob, "emergency", "Sounds worse to me")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["decided", "refused"], outcomes
    assert Decision.objects.count() == 1
    assert Hold.objects.count() == 1
    decision = Decision.objects.get()
    expected = 3 if decision.chosen_action == "hold_and_contact" else 2
    assert FollowUp.objects.count() == expected
    assert AuditEvent.objects.filter(object_type="episodes.decision").count() == 1


@pytest.mark.django_db
def test_a_failure_half_way_leaves_nothing(personas, knee_client, yesterday_session, monkeypatch):
    record = _record(personas, knee_client)
    events_before = AuditEvent.objects.count()

    def broken(**kwargs):
        # The hold is already in place when follow-ups are made: fail right there.
        assert Hold.objects.filter(client=knee_client).exists()
        raise RuntimeError("mail queue down")

    monkeypatch.setattr(decisions_module, "follow_ups_create", broken)
    with pytest.raises(RuntimeError):
        decision_record(
            triage_record=record, decided_by=personas.alice, chosen_action="hold_and_contact"
        )
    assert not Decision.objects.exists()
    assert not Hold.objects.exists()
    assert not FollowUp.objects.exists()
    knee_client.refresh_from_db()
    assert knee_client.status == Client.Status.ACTIVE
    assert AuditEvent.objects.count() == events_before
    # ... and the report can still be decided once the fault is gone.
    monkeypatch.undo()
    decision_record(
        triage_record=record, decided_by=personas.alice, chosen_action="hold_and_contact"
    )
    assert Hold.objects.count() == 1 and FollowUp.objects.count() == 3


@pytest.mark.django_db
def test_a_refused_modification_leaves_nothing(personas, knee_client, yesterday_session):
    record = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(pain_now=4)),
    ).triage_record
    items = program_items(Program.objects.get(client=knee_client))

    # Unchanged items: training refuses "nothing changed" inside our transaction.
    with pytest.raises(ValidationError) as exc:
        decision_record(
            triage_record=record,
            decided_by=personas.alice,
            chosen_action="modify",
            modification_change="Same again",
            modification_items=items,
        )
    assert "modification_change" in exc.value.message_dict
    assert not Decision.objects.exists() and not FollowUp.objects.exists()
