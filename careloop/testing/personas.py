"""alice (owner) and bob (practitioner) in one practice; charlie (owner) in another.

Owners must have two-factor sign-in, so alice and charlie have a confirmed authenticator
app (careloop.mfa.testing computes its codes); bob has none, like most practitioners."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.test import Client

from careloop.accounts.models import Membership, Practice, User
from careloop.mfa.testing import enrol

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test personas only


@dataclass(frozen=True)
class Personas:
    practice: Practice
    other_practice: Practice
    alice: User
    bob: User
    charlie: User


# Each app's testing.py gives the URL walker (careloop/testing/objects.py) a maker per URL
# kwarg: personas -> the id of one of alice's objects. Declared here, not in objects.py,
# because objects.py imports every app's testing.py.
ObjectMaker = Callable[[Personas], object]


def make_user(email: str, full_name: str, practice: Practice, role: str) -> User:
    user = User.objects.create_user(email, PASSWORD, full_name=full_name)
    Membership.objects.create(user=user, practice=practice, role=role)
    if role == Membership.Role.OWNER:
        enrol(user)
    return user


def new_member(practice: Practice, email: str, role: str) -> User:
    """A member without an authenticator app (make_user enrols owners; this one has not)."""
    user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0].title())
    Membership.objects.create(user=user, practice=practice, role=role)
    return user


def password_step(client: Client, email: str, next_url: str = "") -> Any:
    """The first step of signing in: the persona's e-mail and password posted to /login/."""
    url = "/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": email, "password": PASSWORD})


def make_personas() -> Personas:
    practice = Practice.objects.create(
        name="Alice's Medical Exercise", time_zone="Europe/London", phone="020 0000 0000"
    )
    other = Practice.objects.create(name="Charlie's Rehab Gym", time_zone="America/New_York")
    return Personas(
        practice=practice,
        other_practice=other,
        alice=make_user("alice@example.com", "Alice Archer", practice, Membership.Role.OWNER),
        bob=make_user("bob@example.com", "Bob Baker", practice, Membership.Role.PRACTITIONER),
        charlie=make_user("charlie@example.com", "Charlie Chen", other, Membership.Role.OWNER),
    )
