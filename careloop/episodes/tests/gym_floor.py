"""Records for the gym-floor browser tests (issue 11): a client on hold, cleared on
conditions, with a pending check-in. Built through the services only, so the same builders
set up the "before" screenshots on an older checkout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone

from careloop.clients.models import Referral
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import Hold
from careloop.episodes.services import clearance_record, decision_record, pain_report_create
from careloop.episodes.tests.factories import knee_call, make_client, make_session

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
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
