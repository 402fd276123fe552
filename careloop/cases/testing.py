"""Makers for tests: this app's OBJECT_MAKERS entries (a case shared from alice's
practice), and `shared_case_for`, used by the cases tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from careloop.cases import preview, services
from careloop.cases.models import SharedCase
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import Episode
from careloop.episodes.services import decision_record, pain_report_create
from careloop.episodes.testing import held_report, knee_call, make_client, make_session
from careloop.network.testing import make_member
from careloop.testing.personas import ObjectMaker, Personas


def shared_case_for(p: Personas) -> SharedCase:
    """alice shares the held episode of one of her clients (consent not required)."""
    services.case_setting_set(
        practice=p.practice, changed_by=p.alice, consent_required=False, reason="test rule"
    )
    episode = held_report(p).episode
    make_member(p.alice)
    doc, extra = preview.source_of(episode, p.alice)
    return services.case_share(
        episode=episode,
        user=p.alice,
        case=preview.case_of(doc, extra),
        title="Pain after step-downs",
        question="What would you have done?",
    )


STATEMENT = (
    "Ruth Castellano here: my knee is 7/10 since the 3x10 step-ups at 20 kg. "
    "Ring me on 07700 900123."
)


def episode_to_share(p: Personas) -> Episode:
    """One of alice's clients, on hold after a pain report whose statement names her and
    gives her phone number; her emergency contact is on file."""
    client = make_client(
        p.practice, first_name="Ruth", last_name="Castellano", practitioner=p.alice
    )
    client.emergency_contact_name = "Desmond Castellano"
    client.save()
    make_session(client, p.alice, ended_at=timezone.now() - dt.timedelta(hours=20))
    report = pain_report_create(
        client=client,
        recorded_by=p.alice,
        report=PainReportInput(**knee_call(client_statement=STATEMENT)),
    )
    decision_record(
        triage_record=report.triage_record, decided_by=p.alice, chosen_action="hold_and_contact"
    )
    return report.episode


def _shared_case(p: Personas) -> object:
    return shared_case_for(p).pk


OBJECT_MAKERS: dict[str, ObjectMaker] = {"shared_case_id": _shared_case}
