"""`careloop demo` gives every demo client a program and weeks of sessions, once."""

from __future__ import annotations

import pytest

from careloop.clients.demo import DEMO_CLIENTS
from careloop.clients.models import Client
from careloop.demo import demo_seed
from careloop.training.models import ProgramVersion, Session, SessionExercise

pytestmark = pytest.mark.django_db


def test_it_seeds_programs_and_sessions_that_chart_progress_and_is_idempotent():
    demo_seed()
    counts = (ProgramVersion.objects.count(), Session.objects.count())
    for demo in DEMO_CLIENTS:
        client = Client.objects.get(first_name=demo.first_name, last_name=demo.last_name)
        sessions = list(Session.objects.filter(client=client).order_by("started_at"))
        assert len(sessions) >= 5, demo
        assert client.program.version >= 1
        weeks = ((sessions[-1].started_at - sessions[0].started_at).days + 7) / 7
        assert 1.7 <= len(sessions) / weeks <= 3.5, demo  # two or three a week
    ellis = Client.objects.get(last_name="Ellis")
    sessions = list(Session.objects.filter(client=ellis).order_by("started_at"))
    assert sessions[0].pain_before >= 3 and sessions[-1].pain_before <= 2
    presses = list(
        SessionExercise.objects.filter(session__client=ellis, exercise__name="Leg press")
        .order_by("session__started_at")
        .values_list("load_max", flat=True)
    )
    assert presses[-1] > presses[0]
    assert "Leg press load" in ellis.program.versions.first().change_summary
    demo_seed()
    assert (ProgramVersion.objects.count(), Session.objects.count()) == counts
