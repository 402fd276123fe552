"""Owners, and everyone when the practice says so, set up an app before any other page."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from careloop.accounts.models import Membership
from careloop.audit.models import AuditEvent
from careloop.mfa.models import PracticeTwoFactorPolicy
from careloop.mfa.testing import code_from_secret, force_sign_in
from careloop.testing.personas import new_member, password_step

pytestmark = pytest.mark.django_db


def _secret_on(page: str) -> str:
    match = re.search(r'<code class="secret" id="mfa-secret">([A-Z2-7 ]+)</code>', page)
    assert match, "the enrolment page shows the secret as text"
    return match.group(1)


@pytest.fixture
def new_owner(personas):
    return new_member(personas.practice, "olive@example.com", Membership.Role.OWNER)


@pytest.mark.parametrize("path", ["/", "/clients/", "/practice/", "/two-factor/"])
def test_an_owner_without_an_app_is_sent_to_enrolment(new_owner, path):
    client = Client()
    assert password_step(client, new_owner.email)["Location"] == "/"
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/two-factor/setup/"


def test_an_htmx_request_is_sent_to_enrolment_as_a_full_page(new_owner):
    client = Client()
    password_step(client, new_owner.email)
    response = client.get("/clients/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/two-factor/setup/"


def test_a_partial_asked_for_by_the_enrolment_page_does_not_reload_it(new_owner):
    """The menu's network badge loads by htmx on every page, the enrolment page included.
    Sending that page to itself reloaded it in a loop and cleared the code being typed."""
    client = Client()
    password_step(client, new_owner.email)
    for current in (
        "http://testserver/two-factor/setup/",
        "http://testserver/two-factor/setup/?x=1",
    ):
        response = client.get(
            "/network/badge/", headers={"HX-Request": "true", "HX-Current-URL": current}
        )
        assert response.status_code == 204
        assert "HX-Redirect" not in response
        assert response.content == b""
    # From any other page (or another site's URL), the person is still sent to enrolment.
    for current in ("http://testserver/clients/", "http://elsewhere.example/two-factor/setup/"):
        response = client.get(
            "/network/badge/", headers={"HX-Request": "true", "HX-Current-URL": current}
        )
        assert response["HX-Redirect"] == "/two-factor/setup/"


def test_an_owner_enrols_with_a_code_computed_from_the_page(new_owner):
    client = Client()
    password_step(client, new_owner.email)
    page = client.get("/two-factor/setup/").content.decode()
    assert "<svg" in page  # the QR code, drawn inline by segno
    secret = _secret_on(page)
    assert client.get("/two-factor/setup/").content.decode().count(secret) == 1  # same secret

    wrong = client.post("/two-factor/setup/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()

    # django-otp refuses every code for a second after a wrong one (back-off).
    time.sleep(1.1)
    done = client.post("/two-factor/setup/", {"code": code_from_secret(secret)})

    assert done.status_code == 200
    codes = re.findall(
        r"<li><code>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})</code></li>", done.content.decode()
    )
    assert len(codes) == 10
    assert done["Cache-Control"].startswith("max-age=0")
    assert TOTPDevice.objects.get(user=new_owner).confirmed
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(
        actor=new_owner, action="create", object_type="otp_totp.totpdevice"
    )
    assert event.detail == "two-factor sign-in set up"


def test_the_way_out_stays_open_during_enrolment(new_owner):
    client = Client()
    password_step(client, new_owner.email)
    assert client.post("/logout/")["Location"] == "/login/"
    assert client.get("/").status_code == 302
    assert client.get("/").url.startswith("/login/")


def test_a_practitioner_is_not_asked_unless_the_practice_requires_it(personas, bob_client):
    assert bob_client.get("/").status_code == 200
    owner = force_sign_in(Client(), personas.alice)
    settings_page = owner.get("/practice/").content.decode()
    assert "Require two-factor sign-in for everyone" in settings_page
    assert "1 of 2 active members have set it up" in settings_page

    response = owner.post("/practice/two-factor/", {"required_for_everyone": "on"})

    assert response["Location"] == "/practice/"
    assert PracticeTwoFactorPolicy.objects.get(practice=personas.practice).required_for_everyone
    event = AuditEvent.objects.get(object_type="mfa.practicetwofactorpolicy")
    assert (event.actor, event.detail) == (personas.alice, "two-factor required for everyone: on")
    # bob's next page is the enrolment, in the session he already has.
    assert bob_client.get("/").url == "/two-factor/setup/"
    # The other practice is not affected.
    assert PracticeTwoFactorPolicy.objects.filter(practice=personas.other_practice).count() == 0


def test_only_an_owner_changes_the_practice_setting(personas, bob_client):
    response = bob_client.post("/practice/two-factor/", {"required_for_everyone": "on"})
    assert response.status_code == 403
    assert not PracticeTwoFactorPolicy.objects.filter(required_for_everyone=True).exists()


def test_a_practice_that_requires_it_counts_whichever_practice_one_works_in(personas, bob_client):
    # bob also works for charlie's practice, which requires two-factor sign-in; while he
    # works in alice's practice (which does not) he is still asked to set it up.
    Membership.objects.create(
        user=personas.bob, practice=personas.other_practice, role=Membership.Role.PRACTITIONER
    )
    bob_client.post("/practice/switch/", {"practice": personas.practice.pk})
    assert bob_client.get("/").context["current_practice"] == personas.practice
    PracticeTwoFactorPolicy.objects.create(
        practice=personas.other_practice, required_for_everyone=True
    )
    assert bob_client.get("/").url == "/two-factor/setup/"
