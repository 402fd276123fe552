"""Issue 11: an emergency names its care setting ("Emergency: call emergency services",
"Emergency: go to an emergency department") wherever a person reads it: the recommendation
headline, the decision choices and message, the episode timeline, the dashboard, the hold,
the command line and the letters. The action ids of the clinical rules do not change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import Hold
from careloop.episodes.services import decision_record, pain_report_create
from careloop.episodes.testing import knee_call, make_client
from careloop.letters import compose, render_text
from careloop.record.build import episode_document
from careloop.triage import ACTION_LABELS, ACTIONS, CARE_SETTING_LABELS, action_label
from careloop.triage.cli import render_result_text

pytestmark = pytest.mark.django_db

FLAGS = {
    "call_emergency_services": "chest_pain_or_pressure",
    "emergency_department": "dark_urine",
}


def test_the_action_ids_are_those_of_the_rules_and_no_label_says_urgent_care():
    assert tuple(ACTIONS) == ("continue", "modify", "hold_and_contact", "emergency")
    assert set(ACTION_LABELS) == set(ACTIONS)
    for setting, label in CARE_SETTING_LABELS.items():
        assert action_label("emergency", setting) == f"Emergency: {label.lower()}"
    assert action_label("emergency", "call_emergency_services") == (
        "Emergency: call emergency services"
    )
    assert action_label("emergency", "emergency_department") == (
        "Emergency: go to an emergency department"
    )
    assert action_label("hold_and_contact", None) == ACTION_LABELS["hold_and_contact"]
    assert all("urgent care" not in label.lower() for label in ACTION_LABELS.values())


def _emergency(personas, setting):
    client = make_client(personas.practice, practitioner=personas.alice, first_name="Esme")
    report = pain_report_create(
        client=client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(pain_now=3, red_flags=[FLAGS[setting]])),
    )
    assert report.triage_record.care_setting == setting
    return report


@pytest.mark.parametrize("setting", sorted(FLAGS))
def test_the_screens_name_the_care_setting(personas, alice_client, setting):
    report = _emergency(personas, setting)
    record = report.triage_record
    headline = action_label("emergency", setting)
    response = alice_client.get(reverse("recommendation", args=[record.pk]))
    page = response.content.decode()
    assert f'<h1 id="rec-h" class="action-headline">{headline}</h1>' in page
    # The decision's emergency option reads the same as the headline.
    choices = dict(response.context["form"].fields["chosen_action"].choices)
    assert choices["emergency"] == headline
    assert "urgent care" not in page.lower()
    assert headline in alice_client.get(reverse("dashboard")).content.decode()
    episode = alice_client.get(reverse("episode_detail", args=[report.episode_id]))
    assert f"Triage: {headline}" in episode.content.decode()
    assert f"({headline.lower()} recommended)" in episode.content.decode()

    response = alice_client.post(
        reverse("decision_create", args=[record.pk]), {"chosen_action": "emergency"}, follow=True
    )
    text = response.content.decode()
    assert f"Decision recorded: {headline}." in text
    episode = alice_client.get(reverse("episode_detail", args=[report.episode_id]))
    assert f"Decision: {headline}" in episode.content.decode()
    assert Hold.objects.get(episode_id=report.episode_id).reason == headline


def test_a_departure_names_the_recommended_care_setting(personas, alice_client):
    report = _emergency(personas, "call_emergency_services")
    response = alice_client.post(
        reverse("decision_create", args=[report.triage_record.pk]),
        {"chosen_action": "hold_and_contact"},
    )
    assert response.context["form"].errors["reason"] == [
        'You chose "Hold the program and contact the referral source" instead of the '
        'recommended "Emergency: call emergency services": say why. The reason is kept in '
        "the record and shown in letters."
    ]


def test_the_command_line_and_the_letters_name_it(personas):
    report = _emergency(personas, "emergency_department")
    record = report.triage_record
    assert render_result_text(record.triage_result).startswith(
        "EMERGENCY: Emergency: go to an emergency department"
    )
    decision_record(triage_record=record, decided_by=personas.alice, chosen_action="emergency")
    doc = episode_document(report.episode, author=personas.alice)
    for kind in ("sbar", "followup"):
        text = " ".join(render_text(compose(doc, kind)).split())
        assert "emergency department" in text
        assert "urgent care" not in text.lower()
