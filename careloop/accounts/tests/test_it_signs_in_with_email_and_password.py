import pytest
from django.test import Client

from careloop.audit.models import AuditEvent
from careloop.testing.personas import PASSWORD

GENERIC = "That e-mail and password do not match an account"


def _login(client, email, password):
    return client.post("/login/", {"username": email, "password": password})


@pytest.mark.django_db
def test_it_signs_in_with_email_and_password_any_case(personas):
    client = Client()
    # bob has no authenticator app; alice's sign-in goes on to the code page (careloop.mfa).
    response = _login(client, "BOB@example.com", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_wrong_password_and_unknown_email_read_the_same(personas):
    wrong = _login(Client(), "alice@example.com", "nope-nope-nope")
    unknown = _login(Client(), "nobody@example.com", "nope-nope-nope")
    assert wrong.status_code == unknown.status_code == 200
    assert GENERIC in wrong.content.decode()
    assert GENERIC in unknown.content.decode()


@pytest.mark.django_db
def test_five_failures_lock_the_address_even_with_the_right_password(personas):
    client = Client()
    for _ in range(5):
        _login(client, "alice@example.com", "wrong-password-x")
    locked = _login(client, "alice@example.com", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    assert client.get("/").status_code == 302  # still signed out
    # An address that does not exist locks the same way: the lock reveals nothing.
    for _ in range(5):
        _login(client, "ghost@example.com", "wrong-password-x")
    assert _login(client, "ghost@example.com", "x").status_code == 429


@pytest.mark.django_db
def test_pages_need_a_signed_in_user(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_sign_in_and_out_are_audited(personas):
    client = Client()
    _login(client, "bob@example.com", PASSWORD)
    client.post("/logout/")
    actions = list(AuditEvent.objects.filter(actor=personas.bob).values_list("action", flat=True))
    assert actions == ["login", "logout"]
