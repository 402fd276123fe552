"""A standing check-in link through the API: a printed card's link is returned once (only
its hash is kept); revoking stops it; another practice's client is refused by name."""

import json

import pytest

from careloop.checkin.access import link_for_token
from careloop.checkin.models import CheckinLink
from careloop.episodes.testing import make_client

pytestmark = pytest.mark.django_db


def _create(api, client_id):
    body = {"client_id": client_id, "channel": "print"}
    return api.post("/api/v1/checkin-links", json.dumps(body), "application/json")


def test_a_card_link_is_returned_once_and_revoked(personas, alice_api):
    client = make_client(personas.practice)
    created = _create(alice_api, client.pk)
    assert created.status_code == 201, created.content
    token = created.json()["url"].rstrip("/").rsplit("/", 1)[-1]
    link = CheckinLink.objects.get()
    assert link_for_token(token) == link
    assert token not in link.token_hash
    revoked = alice_api.post(f"/api/v1/checkin-links/{link.pk}/revoke")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert revoked.json()["url"] is None


def test_another_practices_client_is_named_by_its_path(personas, alice_api):
    other = make_client(personas.other_practice)
    response = _create(alice_api, other.pk)
    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/client_id"]
    assert not CheckinLink.objects.exists()
