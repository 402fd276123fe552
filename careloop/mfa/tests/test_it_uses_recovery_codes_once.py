from __future__ import annotations

import pytest
from django.test import Client

from careloop.accounts.models import Membership
from careloop.audit.models import AuditEvent
from careloop.mfa.models import RecoveryCode, recovery_code_hash
from careloop.mfa.testing import enrol
from careloop.testing.personas import new_member, password_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana(personas):
    """A second owner whose recovery codes the test knows."""
    user = new_member(personas.practice, "dana@example.com", Membership.Role.OWNER)
    _, codes = enrol(user)
    return user, codes


def test_a_recovery_code_signs_in_once(dana):
    user, codes = dana
    client = Client()
    password_step(client, user.email)
    # Typed the way people type: capitals and spaces instead of dashes.
    response = client.post("/login/code/", {"code": codes[3].upper().replace("-", " ")})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(actor=user, action="update", object_type="accounts.user")
    assert event.detail == "recovery code used to sign in; 9 left"

    again = Client()
    password_step(again, user.email)
    refused = again.post("/login/code/", {"code": codes[3]})
    assert refused.status_code == 200
    assert again.get("/").status_code == 302
    assert AuditEvent.objects.filter(actor=user, action="login_failed").count() == 1


def test_recovery_codes_are_stored_only_as_hashes(dana):
    user, codes = dana
    stored = list(
        RecoveryCode.objects.filter(device__user=user).values_list("code_hash", flat=True)
    )
    assert sorted(stored) == sorted(recovery_code_hash(code) for code in codes)
    for code in codes:
        assert code not in stored
        assert code.replace("-", "") not in stored
    assert len(set(codes)) == 10


def test_a_made_up_recovery_code_is_refused(dana):
    user, _ = dana
    client = Client()
    password_step(client, user.email)
    response = client.post("/login/code/", {"code": "aaaa-bbbb-cccc-dddd"})
    assert response.status_code == 200
    assert client.get("/").status_code == 302
