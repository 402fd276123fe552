from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from careloop.clients.models import Client, ReferralSource
from careloop.network.models import Member
from careloop.network.testing import make_member


@pytest.fixture
def members(personas: Any) -> Any:
    """alice (moderator) and bob in one practice, charlie in another: all joined."""

    class M:
        alice = make_member(personas.alice, handle="alice", role=Member.Role.MODERATOR)
        bob = make_member(personas.bob, handle="bob")
        charlie = make_member(personas.charlie, handle="charlie")

    return M


@pytest.fixture
def alices_records(personas: Any) -> Any:
    """One of alice's practice's clients and a referral source; one of charlie's."""
    margaret = Client.objects.create(
        practice=personas.practice,
        first_name="Margaret",
        last_name="Ellis",
        date_of_birth=dt.date(1956, 3, 12),
        sex="female",
    )
    source = ReferralSource.objects.create(practice=personas.practice, name="Dr Priya Natarajan")
    other = Client.objects.create(
        practice=personas.other_practice,
        first_name="Henrietta",
        last_name="Quigley",
        date_of_birth=dt.date(1961, 7, 4),
        sex="female",
    )
    return {"client": margaret, "source": source, "other_client": other}
