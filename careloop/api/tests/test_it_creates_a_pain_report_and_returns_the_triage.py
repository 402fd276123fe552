"""POST /api/v1/clients/{id}/pain-reports records the report through the one way in
(PainReportInput, pain_report_create) and answers with the triage the form's next page
shows."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from careloop.audit.models import AuditEvent
from careloop.episodes.models import PainReport, TriageRecord
from careloop.episodes.testing import make_client
from careloop.training.testing import make_session

pytestmark = pytest.mark.django_db


def _post(api, client_id, body):
    return api.post(
        f"/api/v1/clients/{client_id}/pain-reports",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_it_returns_the_triage_result_of_the_stored_record(personas, alice_api):
    client = make_client(personas.practice)
    session = make_session(client, personas.alice, days_ago=1)
    response = _post(
        alice_api,
        client.pk,
        {"pain_now": 7, "region": "knee_right", "trend": "worsening", "swelling": "marked"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    record = TriageRecord.objects.get(pk=body["triage_record_id"])
    assert body["result"] == record.result  # exactly what was stored, as the form shows it
    assert body["result"]["action"] == record.action
    assert body["result"]["matched_rules"]
    assert body["session_id"] == session.pk  # linked to the latest session by default
    report = PainReport.objects.get(pk=body["pain_report_id"])
    assert report.recorded_by == personas.alice  # the owner who made the token answers for it
    events = AuditEvent.objects.filter(object_type="episodes.painreport", object_id=report.pk)
    assert [(e.actor_id, e.actor_ref) for e in events] == [(None, _token_ref())]


def _token_ref():
    from careloop.api.models import ApiToken  # noqa: PLC0415 - the one token of the test

    return ApiToken.objects.get().audit_actor_ref


def test_it_names_each_invalid_field_by_its_path_and_saves_nothing(personas, alice_api):
    client = make_client(personas.practice)
    response = _post(alice_api, client.pk, {"pain_now": 14, "region": "elbow_middle"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    pointers = {e["pointer"] for e in response.json()["errors"]}
    assert pointers == {"/pain_now", "/region"}
    assert not PainReport.objects.exists()


def test_it_refuses_a_report_in_the_future_and_saves_nothing(personas, alice_api):
    client = make_client(personas.practice)
    later = (timezone.now() + dt.timedelta(days=1)).isoformat()
    response = _post(
        alice_api, client.pk, {"pain_now": 3, "region": "knee_right", "reported_at": later}
    )
    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/reported_at"]
    assert not PainReport.objects.exists()
