"""The session form starts from the program, so a routine session changes only what differed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from careloop.episodes.models import Episode
from careloop.episodes.services import hold_put
from careloop.testing.forms import as_post
from careloop.training.models import Session, SessionExercise
from careloop.training.testing import make_program, make_session

pytestmark = pytest.mark.django_db


def _form(alice_client, client):
    response = alice_client.get(reverse("session_create", kwargs={"client_id": client.pk}))
    assert response.status_code == 200
    return response, as_post(response.context["form"], response.context["formset"])


def test_it_prefills_exercises_from_the_program_but_asks_pain_afresh(
    personas, alice_client, client_record
):
    make_program(client_record, personas.alice, loads=(20, 40))
    make_session(client_record, personas.alice, pain_before=4)
    response, data = _form(alice_client, client_record)
    # Today's ratings are measured, never copied: the last session's are shown as a hint.
    assert data.get("pain_before") is None and data.get("pain_after") is None
    assert "last session" in response.content.decode()
    assert data["duration_minutes"] == 60 and data["practitioner"] == str(personas.alice.pk)
    assert [data["done-0-sets"], data["done-0-reps"], data["done-0-load"]] == [3, 10, "20"]
    assert data["done-1-load"] == "40"
    assert data["done-TOTAL_FORMS"] == 2  # rows are added with "Add an exercise"
    started = dt.datetime.fromisoformat(data["started_at"])
    now = timezone.localtime(timezone.now(), personas.practice.tz).replace(tzinfo=None)
    # Logged once it is over: by default the session ends now, in the practice's zone.
    assert abs(now - (started + dt.timedelta(minutes=60))) < dt.timedelta(minutes=2)
    html = response.content.decode()
    assert "What you observed" in html and "What the client said" in html


def test_it_saves_a_routine_session_entering_only_todays_pain(
    personas, alice_client, client_record
):
    make_program(client_record, personas.alice, loads=(20, 40))
    make_session(client_record, personas.alice, pain_before=3)
    _, data = _form(alice_client, client_record)
    data.update({"pain_before": "3", "pain_after": "1"})
    response = alice_client.post(
        reverse("session_create", kwargs={"client_id": client_record.pk}), data
    )
    assert response.status_code == 302, response.context["form"].errors
    session = Session.objects.order_by("-created_at").first()
    assert (session.pain_before, session.pain_after) == (3, 1)
    done = list(SessionExercise.objects.filter(session=session).order_by("order"))
    assert [d.exercise.name for d in done] == ["Leg press", "Step-up"]
    assert done[0].sets == [{"reps": 10, "load": "20"}] * 3
    assert done[1].load_max == Decimal("40.00")


def test_it_records_sets_that_differed_and_skips_exercises_not_done(
    personas, alice_client, client_record, library
):
    make_program(client_record, personas.alice, loads=(20, 40))
    _, data = _form(alice_client, client_record)
    data.update(
        {"pain_before": "2", "done-0-reps_each": "10, 10, 8", "done-0-load_each": "20 20 17.5"}
    )
    data.pop("done-1-done")  # Step-up not done today
    row = alice_client.get(
        reverse("session_form_row", kwargs={"client_id": client_record.pk}),
        {"done-TOTAL_FORMS": "2"},
    ).content.decode()
    assert 'name="done-2-exercise"' in row and 'value="3"' in row
    data["done-TOTAL_FORMS"] = "3"
    data["done-2-exercise"] = str(library["Wall sit"].pk)
    data["done-2-duration_minutes"] = "0.75"  # durations are typed in minutes
    response = alice_client.post(
        reverse("session_create", kwargs={"client_id": client_record.pk}), data
    )
    assert response.status_code == 302
    done = list(SessionExercise.objects.order_by("order"))
    assert [d.exercise.name for d in done] == ["Leg press", "Wall sit"]
    assert done[0].sets == [
        {"reps": 10, "load": "20"},
        {"reps": 10, "load": "20"},
        {"reps": 8, "load": "17.5"},
    ]
    assert done[1].duration_seconds == 45 and done[1].sets == []


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"pain_before": "11"}, "pain_before", "0 (none) to 10"),
        ({"pain_after": "-1"}, "pain_after", "0 (none) to 10"),
        ({"pain_before": ""}, "pain_before", "pain before"),
        ({"done-0-load": "-5"}, "done-0-load", "cannot be negative"),
        ({"done-0-reps": "-1"}, "done-0-reps", "cannot be negative"),
        ({"done-0-load_each": "20, -2, 20"}, "done-0-load_each", "cannot be negative"),
        ({"started_at": "2099-01-01T10:00"}, "started_at", "cannot be in the future"),
        ({"started_at": "1901-01-01T10:00"}, "started_at", "before the client was born"),
    ],
)
def test_it_shows_the_error_next_to_the_field_and_saves_nothing(
    personas, alice_client, client_record, change, field, message
):
    make_program(client_record, personas.alice)
    _, data = _form(alice_client, client_record)
    data["pain_before"] = "3"
    data.update(change)
    response = alice_client.post(
        reverse("session_create", kwargs={"client_id": client_record.pk}), data
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    error_at = html.index(f'id="id_{field}_error"')
    assert message in html[error_at : error_at + 300]
    assert not Session.objects.exists()


def test_it_shows_the_hold_and_needs_a_reason_to_log_anyway(personas, alice_client, client_record):
    episode = Episode.objects.create(
        practice=personas.practice, client=client_record, opened_by=personas.alice
    )
    hold_put(
        client=client_record, episode=episode, started_by=personas.alice, reason="Knee pain 7/10"
    )
    response, data = _form(alice_client, client_record)
    assert "The program is on hold" in response.content.decode()
    data["pain_before"] = "3"
    url = reverse("session_create", kwargs={"client_id": client_record.pk})
    response = alice_client.post(url, data)
    assert 'id="id_hold_override_reason_error"' in response.content.decode()
    assert not Session.objects.exists()
    data["hold_override_reason"] = "Session happened before the call"
    assert alice_client.post(url, data).status_code == 302
    assert Session.objects.get().logged_during_hold_reason == "Session happened before the call"


def test_it_shows_a_logged_session_with_facts_apart_from_the_clients_account(
    personas, alice_client, client_record
):
    session = make_session(client_record, personas.alice)
    Session.objects.filter(pk=session.pk).update(
        practitioner_observations="Limped on the way out.", client_statements="It is fine."
    )
    response = alice_client.get(
        reverse("session_detail", kwargs={"client_id": client_record.pk, "session_id": session.pk})
    )
    html = response.content.decode()
    assert "What the practitioner observed" in html and "Limped on the way out." in html
    assert "Client reports: It is fine." in html
