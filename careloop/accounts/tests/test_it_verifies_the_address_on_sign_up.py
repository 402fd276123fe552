"""Self-service sign-up (SIGNUP_OPEN): e-mail verification before the first sign-in."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from careloop.accounts.models import Membership, Practice, PracticeSignup, User
from careloop.audit.models import AuditEvent
from careloop.testing.personas import PASSWORD

FORM = {"practice_name": "Hip Club", "owner_name": "Hana Hill", "email": " Hana@Example.com"}
PASSWORDS = {"password1": "hanas-own-passphrase", "password2": "hanas-own-passphrase"}


def _main(response):
    return re.search(r"<main.*</main>", response.content.decode(), re.DOTALL).group(0)


@pytest.fixture
def signup_open(settings):
    settings.SIGNUP_OPEN = True


def _sign_up(form, smtp_server, capture):
    with capture(execute=True):
        response = Client().post(reverse("signup"), form)
    assert response.status_code == 200
    body = smtp_server.messages[-1].get_content()
    return re.search(r"https?://[^/\s]+(/signup/\S+/)", body).group(1), body


@pytest.mark.django_db
def test_it_is_404_when_sign_up_is_off(settings):
    settings.SIGNUP_OPEN = False
    assert Client().get(reverse("signup")).status_code == 404
    assert Client().post(reverse("signup"), FORM).status_code == 404
    assert Client().get(reverse("signup_verify", args=["x"])).status_code == 404
    assert not PracticeSignup.objects.exists()


@pytest.mark.django_db
def test_it_verifies_the_address_before_the_first_sign_in(
    personas, signup_open, smtp_server, django_capture_on_commit_callbacks
):
    path, body = _sign_up(FORM, smtp_server, django_capture_on_commit_callbacks)
    assert smtp_server.messages[-1]["To"] == "hana@example.com"
    assert "choose your password" in body
    # Nothing exists before the link is opened: no account to sign in to.
    assert not User.objects.filter(email="hana@example.com").exists()
    assert not Practice.objects.filter(name="Hip Club").exists()

    visitor = Client()
    assert visitor.post(path, PASSWORDS).status_code == 302
    assert visitor.get("/").status_code == 302  # the link signed nobody in
    hana = User.objects.get(email="hana@example.com")
    membership = Membership.objects.get(user=hana)
    assert (membership.practice.name, membership.role) == ("Hip Club", "owner")
    assert (
        visitor.post(
            "/login/", {"username": "hana@example.com", "password": PASSWORDS["password1"]}
        ).status_code
        == 302
    )
    # Signed in to her new practice; as an owner she first sets up two-factor sign-in.
    first_page = visitor.get("/", follow=True)
    assert first_page.redirect_chain == [("/two-factor/setup/", 302)]
    assert b"Hip Club" in first_page.content
    assert AuditEvent.objects.filter(
        practice=membership.practice, object_type="accounts.membership", action="create"
    ).exists()
    # The link works once.
    assert Client().get(path).status_code == 404


@pytest.mark.django_db
def test_it_keeps_errors_next_to_the_fields_and_saves_nothing(signup_open, smtp_server):
    response = Client().post(reverse("signup"), {"practice_name": "", "email": "nope"})
    html = response.content.decode()
    for field in ("practice_name", "owner_name", "email"):
        assert f'id="id_{field}_error"' in html
    assert not PracticeSignup.objects.exists()
    assert not smtp_server.messages


@pytest.mark.django_db
def test_it_never_takes_over_an_existing_account_and_reads_the_same(
    personas, signup_open, smtp_server, django_capture_on_commit_callbacks
):
    """Signing up with bob's address neither reveals that he has an account nor lets the
    link holder set his password; the practice is added only once bob signs in."""
    new = _main(Client().post(reverse("signup"), FORM)).replace("hana@", "X@")
    form = {**FORM, "email": "BOB@example.com"}
    path, body = _sign_up(form, smtp_server, django_capture_on_commit_callbacks)
    assert "already has a CareLoop account" in body
    existing = _main(Client().post(reverse("signup"), form)).replace("bob@", "X@")
    assert existing == new

    holder = Client()
    page = holder.get(path)
    assert 'name="password1"' not in page.content.decode()
    assert holder.post(path, PASSWORDS).status_code == 403
    assert holder.get("/").status_code == 302
    personas.bob.refresh_from_db()
    assert personas.bob.check_password(PASSWORD)
    assert not Practice.objects.filter(name="Hip Club").exists()

    bob = Client()
    bob.post(f"/login/?next={path}", {"username": "bob@example.com", "password": PASSWORD})
    assert bob.post(path).status_code == 302
    names = set(
        Membership.objects.filter(user=personas.bob, is_active=True).values_list(
            "practice__name", flat=True
        )
    )
    assert names == {personas.practice.name, "Hip Club"}
