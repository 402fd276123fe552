"""Issue 9, hole 1: an invitation link must never take over an existing account."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils.html import escape

from careloop.accounts.models import Membership, User
from careloop.accounts.services import (
    invitation_accept_new_account,
    invitation_create,
    invitation_for_token,
)
from careloop.audit.models import AuditEvent
from careloop.testing.personas import PASSWORD

ATTACKER_FORM = {
    "full_name": "Mallory",
    "credentials": "",
    "password1": "attacker-chosen-pass-1",
    "password2": "attacker-chosen-pass-1",
}


def _invite_bob_to_charlies_practice(personas, smtp_server, capture):
    """charlie (owner of the other practice) invites bob, a member of alice's practice."""
    with capture(execute=True):
        invitation_create(
            practice=personas.other_practice, invited_by=personas.charlie, email="BOB@example.com"
        )
    body = smtp_server.messages[-1].get_content()
    return re.search(r"https?://[^/\s]+(/invitation/\S+/)", body).group(1)


@pytest.mark.django_db
def test_it_never_signs_in_or_takes_over_an_existing_account_on_the_link_alone(
    personas, smtp_server, django_capture_on_commit_callbacks
):
    path = _invite_bob_to_charlies_practice(
        personas, smtp_server, django_capture_on_commit_callbacks
    )
    holder = Client()
    page = holder.get(path)
    assert page.status_code == 200
    assert "already has a CareLoop account" in page.content.decode()
    assert 'name="password1"' not in page.content.decode()

    attack = holder.post(path, ATTACKER_FORM)

    assert attack.status_code == 403
    assert holder.get("/").status_code == 302  # not signed in as bob
    bob = personas.bob
    bob.refresh_from_db()
    assert bob.check_password(PASSWORD)
    assert not bob.check_password(ATTACKER_FORM["password1"])
    assert bob.full_name == "Bob Baker"
    assert list(Membership.objects.filter(user=bob).values_list("practice", "is_active")) == [
        (personas.practice.pk, True)
    ]


@pytest.mark.django_db
def test_it_refuses_the_invitation_while_signed_in_as_someone_else(
    personas, smtp_server, django_capture_on_commit_callbacks, alice_client
):
    path = _invite_bob_to_charlies_practice(
        personas, smtp_server, django_capture_on_commit_callbacks
    )
    assert alice_client.post(path).status_code == 403
    assert not Membership.objects.filter(practice=personas.other_practice, user=personas.bob)
    assert not Membership.objects.filter(practice=personas.other_practice, user=personas.alice)


@pytest.mark.django_db
def test_it_adds_the_membership_once_the_invited_account_signs_in_and_keeps_the_old_one(
    personas, smtp_server, django_capture_on_commit_callbacks
):
    path = _invite_bob_to_charlies_practice(
        personas, smtp_server, django_capture_on_commit_callbacks
    )
    bob = Client()
    login = bob.post(f"/login/?next={path}", {"username": "bob@example.com", "password": PASSWORD})
    assert login["Location"] == path
    assert bob.post(path).status_code == 302

    memberships = Membership.objects.filter(user=personas.bob, is_active=True)
    assert {m.practice_id for m in memberships} == {
        personas.practice.pk,
        personas.other_practice.pk,
    }
    joined = memberships.get(practice=personas.other_practice)
    assert AuditEvent.objects.filter(
        action="create",
        practice=personas.other_practice,
        object_type="accounts.membership",
        object_id=str(joined.pk),
        detail="membership added as practitioner",
    ).exists()
    # He works in the practice he joined, and can switch back to the first one.
    assert escape(personas.other_practice.name) in bob.get("/").content.decode()
    bob.post("/practice/switch/", {"practice": personas.practice.pk})
    assert escape(personas.practice.name) in bob.get("/").content.decode()
    # The link is used up.
    assert Client().get(path).status_code == 404


@pytest.mark.django_db
def test_it_refuses_a_new_account_when_the_address_registered_after_the_invitation(
    personas, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _, token = invitation_create(
            practice=personas.other_practice, invited_by=personas.charlie, email="eve@example.com"
        )
    eve = User.objects.create_user("eve@example.com", "eves-own-password-1", full_name="Eve")
    with pytest.raises(ValidationError):
        invitation_accept_new_account(
            invitation=invitation_for_token(token), full_name="X", password="other-pass-123"
        )
    eve.refresh_from_db()
    assert eve.check_password("eves-own-password-1")
