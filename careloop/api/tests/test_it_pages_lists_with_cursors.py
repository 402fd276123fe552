"""Lists page by cursor (ids never shift a page), filter by updated_since, refuse a cursor
they did not give, and cost the same few queries however many rows a page holds."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careloop.clients.testing import make_source
from careloop.episodes.testing import make_client

pytestmark = pytest.mark.django_db


def test_it_pages_by_cursor_to_the_end(personas, alice_api):
    made = [make_source(personas.practice, personas.alice).pk for _ in range(5)]
    first = alice_api.get("/api/v1/referral-sources?limit=2").json()
    second = alice_api.get(f"/api/v1/referral-sources?limit=2&cursor={first['next_cursor']}").json()
    third = alice_api.get(f"/api/v1/referral-sources?limit=2&cursor={second['next_cursor']}").json()
    seen = [s["id"] for page in (first, second, third) for s in page["items"]]
    assert seen == made
    assert third["next_cursor"] is None


def test_updated_since_keeps_only_what_changed(personas, alice_api):
    make_source(personas.practice, personas.alice)
    later = (timezone.now() + dt.timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
    assert alice_api.get(f"/api/v1/referral-sources?updated_since={later}").json()["items"] == []
    earlier = (timezone.now() - dt.timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
    assert (
        len(alice_api.get(f"/api/v1/referral-sources?updated_since={earlier}").json()["items"]) == 1
    )


def test_a_cursor_it_did_not_give_is_named(personas, alice_api):
    response = alice_api.get("/api/v1/clients?cursor=bm90LWEtY3Vyc29y")
    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/cursor"]


def _queries(api, url):
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    return len(queries)


def test_the_client_list_costs_the_same_queries_for_3_or_30_clients(personas, alice_api):
    for n in range(3):
        make_client(personas.practice, first_name=f"Few{n}")
    few = _queries(alice_api, "/api/v1/clients")
    for n in range(27):
        make_client(personas.practice, first_name=f"Many{n}")
    many = _queries(alice_api, "/api/v1/clients")
    assert many == few
