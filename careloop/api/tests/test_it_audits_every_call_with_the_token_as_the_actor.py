"""What a token reads or writes is audited with the token as the actor (actor_ref), never
as the person who made it; the chain still verifies."""

import json

import pytest

from careloop.api.models import ApiToken
from careloop.audit.models import AuditEvent
from careloop.audit.verify import audit_verify
from careloop.episodes.testing import make_client

pytestmark = pytest.mark.django_db


def test_reads_and_writes_name_the_token(personas, alice_api):
    client = make_client(personas.practice)
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    assert alice_api.get("/api/v1/clients").status_code == 200
    assert alice_api.get(f"/api/v1/clients/{client.pk}").status_code == 200
    body = {"name": "Dr Ngozi Adeyemi"}
    created = alice_api.post("/api/v1/referral-sources", json.dumps(body), "application/json")
    assert created.status_code == 201
    events = list(AuditEvent.objects.filter(seq__gt=before))
    ref = ApiToken.objects.get().audit_actor_ref
    assert {(e.action, e.object_type) for e in events} >= {
        ("view", "clients.client"),
        ("create", "clients.referralsource"),
    }
    assert {(e.actor_id, e.actor_ref) for e in events} == {(None, ref)}
    assert audit_verify().problems == []  # the list events (one insert) chain correctly
