"""Records for episode tests: a client with a referral, a program and sessions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from careloop.clients.models import Client, Referral, ReferralSource
from careloop.training.models import Exercise, Program, ProgramExercise, ProgramVersion, Session
from careloop.training.services import last_session_refresh


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
