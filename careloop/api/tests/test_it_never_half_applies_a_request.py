"""A client is created with their referral and consent in one transaction: a refused
consent leaves no client and no referral behind; each refused field is named by its path."""

import json

import pytest

from careloop.audit.models import AuditEvent
from careloop.clients.models import Client, Referral
from careloop.clients.testing import make_source

pytestmark = pytest.mark.django_db


def _body(source_id, **consent):
    return {
        "client": {
            "first_name": "Tomasz",
            "last_name": "Kowalczyk",
            "date_of_birth": "1961-04-09",
            "sex": "male",
        },
        "referral": {
            "source_id": source_id,
            "referral_date": "2026-11-02",
            "reason": "Strengthening after a right knee replacement",
            "region": "knee_right",
        },
        "consent": {"given_on": "2026-11-03", "scope": "Share sessions", **consent},
    }


def test_a_refused_consent_leaves_nothing_behind(personas, alice_api):
    source = make_source(personas.practice, personas.alice)
    events = AuditEvent.objects.count()
    bad = _body(source.pk, expires_on="2026-10-01")  # expires before it was given
    response = alice_api.post("/api/v1/clients", json.dumps(bad), "application/json")
    assert response.status_code == 422, response.content
    assert [e["pointer"] for e in response.json()["errors"]] == ["/consent/expires_on"]
    assert not Client.objects.exists()
    assert not Referral.objects.exists()
    assert AuditEvent.objects.count() == events


def test_the_whole_client_is_created_and_read_back(personas, alice_api):
    source = make_source(personas.practice, personas.alice)
    response = alice_api.post("/api/v1/clients", json.dumps(_body(source.pk)), "application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["referral"]["source_id"] == source.pk
    assert body["consent"]["current"] is True
    again = alice_api.get(f"/api/v1/clients/{body['id']}").json()
    assert again == body


def test_a_foreign_referral_source_is_named_by_its_path(personas, alice_api):
    foreign = make_source(personas.other_practice, personas.charlie)
    response = alice_api.post("/api/v1/clients", json.dumps(_body(foreign.pk)), "application/json")
    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/referral/source_id"]
    assert not Client.objects.exists()
