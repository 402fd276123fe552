from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from careloop.episodes.testing import make_client, make_session


@pytest.fixture
def knee_client(personas: Any) -> Any:
    """Maria, referred after a right knee replacement, with a program."""
    return make_client(personas.practice, practitioner=personas.alice)


@pytest.fixture
def yesterday_session(knee_client: Any, personas: Any) -> Any:
    """A session that ended 20 hours ago (pain 2 before, 4 during, 3 after)."""
    return make_session(
        knee_client, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=20)
    )
