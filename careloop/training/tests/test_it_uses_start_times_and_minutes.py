"""Issue 11, "one time and one unit": sessions are named by their start time, and
durations are typed and shown in minutes (stored in seconds, converted at the edge)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from careloop.episodes.forms import session_label
from careloop.testing.forms import as_post
from careloop.training.models import Program, ProgramVersion, Session, SessionExercise
from careloop.training.selectors import program_items
from careloop.training.testing import make_program

pytestmark = pytest.mark.django_db


def _program_form(http, client):
    response = http.get(reverse("program_edit", kwargs={"client_id": client.pk}))
    return response, as_post(response.context["form"], response.context["formset"])


def test_the_program_takes_minutes_and_stores_seconds(personas, alice_client, client_record):
    make_program(client_record, personas.alice, loads=(20, 40, 0))
    _, data = _program_form(alice_client, client_record)
    data.update({"items-2-duration_minutes": "0.75", "reason": "Hold longer"})
    response = alice_client.post(
        reverse("program_edit", kwargs={"client_id": client_record.pk}), data
    )
    assert response.status_code == 302
    client_record.refresh_from_db()
    wall_sit = program_items(Program.objects.get(client=client_record))[2]
    assert wall_sit.duration_seconds == 45
    page = alice_client.get(reverse("program_detail", kwargs={"client_id": client_record.pk}))
    assert "0:45 min" in page.content.decode()
    # ... and the editor shows the stored seconds as minutes again.
    response, data = _program_form(alice_client, client_record)
    assert str(data["items-2-duration_minutes"]) == "0.75"
    assert "Duration (min)" in response.content.decode()


def test_a_negative_program_duration_is_refused_next_to_the_field(
    personas, alice_client, client_record
):
    make_program(client_record, personas.alice)
    _, data = _program_form(alice_client, client_record)
    data.update({"items-0-duration_minutes": "-10", "reason": "Typo"})
    response = alice_client.post(
        reverse("program_edit", kwargs={"client_id": client_record.pk}), data
    )
    assert response.status_code == 200
    row = response.context["formset"].forms[0]
    assert row.errors["duration_minutes"] == [
        "A duration cannot be negative: enter minutes, e.g. 10 or 0.5."
    ]
    assert ProgramVersion.objects.filter(program__client=client_record).count() == 1


def _session_form(http, client):
    response = http.get(reverse("session_create", kwargs={"client_id": client.pk}))
    data = as_post(response.context["form"], response.context["formset"])
    data["pain_before"] = "2"
    return data


def test_a_negative_exercise_time_is_refused_and_nothing_saved(
    personas, alice_client, client_record
):
    make_program(client_record, personas.alice)
    data = _session_form(alice_client, client_record)
    data["done-0-duration_minutes"] = "-10"
    response = alice_client.post(
        reverse("session_create", kwargs={"client_id": client_record.pk}), data
    )
    assert response.status_code == 200
    assert "A duration cannot be negative" in response.content.decode()
    assert not Session.objects.exists()


def test_the_session_page_shows_a_timed_exercise_in_minutes_without_a_stray_dash(
    personas, alice_client, client_record, library
):
    # Before: a timed exercise with no sets read "-600 s" (the en dash shown for "no sets",
    # then the seconds).
    make_program(client_record, personas.alice)
    data = _session_form(alice_client, client_record)
    data.pop("done-0-done")
    data.pop("done-1-done")
    data["done-TOTAL_FORMS"] = "3"
    data["done-2-exercise"] = str(library["Stationary bike"].pk)
    data["done-2-duration_minutes"] = "10"
    response = alice_client.post(
        reverse("session_create", kwargs={"client_id": client_record.pk}), data
    )
    assert response.status_code == 302, response.context["formset"].errors
    done = SessionExercise.objects.get()
    assert done.duration_seconds == 600
    page = alice_client.get(response["Location"]).content.decode()
    assert "<td>10 min</td>" in page
    assert "600" not in page and "\u2013600" not in page


def test_sessions_are_named_by_their_start_time(personas, client_record):
    started = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0), personas.practice.tz)
    session = Session(
        practice=personas.practice,
        client=client_record,
        practitioner=personas.alice,
        started_at=started,
        duration_minutes=60,
        ended_at=started + dt.timedelta(minutes=60),
        pain_before=2,
        pain_after=3,
    )
    with timezone.override(personas.practice.tz):
        assert session_label(session) == "Mon 2 Mar 09:00, 60 min · pain 2→3"
