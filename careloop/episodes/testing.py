"""This app's entries for careloop/testing/objects.py: URL kwarg -> maker of alice's object."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from careloop.clients import testing as clients_testing
from careloop.episodes.inputs import PainReportInput
from careloop.testing.objects import ObjectMaker
from careloop.testing.personas import Personas


def _hold_and_contact(p: Personas):  # type: ignore[no-untyped-def]
    """One of alice's clients with a decided hold_and_contact report (hold + follow-ups)."""
    from careloop.episodes.services import decision_record, pain_report_create
    from careloop.episodes.tests.factories import knee_call, make_client, make_session

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
    return _hold_and_contact(p).triage_record.pk


def _episode(p: Personas) -> object:
    return _hold_and_contact(p).episode_id


def _hold(p: Personas) -> object:
    return _hold_and_contact(p).episode.holds.get().pk


def _follow_up(p: Personas) -> object:
    return _hold_and_contact(p).episode.follow_ups.filter(kind="check_in").first().pk  # type: ignore[union-attr]


def _report(p: Personas) -> object:
    return _hold_and_contact(p).pk


def _client(p: Personas) -> object:
    from careloop.episodes.tests.factories import make_client

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
