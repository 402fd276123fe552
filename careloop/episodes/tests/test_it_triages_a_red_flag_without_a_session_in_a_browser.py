"""Rules 2026.2 in the browser, at phone width: a new client with no session logged calls
with crushing chest pain and shortness of breath at rest. The report is triaged at once
and the practitioner lands on the emergency screen; nothing asks for a session first."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from careloop.episodes.models import PainReport
from careloop.episodes.testing import make_client
from careloop.testing.browser import PHONE
from careloop.training.models import Session

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def test_a_red_flag_call_from_a_client_with_no_session_reaches_the_emergency_screen(
    page_factory, personas, live_server
):
    client = make_client(personas.practice, practitioner=personas.alice)
    assert not Session.objects.filter(client=client).exists()
    page = page_factory(personas.alice, PHONE)

    page.goto(f"/clients/{client.pk}/")
    page.get_by_role("link", name="Report pain").click()
    page.get_by_role("heading", name="Pain report").wait_for()
    assert page.get_by_text("The report is triaged without one").is_visible()
    # The session list offers only "Not linked to a session", and it is chosen.
    session = page.get_by_label("Session it follows")
    assert session.input_value() == ""
    assert session.locator("option").all_inner_texts() == ["Not linked to a session"]

    page.locator("#id_pain_now label", has_text="6").first.click()
    page.get_by_label("Where").select_option("chest")
    page.get_by_label("Chest pain or pressure").check()
    page.get_by_label("Short of breath at rest").check()
    page.get_by_label("What the client says, in their words").fill(
        "Crushing pain in my chest, I can't catch my breath sitting down."
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "episodes-no-session-report-360.png"), full_page=True)
    page.get_by_role("button", name="Triage this report").click()

    page.get_by_role("heading", name="Call emergency services", exact=True).wait_for()
    expect(page.locator(".emergency .eyebrow")).to_have_text("Emergency")
    assert page.get_by_text("Not linked to a session.").is_visible()
    assert page.locator(".rule .badge", has_text="E1").count() == 1
    finding = page.locator(".rule-finding").first.inner_text()
    assert "not linked to a session" in finding
    assert "after the session" not in finding
    page.screenshot(path=str(ARTIFACTS / "episodes-no-session-emergency-360.png"), full_page=True)

    report = PainReport.objects.get(client=client)
    assert report.session is None
    assert report.triage_record.action == "emergency"
    assert report.triage_record.care_setting == "call_emergency_services"


def test_the_new_breathlessness_question_is_on_the_form_in_plain_words(
    page_factory, personas, live_server
):
    client = make_client(personas.practice, practitioner=personas.alice)
    page = page_factory(personas.alice, PHONE)
    page.goto(f"/clients/{client.pk}/pain-reports/new/")
    box = page.get_by_label("New or unusual breathlessness on light effort (such as stairs)")
    assert box.is_visible()
