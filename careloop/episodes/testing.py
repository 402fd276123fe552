"""Makers for tests: this app's entries for careloop/testing/objects.py (URL kwarg -> maker
of alice's object); records for episode tests (a client with a referral, a program and
sessions; `knee_call`, the issue's example report); and the gym-floor browser tests' records
(a client on hold, cleared on conditions, with a pending check-in), built through the services
only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone

from careloop.clients import testing as clients_testing
from careloop.clients.models import Client, Referral, ReferralSource
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import Hold
from careloop.episodes.services import clearance_record, decision_record, pain_report_create
from careloop.testing.personas import ObjectMaker, Personas
from careloop.training.models import Exercise, Program, ProgramExercise, ProgramVersion, Session
from careloop.training.services import last_session_refresh


def held_report(p: Personas):  # type: ignore[no-untyped-def]
    """One of alice's clients with a decided hold_and_contact report (hold + follow-ups)."""
    client = make_client(p.practice, practitioner=p.alice, first_name="Walker")
    make_session(client, p.alice, ended_at=timezone.now() - dt.timedelta(hours=20))
    report = pain_report_create(
        client=client, recorded_by=p.alice, report=PainReportInput(**knee_call())
    )
    decision_record(
        triage_record=report.triage_record, decided_by=p.alice, chosen_action="hold_and_contact"
    )
    return report


def _triage_record(p: Personas) -> object:
    return held_report(p).triage_record.pk


def _episode(p: Personas) -> object:
    return held_report(p).episode_id


def _hold(p: Personas) -> object:
    return held_report(p).episode.holds.get().pk


def _follow_up(p: Personas) -> object:
    return held_report(p).episode.follow_ups.filter(kind="check_in").first().pk  # type: ignore[union-attr]


def _report(p: Personas) -> object:
    return held_report(p).pk


def _client(p: Personas) -> object:

    return make_client(p.practice, practitioner=p.alice, first_name="Walker").pk


OBJECT_MAKERS: dict[str, ObjectMaker] = {
    "triage_record_id": _triage_record,
    "episode_id": _episode,
    "hold_id": _hold,
    "follow_up_id": _follow_up,
    "report_id": _report,
}
# The clients app owns the client maker; until it has one, ours stands in.
if "client_id" not in clients_testing.OBJECT_MAKERS:
    OBJECT_MAKERS["client_id"] = _client


def make_client(
    practice: Any,
    *,
    first_name: str = "Maria",
    last_name: str = "Lopez",
    practitioner: Any = None,
    referral_region: str = "knee_right",
    surgery_region: str = "",
    surgery_date: dt.date | None = None,
    source_name: str = "Dr Priya Natarajan",
    program: bool = True,
) -> Client:
    client = Client.objects.create(
        practice=practice,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=dt.date(1961, 4, 2),
        sex="female",
        primary_practitioner=practitioner,
    )
    source = ReferralSource.objects.filter(practice=practice, name=source_name).first()
    if source is None:
        source = ReferralSource.objects.create(
            practice=practice, name=source_name, credentials="FRCS", kind="surgeon"
        )
    Referral.objects.create(
        practice=practice,
        client=client,
        source=source,
        referral_date=dt.date(2026, 1, 5),
        reason="Strengthening after right knee replacement",
        region=referral_region,
        surgery_procedure="Total knee replacement" if surgery_region else "",
        surgery_region=surgery_region,
        surgery_date=surgery_date,
    )
    if program and practitioner is not None:
        make_program(client, practitioner)
    return client


def make_program(client: Client, author: Any) -> Program:
    program = Program.objects.create(practice_id=client.practice_id, client=client, version=1)
    version = ProgramVersion.objects.create(
        practice_id=client.practice_id,
        program=program,
        number=1,
        created_at=timezone.now() - dt.timedelta(days=30),
        created_by=author,
        reason="First program",
        change_summary="First version",
    )
    for order, (name, load) in enumerate([("Leg press", "40"), ("Step-ups", "")], start=1):
        exercise, _ = Exercise.objects.get_or_create(
            practice_id=client.practice_id,
            name=name,
            defaults={"body_area": "knee", "category": "strength"},
        )
        ProgramExercise.objects.create(
            practice_id=client.practice_id,
            version=version,
            exercise=exercise,
            order=order,
            sets=3,
            reps=10,
            load=Decimal(load) if load else None,
        )
    return program


def make_session(
    client: Client,
    practitioner: Any,
    *,
    ended_at: dt.datetime,
    pain_before: int = 2,
    pain_during_max: int | None = 4,
    pain_after: int | None = 3,
    pain_2h: int | None = None,
    minutes: int = 60,
) -> Session:
    session = Session.objects.create(
        practice_id=client.practice_id,
        client=client,
        practitioner=practitioner,
        started_at=ended_at - dt.timedelta(minutes=minutes),
        duration_minutes=minutes,
        ended_at=ended_at,
        pain_before=pain_before,
        pain_during_max=pain_during_max,
        pain_after=pain_after,
        pain_2h=pain_2h,
    )
    last_session_refresh(client_ids=[client.pk])
    return session


def knee_call(**overrides: Any) -> dict[str, Any]:
    """The issue's example: 7/10 pain at the operated knee, the day after a session."""
    fields: dict[str, Any] = {
        "pain_now": 7,
        "region": "knee_right",
        "character": ["throbbing"],
        "trend": "unchanged",
        "client_statement": "My knee is killing me since last night.",
        "practitioner_observation": "Sounded distressed on the phone.",
    }
    fields.update(overrides)
    return fields


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CONDITIONS = "Previous loads (leg press 25 kg); no forward step-downs"


def shot(page: Any, name: str, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"gymfloor-{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def knee_client_on_hold(personas: Any, first_name: str = "Maria") -> Any:
    client = make_client(personas.practice, practitioner=personas.alice, first_name=first_name)
    Referral.objects.filter(client=client).update(
        precautions="No kneeling; avoid deep squats", contraindications="No impact loading"
    )
    make_session(client, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=20))
    report = pain_report_create(
        client=client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    )
    decision_record(
        triage_record=report.triage_record,
        decided_by=personas.alice,
        chosen_action="hold_and_contact",
    )
    return client


def cleared_on_conditions(personas: Any) -> Any:
    client = knee_client_on_hold(personas)
    clearance_record(
        hold=Hold.objects.get(client=client, lifted_at__isnull=True),
        recorded_by=personas.alice,
        cleared_by_name="Dr Priya Natarajan",
        cleared_at=timezone.now(),
        channel="phone",
        conditions=CONDITIONS,
    )
    return client


def undecided_report(personas: Any, first_name: str = "Tom") -> Any:
    client = make_client(personas.practice, practitioner=personas.alice, first_name=first_name)
    make_session(client, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=20))
    return pain_report_create(
        client=client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    )


def modified_with_check_in(personas: Any, first_name: str = "Ann") -> Any:
    client = make_client(personas.practice, practitioner=personas.alice, first_name=first_name)
    make_session(client, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=20))
    report = pain_report_create(
        client=client, recorded_by=personas.alice, report=PainReportInput(**knee_call(pain_now=4))
    )
    decision_record(
        triage_record=report.triage_record,
        decided_by=personas.alice,
        chosen_action="modify",
        modification_change="Leg press 40 kg to 25 kg",
    )
    return report
