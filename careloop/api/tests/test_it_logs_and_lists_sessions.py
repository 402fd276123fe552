"""Sessions through the API go through session_log: logged, listed, and refused while the
program is on hold unless a reason is given (the refusal names hold_override_reason)."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from careloop.episodes.testing import held_report, make_client
from careloop.training.models import Exercise, Session
from careloop.training.testing import make_program

pytestmark = pytest.mark.django_db


def _body(**extra):
    started = (timezone.now() - dt.timedelta(hours=3)).replace(microsecond=0)
    return {"started_at": started.isoformat(), "duration_minutes": 45, "pain_before": 2, **extra}


def test_a_session_is_logged_and_listed(personas, alice_api):
    client = make_client(personas.practice)
    url = f"/api/v1/clients/{client.pk}/sessions"
    created = alice_api.post(url, json.dumps(_body(rpe=6)), "application/json")
    assert created.status_code == 201, created.content
    listed = alice_api.get(url).json()["items"]
    assert [s["id"] for s in listed] == [created.json()["id"]]
    assert Session.objects.get().practitioner == personas.alice


def test_a_session_on_hold_needs_a_reason_named_by_its_path(personas, alice_api):
    client = held_report(personas).client
    url = f"/api/v1/clients/{client.pk}/sessions"
    before = Session.objects.count()
    refused = alice_api.post(url, json.dumps(_body()), "application/json")
    assert refused.status_code == 422
    assert [e["pointer"] for e in refused.json()["errors"]] == ["/hold_override_reason"]
    assert Session.objects.count() == before
    reason = _body(hold_override_reason="Upper body only, cleared by phone")
    assert alice_api.post(url, json.dumps(reason), "application/json").status_code == 201


def test_another_practices_exercise_is_named_by_its_path_and_nothing_is_logged(personas, alice_api):
    client = make_client(personas.practice)
    make_program(client, personas.alice)
    make_program(make_client(personas.other_practice), personas.charlie)
    own = Exercise.objects.filter(practice=personas.practice).first()
    foreign = Exercise.objects.filter(practice=personas.other_practice).first()
    body = _body(exercises=[{"exercise_id": own.pk}, {"exercise_id": foreign.pk}])
    response = alice_api.post(
        f"/api/v1/clients/{client.pk}/sessions", json.dumps(body), "application/json"
    )
    assert response.status_code == 422, response.content
    assert [e["pointer"] for e in response.json()["errors"]] == ["/exercises/1/exercise_id"]
    assert not Session.objects.exists()
