"""The middleware runs on every request: a session that passed the code step costs no
query; one without an app costs one (the practice's setting), and only practitioners."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

TWO_FACTOR_TABLES = ("otp_totp_", "mfa_")


def _two_factor_queries(client, path="/") -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries if any(t in q["sql"] for t in TWO_FACTOR_TABLES)]


def test_a_verified_session_costs_no_two_factor_query(alice_client):
    alice_client.get("/")  # the first request may settle the session
    assert _two_factor_queries(alice_client) == []


def test_a_session_without_an_app_costs_one_query(bob_client):
    bob_client.get("/")
    found = _two_factor_queries(bob_client)
    assert len(found) == 1 and "mfa_practicetwofactorpolicy" in found[0]
