"""Times in a request may carry any offset RFC 3339 allows (up to ±23:59) and any year from
1 to 9999: found by schemathesis in CI, where ``updated_since=0477-12-19T07:21:45+18:32``
was a 500 on PostgreSQL (which refuses offsets beyond ±15:59). A time is taken as the
instant it names; one that has no instant within years 1 to 9999 in UTC is a 422 naming
the field, never a 500."""

import json
from urllib.parse import quote

import pytest

from careloop.episodes.testing import make_client

pytestmark = pytest.mark.django_db

# Valid by RFC 3339 and inside years 1 to 9999 once in UTC, but with offsets no zone uses.
ODD_BUT_VALID = [
    "0477-12-19T07:21:45.983306+18:32",
    "6388-11-09T16:39:24.8+19:56",
    "2026-11-30T09:00:00-23:59",
]
# Valid text whose instant in UTC falls before year 1 or after 9999.
NO_INSTANT = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"]


def _lists_with_updated_since(api, client_id):
    """Every list the OpenAPI document says takes updated_since, as a path to call."""
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    return [
        path.replace("{client_id}", str(client_id))
        for path, operations in paths.items()
        if any(
            p["name"] == "updated_since" for p in operations.get("get", {}).get("parameters", [])
        )
    ]


@pytest.mark.parametrize("when", ODD_BUT_VALID)
def test_every_list_filters_by_the_instant_an_odd_offset_names(personas, alice_api, when):
    lists = _lists_with_updated_since(alice_api, make_client(personas.practice).pk)
    assert len(lists) >= 6
    for path in lists:
        response = alice_api.get(f"{path}?updated_since={quote(when)}")
        assert response.status_code == 200, (path, response.content)


@pytest.mark.parametrize("when", NO_INSTANT)
def test_a_list_names_updated_since_when_it_has_no_instant(personas, alice_api, when):
    response = alice_api.get(f"/api/v1/episodes?updated_since={quote(when)}")
    assert response.status_code == 422, response.content
    assert [e["pointer"] for e in response.json()["errors"]] == ["/updated_since"]


@pytest.mark.parametrize("when", ODD_BUT_VALID)
def test_a_bulk_export_since_an_odd_offset_is_accepted(personas, alice_api, when):
    response = alice_api.get(f"/api/v1/$export?_since={quote(when)}")
    assert response.status_code == 202, response.content


@pytest.mark.parametrize("when", NO_INSTANT)
def test_a_bulk_export_names_since_when_it_has_no_instant(personas, alice_api, when):
    response = alice_api.get(f"/api/v1/$export?_since={quote(when)}")
    assert response.status_code == 422, response.content
    assert [e["pointer"] for e in response.json()["errors"]] == ["/_since"]


@pytest.mark.parametrize("when", ODD_BUT_VALID + NO_INSTANT)
def test_a_session_at_such_a_time_is_refused_by_name(personas, alice_api, when):
    client = make_client(personas.practice)
    body = {"started_at": when, "duration_minutes": 45, "pain_before": 2}
    response = alice_api.post(
        f"/api/v1/clients/{client.pk}/sessions", json.dumps(body), "application/json"
    )
    assert response.status_code == 422, response.content
    assert [e["pointer"] for e in response.json()["errors"]] == ["/started_at"]


@pytest.mark.parametrize("when", ODD_BUT_VALID + NO_INSTANT)
def test_a_pain_report_at_such_a_time_is_refused_by_name(personas, alice_api, when):
    client = make_client(personas.practice)
    body = {"pain_now": 3, "region": "knee_right", "reported_at": when, "session": "none"}
    response = alice_api.post(
        f"/api/v1/clients/{client.pk}/pain-reports", json.dumps(body), "application/json"
    )
    assert response.status_code == 422, response.content
    assert [e["pointer"] for e in response.json()["errors"]] == ["/reported_at"]
