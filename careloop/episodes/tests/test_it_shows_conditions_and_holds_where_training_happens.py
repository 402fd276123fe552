"""Issue 11, items 3 and 4: the clearance's conditions and the referral's precautions are on
the session form; a clearance on conditions offers the program version it implies; the
program page says the program is on hold."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from careloop.clients.models import Referral
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import Hold
from careloop.episodes.services import decision_record, pain_report_create
from careloop.episodes.testing import knee_call
from careloop.training.services import program_update

pytestmark = pytest.mark.django_db

CONDITIONS = "Previous loads (leg press 25 kg); no forward step-downs"


def _on_hold(knee_client, personas):
    record = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    ).triage_record
    decision_record(
        triage_record=record, decided_by=personas.alice, chosen_action="hold_and_contact"
    )
    return Hold.objects.get(client=knee_client)


def test_the_program_page_says_the_program_is_on_hold(
    personas, alice_client, knee_client, yesterday_session
):
    url = reverse("program_detail", kwargs={"client_id": knee_client.pk})
    assert "Program on hold" not in alice_client.get(url).content.decode()
    hold = _on_hold(knee_client, personas)
    html = alice_client.get(url).content.decode()
    assert "Program on hold" in html and "Dr Priya Natarajan" in html
    assert reverse("clearance_create", args=[hold.pk]) in html


def test_a_clearance_on_conditions_offers_the_program_version_and_the_session_form_shows_them(
    personas, alice_client, knee_client, yesterday_session
):
    Referral.objects.filter(client=knee_client).update(
        precautions="No kneeling", contraindications="No impact loading"
    )
    hold = _on_hold(knee_client, personas)
    response = alice_client.post(
        reverse("clearance_create", args=[hold.pk]),
        {
            "cleared_by_name": "Dr Priya Natarajan",
            "cleared_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "phone",
            "conditions": CONDITIONS,
        },
    )
    edit_url = reverse("program_edit", kwargs={"client_id": knee_client.pk})
    assert response.status_code == 302 and response.url == edit_url + "?after_clearance=1"
    editor = alice_client.get(response.url)
    assert editor.context["form"].initial["reason"].endswith(CONDITIONS)
    assert CONDITIONS in editor.content.decode()

    session_form = reverse("session_create", kwargs={"client_id": knee_client.pk})
    html = alice_client.get(session_form).content.decode()
    assert "Conditions from the clinician's clearance" in html and CONDITIONS in html
    assert "No kneeling" in html and "No impact loading" in html
    assert "written before these conditions" in html  # leg press still at 40 kg
    program_html = alice_client.get(
        reverse("program_detail", kwargs={"client_id": knee_client.pk})
    ).content.decode()
    assert "Update the program to match" in program_html

    program = knee_client.program
    items = [
        {"exercise": item.exercise, "sets": 3, "reps": 10, "load": 25}
        for item in program.versions.get().items.filter(exercise__name="Leg press")
    ]
    program_update(
        program=program,
        actor=personas.alice,
        items=items,
        reason="Clearance conditions",
        based_on_version=program.version,
    )
    html = alice_client.get(session_form).content.decode()
    assert CONDITIONS in html and "written before these conditions" not in html


def test_a_clearance_without_conditions_goes_back_to_the_episode(
    personas, alice_client, knee_client, yesterday_session
):
    hold = _on_hold(knee_client, personas)
    response = alice_client.post(
        reverse("clearance_create", args=[hold.pk]),
        {
            "cleared_by_name": "Dr Priya Natarajan",
            "cleared_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "phone",
        },
    )
    assert response.url == reverse("episode_detail", args=[hold.episode_id])
