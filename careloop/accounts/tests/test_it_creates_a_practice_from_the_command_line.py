"""``careloop practice create``: a new practice, its owner's one-time link, bad input."""

import re

import pytest
from django.test import Client

from careloop.accounts.models import Membership, Practice, User
from careloop.audit.models import AuditEvent
from careloop.cli import main
from careloop.testing.personas import PASSWORD


def _create(*extra):
    return main(["practice", "create", *extra])


ARGS = ["--name", "Knee Clinic", "--owner-email", " Olive@Example.com ", "--owner-name", "Olive"]


@pytest.mark.django_db
def test_it_creates_the_practice_and_a_one_time_link_to_choose_the_password(personas, capsys):
    assert _create(*ARGS) == 0
    out = capsys.readouterr().out
    practice = Practice.objects.get(name="Knee Clinic")
    olive = User.objects.get(email="olive@example.com")
    assert not olive.has_usable_password()
    assert Membership.objects.get(user=olive).practice == practice
    assert Membership.objects.get(user=olive).role == "owner"
    path = re.search(r"https?://[^/\s]+(/password/reset/\S+/)", out).group(1)

    browser = Client()
    form_page = browser.get(path, follow=True)
    assert b"Choose a password" in form_page.content
    new = {"new_password1": "olives-new-pass-42", "new_password2": "olives-new-pass-42"}
    assert browser.post(form_page.redirect_chain[-1][0], new).status_code == 302
    assert browser.get("/").status_code == 302  # the link signed nobody in
    browser.post("/login/", {"username": "olive@example.com", "password": new["new_password1"]})
    # Signed in; an owner's first page is setting up two-factor sign-in (careloop.mfa).
    assert browser.get("/")["Location"] == "/two-factor/setup/"
    assert browser.get("/two-factor/setup/").status_code == 200
    # One time only.
    assert b"already been used" in Client().get(path, follow=True).content
    assert AuditEvent.objects.filter(
        practice=practice, action="create", object_type="accounts.membership"
    ).exists()


@pytest.mark.django_db
def test_it_adds_an_owner_membership_to_an_existing_account_without_touching_its_password(
    personas, capsys
):
    assert (
        _create("--name", "Bob's Own", "--owner-email", "BOB@example.com", "--owner-name", "B") == 0
    )
    out = capsys.readouterr().out
    assert "/password/reset/" not in out
    assert "/login/" in out
    bob = User.objects.get(pk=personas.bob.pk)
    assert bob.check_password(PASSWORD)
    assert bob.full_name == "Bob Baker"
    practices = set(
        Membership.objects.filter(user=bob, is_active=True).values_list("practice__name", "role")
    )
    assert practices == {(personas.practice.name, "practitioner"), ("Bob's Own", "owner")}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--name", "X", "--owner-email", "not-an-email", "--owner-name", "N"], "--owner-email"),
        (["--name", "  ", "--owner-email", "a@example.com", "--owner-name", "N"], "--name"),
        (["--name", "X", "--owner-email", "a@example.com", "--owner-name", " "], "--owner-name"),
        (["--name", "X" * 201, "--owner-email", "a@example.com", "--owner-name", "N"], "--name"),
    ],
)
def test_it_refuses_bad_input_naming_the_flag_and_saves_nothing(personas, capsys, args, flag):
    before = (Practice.objects.count(), User.objects.count())
    assert _create(*args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"careloop practice create: {flag}: ")
    assert (Practice.objects.count(), User.objects.count()) == before


def test_it_exits_2_when_a_flag_is_missing(capsys):
    with pytest.raises(SystemExit) as exit_info:
        _create("--name", "X")
    assert exit_info.value.code == 2
    assert "--owner-email" in capsys.readouterr().err
