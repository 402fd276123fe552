"""This app's entries for careloop/testing/objects.py, and helpers for check-in tests."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from careloop.checkin.models import CheckinLink
from careloop.checkin.questions import RED_FLAG_QUESTIONS
from careloop.checkin.services import checkin_link_create
from careloop.episodes.testing import make_client
from careloop.testing.personas import Personas


def standing_link(p: Personas, **client_fields: object) -> tuple[CheckinLink, str]:
    """One of alice's clients (referred for the right knee) with a printed standing link."""
    client = make_client(p.practice, practitioner=p.alice, first_name="Rosa")
    for name, value in client_fields.items():
        setattr(client, name, value)
    client.save()
    return checkin_link_create(
        client=client,
        kind=CheckinLink.Kind.STANDING,
        channel=CheckinLink.Channel.PRINT,
        responsible=p.alice,
        actor=p.alice,
    )


def _link(p: Personas) -> object:
    return standing_link(p)[0].pk


# Typed here rather than with careloop.testing.objects.ObjectMaker: that module imports
# this one, and tests import this one first.
OBJECT_MAKERS: dict[str, Callable[[Personas], object]] = {"link_id": _link}


# What the client answers for each screen they can be shown (client referred for the
# right knee, a session yesterday with pain 2 before it).
SCENARIOS: dict[str, dict[str, object]] = {
    "continue": {},
    "modify": {"swelling": "mild"},
    "hold": {"pain_now": "7"},
    "emergency": {"flag_chest_pain_or_pressure": "yes"},
    "emergency_department": {"flag_dark_urine": "yes"},
    "see_a_doctor": {"flag_cannot_bear_weight": "yes"},
}


def answers(key: str = "k" * 24, **overrides: object) -> dict[str, object]:
    """A complete check-in form: a client feeling fine, with ``overrides``."""
    data: dict[str, object] = {
        "key": key,
        "pain_now": "2",
        "region": "knee_right",
        "trend": "improving",
        "swelling": "none",
        "adl_limitation": "none",
        "at_rest": "no",
        "at_night": "no",
        "limp_or_giving_way": "no",
        "numbness_or_tingling": "no",
        **{f"flag_{code}": "no" for code in RED_FLAG_QUESTIONS},
        "client_statement": "",
    }
    data.update(overrides)
    return data


def zone_at_hour(at: dt.datetime, hour: int) -> str:
    """A fixed-offset time zone name in which ``at`` falls in the given local hour."""
    offset = (hour - at.astimezone(dt.UTC).hour + 12) % 24 - 12
    if offset == 0:
        return "Etc/GMT"
    # The Etc zones' signs are inverted (POSIX): Etc/GMT-5 is five hours ahead of UTC.
    return f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


def link_in(body: str) -> str:
    """The check-in path (/c/<token>/) in a message's text."""
    match = re.search(r"https?://[^/\s]+(/c/[A-Za-z0-9_-]+/)", body)
    assert match, body
    return match.group(1)
