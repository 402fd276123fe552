"""Shared steps for the two-factor tests: real requests, real codes."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from careloop.accounts.models import Membership, Practice, User
from careloop.testing.personas import PASSWORD


def password_step(client: Client, email: str, next_url: str = "") -> Any:
    url = "/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": email, "password": PASSWORD})


def app_of(user: User) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


def new_member(practice: Practice, email: str, role: str) -> User:
    """A member without an app (make_user enrols owners; this one has not yet)."""
    user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0].title())
    Membership.objects.create(user=user, practice=practice, role=role)
    return user
