"""Stored records for the letters' database tests: a knee client with sessions, a decided
pain report (hold, modify...), a consent and a referral source with e-mail and fax."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from careloop.clients.models import Consent, ReferralSource
from careloop.episodes.inputs import PainReportInput


def knee_client(personas: Any, *, first_name: str = "Margaret", consent: bool = True) -> Any:
    """A client after a right knee replacement, with a program and a referral source."""
    from careloop.episodes.tests.factories import make_client
    from careloop.training.testing import make_program

    client = make_client(
        personas.practice,
        first_name=first_name,
        last_name="Ellis",
        surgery_region="knee_right",
        surgery_date=timezone.localdate() - dt.timedelta(weeks=10),
        source_name="Dr Anjali Patel",
        program=False,
    )
    ReferralSource.objects.filter(practice=personas.practice, name="Dr Anjali Patel").update(
        email="patel@hospital.test", fax="+44 20 7946 0101", organisation="Riverside General"
    )
    referral = client.referrals.get()
    referral.precautions = "No kneeling on the operated knee\nNo running or jumping"
    referral.save()
    make_program(client, personas.alice, loads=(20, 40, 10))
    if consent:
        Consent.objects.create(
            practice=personas.practice,
            client=client,
            given_on=timezone.localdate() - dt.timedelta(days=30),
            scope="Session and pain information with the referring clinician",
            recorded_by=personas.alice,
        )
    return client


def sessions(client: Any, practitioner: Any, count: int, *, last_ended: dt.datetime) -> list[Any]:
    """``count`` sessions three days apart, the last one ending at ``last_ended``."""
    from careloop.training.models import Exercise, Program
    from careloop.training.services import PerformedSpec, SetSpec, session_log

    program = Program.objects.get(client=client)
    version = program.versions.get(number=program.version)
    exercises = {e.name: e for e in Exercise.objects.filter(practice_id=client.practice_id)}
    made = []
    for i in range(count):
        ended = last_ended - dt.timedelta(days=3 * (count - 1 - i))
        load = Decimal(30 + i)
        made.append(
            session_log(
                client=client,
                actor=practitioner,
                practitioner=practitioner,
                started_at=ended - dt.timedelta(minutes=60),
                duration_minutes=60,
                pain_before=2,
                pain_during_max=3,
                pain_after=3,
                rpe=5,
                exercises=[
                    PerformedSpec(
                        exercise=exercises["Leg press"],
                        sets=[SetSpec(reps=10, load=load)] * 3,
                        pain_during=3,
                    ),
                    PerformedSpec(
                        exercise=exercises["Step-up"], sets=[SetSpec(reps=10)] * 3, pain_during=2
                    ),
                ],
                program_version=version,
            )
        )
    return made


def decided_report(
    client: Any, user: Any, *, action: str = "hold_and_contact", **fields: Any
) -> Any:
    """A pain report 20 h after the last session, decided as ``action``."""
    from careloop.episodes.services import decision_record, pain_report_create
    from careloop.episodes.tests.factories import knee_call

    overrides = {"swelling": "mild"} if action == "hold_and_contact" else {}
    if action == "modify":
        overrides = {"pain_now": 4, "character": ["dull_ache"], "trend": "improving"}
    report = pain_report_create(
        client=client, recorded_by=user, report=PainReportInput(**knee_call(**overrides, **fields))
    )
    record = report.triage_record
    extra: dict[str, Any] = {}
    if action != record.action:
        extra["reason"] = "Test decision."
    if action == "modify":
        from dataclasses import replace

        from careloop.episodes.selectors import program_items_for

        extra["modification_items"] = [
            replace(i, load=(i.load * Decimal("0.8")).quantize(Decimal("0.5"))) if i.load else i
            for i in program_items_for(client)
        ]
        extra["modification_reason"] = "Pain up 2 points the morning after."
    decision_record(triage_record=record, decided_by=user, chosen_action=action, **extra)
    report.refresh_from_db()
    return report
