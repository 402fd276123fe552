"""Issue 11, daily use: a form reports all its errors at once. A time in the future, a
reason owed for departing from a recommendation, were checked only by the service, so
they showed up only after the other errors were fixed; the forms now check them too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from careloop.episodes.forms import ClearanceForm, DecisionForm
from careloop.letters.forms import CommunicationForm
from careloop.training.models import Session
from careloop.training.testing import make_client

pytestmark = pytest.mark.django_db

LOCAL = "%Y-%m-%dT%H:%M"


def _tomorrow() -> str:
    return (timezone.localtime() + dt.timedelta(days=1)).strftime(LOCAL)


def test_the_session_form_reports_a_future_start_with_the_other_errors(personas, alice_client):
    client = make_client(personas.practice)
    url = reverse("session_create", kwargs={"client_id": client.pk})
    response = alice_client.post(
        url,
        {
            "started_at": _tomorrow(),
            "duration_minutes": "0",
            "practitioner": str(personas.alice.pk),
            "done-TOTAL_FORMS": "0",
            "done-INITIAL_FORMS": "0",
        },
    )
    html = response.content.decode()
    assert "A session cannot be in the future." in html
    assert "Enter at least 1 for “Duration”." in html
    assert "Ask the client: pain before the session, 0 to 10." in html
    assert "Nothing was saved: 3 things to correct" in html
    assert not Session.objects.filter(client=client).exists()


def test_the_pain_report_form_reports_a_future_time_with_the_other_errors(personas, alice_client):
    client = make_client(personas.practice)
    url = reverse("pain_report_create", kwargs={"client_id": client.pk})
    response = alice_client.post(
        url, {"pain_now": "4", "reported_at": _tomorrow(), "source": "client_call"}
    )
    html = response.content.decode()
    assert "The report time is in the future: enter when the client told you." in html
    assert "Choose “Where”." in html
    assert "Ask the client about swelling" in html


def test_the_clearance_form_reports_every_error_at_once():
    form = ClearanceForm({"cleared_by_name": "", "cleared_at": _tomorrow(), "channel": ""})
    assert form.errors == {
        "cleared_by_name": ["Fill in “Cleared by”."],
        "cleared_at": ["The clearance time is in the future."],
        "channel": ["Choose “How”."],
    }


def test_the_contact_log_reports_a_future_time_with_an_empty_summary():
    form = CommunicationForm(
        {"kind": "call_made", "channel": "phone", "direction": "outgoing", "at": _tomorrow()}
    )
    assert form.errors["at"] == ["The time of the contact is in the future."]
    assert form.errors["summary"] == ["Fill in “What was said or agreed”."]


def test_the_decision_form_asks_for_the_reason_and_the_change_together():
    form = DecisionForm({"chosen_action": "modify"}, recommended="continue")
    assert set(form.errors) == {"reason", "modification_change"}
    assert form.errors["reason"][0].startswith('You chose "')
    assert form.errors["modification_change"][0].startswith("Say what changes in the program")


def test_the_decision_form_takes_the_recommendation_without_a_reason():
    assert DecisionForm({"chosen_action": "continue"}, recommended="continue").is_valid()
