"""This app's part of `careloop demo`: episodes at each stage (idempotent).

- George Adeyemi: a fresh emergency (chest pressure), emergency services called.
- Margaret Ellis: 7/10 at her new knee the day after a session: on hold, awaiting clearance.
- David Okonkwo: shoulder pain up two points: program modified, under monitoring.
- Chloe Brennan: soreness in the other thigh (DOMS): continued, episode resolved.
- Linda Moreau (7 weeks after a hip replacement): calls on a rest day with a swollen calf
  and new breathlessness on the stairs; the call is not linked to a session (rules 2026.2),
  E9 recommends calling emergency services, and they were called.

Clients are found by name (careloop.clients.demo.DEMO_CLIENTS); a client who already has an
episode is left alone, so a second run adds nothing. A report that follows a session follows
the client's most recent one from the training seeder, or a plain session added for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.utils import timezone

from careloop.clients.models import Client
from careloop.demo.people import DemoPeople
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import Episode
from careloop.episodes.selectors import program_items_for
from careloop.episodes.services import (
    decision_record,
    emergency_action_record,
    pain_report_create,
)
from careloop.training.models import Session
from careloop.training.services import last_session_refresh


def _client(people: DemoPeople, full_name: str) -> Client | None:
    first, last = full_name.split(" ", 1)
    return Client.objects.filter(practice=people.practice, first_name=first, last_name=last).first()


def _session_before(
    client: Client, people: DemoPeople, latest_end: dt.datetime, pain: int
) -> Session:
    session = (
        Session.objects.filter(client=client, ended_at__lte=latest_end)
        .order_by("-ended_at")
        .first()
    )
    if session is not None:
        return session
    ended = latest_end
    session = Session.objects.create(
        practice=people.practice,
        client=client,
        practitioner=people.practitioner,
        started_at=ended - dt.timedelta(minutes=55),
        duration_minutes=55,
        ended_at=ended,
        pain_before=pain,
        pain_during_max=pain + 2,
        pain_after=pain + 1,
        rpe=5,
    )
    last_session_refresh(client_ids=[client.pk])
    return session


def _ready(people: DemoPeople, name: str) -> Client | None:
    client = _client(people, name)
    if client is None or Episode.objects.filter(client=client).exists():
        return None
    return client


def _emergency(people: DemoPeople, now: dt.datetime) -> None:
    client = _ready(people, "George Adeyemi")
    if client is None:
        return
    session = _session_before(client, people, now - dt.timedelta(hours=4), pain=1)
    report = pain_report_create(
        client=client,
        recorded_by=people.practitioner,
        session=session,
        report=PainReportInput(
            reported_at=now - dt.timedelta(minutes=35),
            pain_now=4,
            region="chest",
            character=["localized"],
            trend="worsening",
            at_rest=True,
            red_flags=["chest_pain_or_pressure", "shortness_of_breath_at_rest"],
            client_statement="Tight feeling in my chest since this morning, and I get out of "
            "breath just sitting here.",
            practitioner_observation="Speaking in short sentences on the phone.",
        ),
    )
    record = report.triage_record
    decision_record(
        triage_record=record,
        decided_by=people.practitioner,
        chosen_action="emergency",
        now=now - dt.timedelta(minutes=31),
    )
    for kind in ("emergency_services_called", "emergency_contact_informed"):
        emergency_action_record(triage_record=record, kind=kind, recorded_by=people.practitioner)


def _possible_pe(people: DemoPeople, now: dt.datetime) -> None:
    client = _ready(people, "Linda Moreau")
    if client is None:
        return
    report = pain_report_create(
        client=client,
        recorded_by=people.practitioner,
        session=None,
        report=PainReportInput(
            reported_at=now - dt.timedelta(hours=2),
            pain_now=3,
            region="lower_leg_left",
            character=["throbbing"],
            trend="worsening",
            red_flags=["one_sided_leg_swelling", "new_breathlessness_on_exertion"],
            client_statement="My left calf has been swollen and warm since yesterday, and I was "
            "puffed out climbing the stairs this morning, which never happens.",
            practitioner_observation="Calling on a rest day; sounded anxious, no breathlessness "
            "while talking.",
        ),
    )
    record = report.triage_record
    decision_record(
        triage_record=record,
        decided_by=people.practitioner,
        chosen_action="emergency",
        now=now - dt.timedelta(hours=2) + dt.timedelta(minutes=4),
    )
    emergency_action_record(
        triage_record=record, kind="emergency_services_called", recorded_by=people.practitioner
    )


def _hold(people: DemoPeople, now: dt.datetime) -> None:
    client = _ready(people, "Margaret Ellis")
    if client is None:
        return
    reported = now - dt.timedelta(hours=5)
    session = _session_before(client, people, reported - dt.timedelta(hours=20), pain=2)
    report = pain_report_create(
        client=client,
        recorded_by=people.practitioner,
        session=session,
        report=PainReportInput(
            reported_at=max(reported, session.ended_at + dt.timedelta(hours=20)),
            pain_now=7,
            region="knee_right",
            character=["throbbing"],
            trend="unchanged",
            swelling="mild",
            client_statement="My knee is killing me since last night. It is puffy round the scar.",
            practitioner_observation="Called the practice line at 9; walking with her stick.",
        ),
    )
    decision_record(
        triage_record=report.triage_record,
        decided_by=people.practitioner,
        chosen_action="hold_and_contact",
        now=report.reported_at + dt.timedelta(minutes=12),
    )


def _modification(people: DemoPeople, now: dt.datetime) -> None:
    client = _ready(people, "David Okonkwo")
    if client is None:
        return
    reported = now - dt.timedelta(hours=10)
    session = _session_before(client, people, reported - dt.timedelta(hours=16), pain=2)
    report = pain_report_create(
        client=client,
        recorded_by=people.owner,
        session=session,
        report=PainReportInput(
            reported_at=max(reported, session.ended_at + dt.timedelta(hours=16)),
            pain_now=session.pain_before + 2 if session.pain_before <= 4 else 6,
            region="shoulder_left",
            character=["dull_ache"],
            trend="improving",
            client_statement="Shoulder has been achy since the session, a bit better today.",
        ),
    )
    record = report.triage_record
    items = _lighter_program(client)
    decision_record(
        triage_record=record,
        decided_by=people.owner,
        chosen_action="modify",
        reason="" if record.action == "modify" else "Settling; reduce load rather than stop.",
        modification_change=""
        if items
        else "Reduce loads by a fifth for a week; no overhead press.",
        modification_reason="Shoulder pain up 2 points the morning after; not back to baseline.",
        modification_items=items,
        now=report.reported_at + dt.timedelta(minutes=20),
    )


def _lighter_program(client: Client) -> list[Any] | None:
    """The current program with loads cut by a fifth (None when there is nothing to cut)."""
    items = program_items_for(client)
    lighter = [
        replace(i, load=(i.load * Decimal("0.8")).quantize(Decimal("0.5"))) if i.load else i
        for i in items
    ]
    return lighter if lighter != items else None


def _resolved_soreness(people: DemoPeople, now: dt.datetime) -> None:
    client = _ready(people, "Chloe Brennan")
    if client is None:
        return
    reported = now - dt.timedelta(days=3)
    session = _session_before(client, people, reported - dt.timedelta(hours=30), pain=1)
    report = pain_report_create(
        client=client,
        recorded_by=people.practitioner,
        session=session,
        report=PainReportInput(
            reported_at=max(reported, session.ended_at + dt.timedelta(hours=30)),
            pain_now=3,
            region="thigh_left",
            character=["dull_ache", "diffuse"],
            trend="improving",
            client_statement="The front of my left thigh is sore after the step-downs, no pain in "
            "the knee.",
        ),
    )
    decision_record(
        triage_record=report.triage_record,
        decided_by=people.practitioner,
        chosen_action="continue",
        continue_choice="close",
        reason="" if report.triage_record.action == "continue" else "Typical soreness.",
        now=report.reported_at + dt.timedelta(minutes=8),
    )


def seed(people: DemoPeople) -> None:
    now = timezone.now()
    _emergency(people, now)
    _hold(people, now)
    _modification(people, now)
    _resolved_soreness(people, now)
    _possible_pe(people, now)
