"""PostgreSQL cannot hold NUL: the API refuses it in a query (400) or a body (422), always as
problem details, before anything reaches the database."""

import json

import pytest

from careloop.clients.models import ReferralSource

pytestmark = pytest.mark.django_db


def test_nul_in_a_query_is_a_400_problem(personas, alice_api):
    response = alice_api.get("/api/v1/clients?cursor=%00")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_nul_in_a_body_is_a_422_naming_the_field(personas, alice_api):
    body = json.dumps({"name": "Dr Ada\u0000 Obi"})
    response = alice_api.post("/api/v1/referral-sources", body, "application/json")
    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/name"]
    assert not ReferralSource.objects.exists()


def test_a_body_that_is_not_json_is_a_400_problem(personas, alice_api):
    response = alice_api.post("/api/v1/referral-sources", b"{not json", "application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
