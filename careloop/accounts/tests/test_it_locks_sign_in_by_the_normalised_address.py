"""Issue 9, hole 2: the lockout keys on the normalised address sign-in uses."""

import pytest
from django.test import Client

from careloop.audit.models import AuditEvent
from careloop.testing.personas import PASSWORD


def _login(client, email, password):
    return client.post("/login/", {"username": email, "password": password})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spelling",
    ["BOB@example.com", " bob@example.com", "bob@example.com  ", " Bob@EXAMPLE.com "],
)
def test_it_keeps_the_lock_whatever_the_case_or_spaces(personas, spelling):
    for _ in range(5):
        _login(Client(), "bob@example.com", "wrong-password-x")
    attempt = Client()
    response = _login(attempt, spelling, PASSWORD)
    assert response.status_code == 429
    assert attempt.get("/").status_code == 302  # not signed in


@pytest.mark.django_db
def test_it_counts_failures_in_mixed_spellings_toward_one_lock(personas):
    for spelling in ["BOB@example.com", " bob@example.com", "Bob@Example.com", "bob@example.com "]:
        _login(Client(), spelling, "wrong-password-x")
    _login(Client(), "bob@EXAMPLE.COM", "wrong-password-x")
    assert _login(Client(), "bob@example.com", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_it_signs_in_with_spaces_and_capitals_when_not_locked(personas):
    client = Client()
    assert _login(client, "  BOB@Example.com ", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_it_audits_failed_sign_ins_without_the_typed_address(personas):
    _login(Client(), " BOB@example.com", "wrong-password-x")
    _login(Client(), "nobody@example.com", "wrong-password-x")
    failed = list(AuditEvent.objects.filter(action="login_failed").order_by("seq"))
    assert len(failed) == 2
    known, unknown = failed
    assert (known.practice_id, known.object_type, known.object_id, known.actor_id) == (
        personas.practice.pk,
        "accounts.user",
        str(personas.bob.pk),
        None,
    )
    assert (unknown.practice_id, unknown.object_id, unknown.detail) == (
        None,
        "",
        "unknown address",
    )
    assert not AuditEvent.objects.filter(detail__icontains="example.com").exists()
