"""Tokens: stored hashed, refused once revoked or when their owner left, read-only tokens
cannot write, the rate limit answers 429 as problem details, and each call notes its use."""

import json

import pytest
from django.test import Client

from careloop.accounts.models import Membership
from careloop.api.models import ApiToken
from careloop.api.services import api_token_revoke
from careloop.api.testing import bearer, make_token

pytestmark = pytest.mark.django_db

SOURCE = {"name": "Dr Ngozi Adeyemi", "email": "adeyemi@clinic.test"}


def _api(secret):
    return Client(**bearer(secret))


def _create_source(api):
    return api.post("/api/v1/referral-sources", json.dumps(SOURCE), "application/json")


def test_it_answers_401_as_a_problem_without_a_token_or_with_a_wrong_one(personas):
    for api in (Client(), _api("cl_not-a-token"), _api("")):
        response = api.get("/api/v1/clients")
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["status"] == 401


def test_it_keeps_only_the_hash_of_the_secret(personas):
    secret = make_token(personas.alice, personas.practice)
    token = ApiToken.objects.get()
    assert secret not in {token.token_hash, token.prefix}
    assert secret.startswith(token.prefix)
    assert len(token.token_hash) == 64


def test_a_revoked_token_no_longer_works(personas):
    secret = make_token(personas.alice, personas.practice)
    assert _api(secret).get("/api/v1/clients").status_code == 200
    api_token_revoke(token=ApiToken.objects.get(), actor=personas.alice)
    assert _api(secret).get("/api/v1/clients").status_code == 401


def test_a_token_stops_when_its_owner_leaves_the_practice(personas):
    secret = make_token(personas.alice, personas.practice)
    Membership.objects.filter(user=personas.alice, practice=personas.practice).update(
        is_active=False
    )
    assert _api(secret).get("/api/v1/clients").status_code == 401


def test_a_read_only_token_reads_but_cannot_write(personas):
    api = _api(make_token(personas.alice, personas.practice, scope="read"))
    assert api.get("/api/v1/referral-sources").status_code == 200
    response = _create_source(api)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "read-only" in response.json()["detail"]


def test_only_an_owner_can_make_a_token(personas):
    with pytest.raises(Exception, match="owner"):
        make_token(personas.bob, personas.practice)


def test_it_answers_429_past_the_rate_limit_and_says_when_to_retry(personas, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    api = _api(make_token(personas.alice, personas.practice))
    statuses = [api.get("/api/v1/clients").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/clients")
    assert response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 61
    assert "3 calls in a minute" in response.json()["detail"]


def test_each_call_notes_when_the_token_was_last_used(personas):
    secret = make_token(personas.alice, personas.practice)
    assert ApiToken.objects.get().last_used_at is None
    _api(secret).get("/api/v1/clients")
    assert ApiToken.objects.get().last_used_at is not None


def test_answers_are_not_kept_by_browsers_or_proxies(personas, alice_api):
    response = alice_api.get("/api/v1/clients")
    assert "no-store" in response["Cache-Control"]
