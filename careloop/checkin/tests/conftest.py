from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from careloop.checkin.testing import standing_link
from careloop.episodes.testing import make_session


@pytest.fixture
def link_and_token(personas: Any) -> Any:
    """Rosa (alice's client, right knee, a session yesterday) and her standing link."""
    link, token = standing_link(personas, email="rosa@example.com", phone="+1 555 010 2030")
    make_session(link.client, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=20))
    return link, token
