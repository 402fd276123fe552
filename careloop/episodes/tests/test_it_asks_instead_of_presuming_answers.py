"""Issue 11, item 9: nothing is answered for the practitioner. A new pain report pre-selects
no trend, swelling or daily-activity answer; resolving an episode pre-selects no outcome,
warns about the check-ins still planned and records them as cancelled, not done."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import FollowUp, PainReport
from careloop.episodes.services import decision_record, pain_report_create
from careloop.episodes.testing import knee_call
from careloop.record.build import episode_document

pytestmark = pytest.mark.django_db


def test_a_new_pain_report_pre_selects_no_answer_and_asks_for_each(
    alice_client, knee_client, yesterday_session
):
    url = reverse("pain_report_create", args=[knee_client.pk])
    html = alice_client.get(url).content.decode()
    for name in ("trend", "swelling", "adl_limitation"):
        assert f'name="{name}" value="' in html
        assert not [
            line for line in html.split("<input") if f'name="{name}"' in line and "checked" in line
        ], name
    response = alice_client.post(
        url,
        {
            "pain_now": "3",
            "region": "knee_right",
            "session": str(yesterday_session.pk),
            "reported_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "source": "client_call",
        },
    )
    html = response.content.decode()
    assert "Ask the client whether it is better, the same or worse" in html
    assert "Ask the client about swelling" in html
    assert "Ask the client how it limits their daily activities" in html
    assert "Nothing was saved: 3 things to correct" in html
    assert not PainReport.objects.exists()


def test_resolving_with_a_pending_check_in_asks_for_the_outcome_and_cancels_it(
    personas, alice_client, knee_client, yesterday_session
):
    report = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(pain_now=4)),
    )
    decision_record(
        triage_record=report.triage_record,
        decided_by=personas.alice,
        chosen_action="modify",
        modification_change="Leg press 40 kg to 25 kg",
    )
    check_in = FollowUp.objects.get(kind="check_in")
    url = reverse("episode_detail", args=[report.episode_id])
    html = alice_client.get(url).content.decode()
    assert '<option value="" selected>Choose how the episode ended</option>' in html
    assert "1 follow-up still planned" in html and "recorded as cancelled, not done" in html

    resolve = reverse("episode_resolve", args=[report.episode_id])
    refused = alice_client.post(resolve, {"outcome": ""})
    assert refused.status_code == 400
    assert "Choose how the episode ended." in refused.content.decode()
    assert alice_client.post(resolve, {"outcome": "back_to_baseline"}).status_code == 302
    check_in.refresh_from_db()
    assert check_in.cancelled and check_in.completed_at is not None and check_in.result is None
    html = alice_client.get(url).content.decode()
    assert "Follow-up cancelled: check in with the client" in html
    assert "Follow-up done" not in html
    doc = episode_document(report.episode, author=personas.alice)
    assert [u.status for u in doc.follow_ups if u.kind == "check_in"] == ["cancelled"]


def test_an_urgent_call_is_triaged_without_waiting_for_the_other_answers(
    alice_client, knee_client, yesterday_session
):
    """With a warning sign ticked the recommendation is not held up: the unanswered questions
    are recorded as not asked (the engine reads their neutral value), never as answers."""
    response = alice_client.post(
        reverse("pain_report_create", args=[knee_client.pk]),
        {
            "pain_now": "6",
            "region": "chest",
            "red_flags": ["chest_pain_or_pressure"],
            "swelling": "mild",
            "session": str(yesterday_session.pk),
            "reported_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "source": "client_call",
        },
    )
    assert response.status_code == 302
    report = PainReport.objects.get()
    assert report.not_asked == ["adl_limitation", "trend"]
    assert report.swelling == "mild"  # asked and answered
    assert report.triage_record.action == "emergency"
    html = alice_client.get(response.url).content.decode()
    assert "Not asked" in html and "daily activities, trend" in html
