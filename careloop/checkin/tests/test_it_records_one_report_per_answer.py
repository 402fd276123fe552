"""The client's answers become one triaged pain report with the source "client check-in",
however often the same form is sent; a used one-time link records nothing more."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careloop.checkin.models import CheckinLink, CheckinSubmission
from careloop.checkin.testing import SCENARIOS, answers
from careloop.episodes.models import PainReport

pytestmark = pytest.mark.django_db


def _url(token: str) -> str:
    return reverse("checkin_page", args=[token])


def test_it_opens_without_an_account_and_asks_the_questions(client, link_and_token):
    _link, token = link_and_token
    response = client.get(_url(token))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hello Rosa" in page
    assert "Alice&#x27;s Medical Exercise" in page or "Alice's Medical Exercise" in page
    assert "Lopez" not in page  # the first name only, nothing else of the record
    assert 'value="knee_right" selected' in page  # the referral's region preselected
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    assert "<script" not in page


@pytest.mark.parametrize("screen", sorted(SCENARIOS))
def test_it_triages_the_answers_with_the_same_engine(client, link_and_token, screen):
    link, token = link_and_token
    response = client.post(_url(token), answers(**SCENARIOS[screen]))
    assert response.status_code == 200
    report = PainReport.objects.get(client=link.client)
    assert report.source == "check_in_link"
    assert report.session is not None  # the session it follows
    record = report.triage_record
    expected = {
        "continue": ("continue", ""),
        "modify": ("modify", ""),
        "hold": ("hold_and_contact", ""),
        "emergency": ("emergency", "call_emergency_services"),
        "emergency_department": ("emergency", "emergency_department"),
        "see_a_doctor": ("emergency", "same_day_medical_evaluation"),
    }[screen]
    assert (record.action, record.care_setting) == expected
    heading = {
        "continue": "Keep doing your exercises as planned.",
        "modify": "Until your next session, go easier",
        "hold": "Please pause your exercises",
        "emergency": "Call 911 now",
        "emergency_department": "Go to an emergency department now",
        "see_a_doctor": "See a doctor today",
    }[screen]
    assert heading in response.content.decode()


def test_the_same_form_sent_twice_records_one_report(client, link_and_token):
    link, token = link_and_token
    data = answers(key="same-form-key-0123456789", pain_now="7")
    first = client.post(_url(token), data)
    second = client.post(_url(token), data)
    assert first.status_code == second.status_code == 200
    assert PainReport.objects.filter(client=link.client).count() == 1
    assert CheckinSubmission.objects.filter(link=link).count() == 1
    assert "Please pause your exercises" in second.content.decode()


def test_a_standing_link_takes_a_new_answer_another_day(client, link_and_token):
    link, token = link_and_token
    client.post(_url(token), answers(key="first-answer-key-000000"))
    client.post(_url(token), answers(key="second-answer-key-00000"))
    assert PainReport.objects.filter(client=link.client).count() == 2


def test_a_used_one_time_link_records_nothing_more(client, link_and_token):
    link, token = link_and_token
    CheckinLink.objects.filter(pk=link.pk).update(kind=CheckinLink.Kind.FOLLOW_UP)
    first = answers(key="first-answer-key-000000")
    assert client.post(_url(token), first).status_code == 200
    again = client.post(_url(token), answers(key="another-answer-key-0000"))
    assert again.status_code == 410
    assert "This link no longer works" in again.content.decode()
    assert client.get(_url(token)).status_code == 410
    # ... but a reload of the form that was answered still shows its answer's screen.
    assert client.post(_url(token), first).status_code == 200
    assert PainReport.objects.filter(client=link.client).count() == 1


def test_an_unanswered_warning_sign_is_never_read_as_no(client, link_and_token):
    link, token = link_and_token
    data = answers()
    del data["flag_chest_pain_or_pressure"]
    response = client.post(_url(token), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please answer the questions marked below." in page
    assert 'href="#q-flag_chest_pain_or_pressure"' in page
    assert not PainReport.objects.filter(client=link.client).exists()
