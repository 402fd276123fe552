"""At phone and desktop width: an emergency's headline names its care setting, and a
practitioner records the referrer's MRN and another
procedure on the referral, a medicine on the client, and vital signs with a pain report and
with a session; a slip ("1200" for a heart rate) is refused next to its field."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from careloop.episodes.inputs import PainReportInput
from careloop.episodes.services import pain_report_create
from careloop.episodes.testing import ARTIFACTS, held_report, knee_call, make_client
from careloop.testing.axe import serious_violations
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways

pytestmark = pytest.mark.browser


def _shot(page, name: str, label: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"daily-{name}-{label}.png"), full_page=True)


def _check(page) -> None:
    assert not scrolls_sideways(page)
    assert not serious_violations(page)


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "360"), (DESKTOP, "1280")])
def test_it_records_mrn_procedures_and_medicines_on_the_client(
    personas, page_factory, viewport, label
):
    report = held_report(personas)
    client = report.client
    page = page_factory(personas.alice, viewport)
    page.goto(f"/clients/{client.pk}/")

    page.get_by_role("link", name="Record a medicine").click()
    page.wait_for_url(re.compile(r"/medications/new/$"))
    page.get_by_role("button", name="Record medicine").click()
    # The error is next to its field (each field's error has the field's id).
    expect(page.locator("#id_name_error")).to_have_text("Fill in “Medicine”.")
    _check(page)
    _shot(page, "medication-error", label)
    page.get_by_label("Medicine").fill("Apixaban")
    page.get_by_label("Dose").fill("2.5 mg twice daily")
    page.get_by_label("Listed in the referral").check()
    page.get_by_role("button", name="Record medicine").click()
    page.wait_for_url(re.compile(rf"/clients/{client.pk}/"))
    expect(page.locator("#medications")).to_contain_text("Apixaban, 2.5 mg twice daily")

    page.locator("#referral").get_by_role("link", name="Correct").click()
    page.wait_for_url(re.compile(r"/referrals/\d+/edit/$"))
    page.get_by_label("Referrer's number for the client", exact=True).fill("0012345")
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.locator("#id_referral-client_identifier_system_error")).to_have_text(
        'Say what kind of number the client identifier is, e.g. "MRN".'
    )
    _shot(page, "referral-identifier-error", label)
    page.get_by_label("Referrer's number for the client: kind").fill("MRN")
    page.get_by_role("button", name=re.compile("Save")).click()
    page.wait_for_url(re.compile(rf"/clients/{client.pk}/"))
    expect(page.locator("#referral")).to_contain_text("0012345")

    page.get_by_role("link", name="Add a surgery or procedure").click()
    page.wait_for_url(re.compile(r"/procedures/new/$"))
    page.get_by_label("Surgery or procedure").fill("Arthroscopic meniscectomy")
    page.get_by_label("Region").select_option("knee_right")
    page.get_by_label("Date").fill("2019-04-02")
    _check(page)
    _shot(page, "procedure-form", label)
    page.get_by_role("button", name="Add to the referral").click()
    page.wait_for_url(re.compile(rf"/clients/{client.pk}/"))
    referral = page.locator("#referral")
    expect(referral).to_contain_text("Arthroscopic meniscectomy, right knee, 2 Apr 2019")
    expect(referral.get_by_role("link", name="Add another surgery or procedure")).to_be_visible()
    _check(page)
    _shot(page, "client-history", label)


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "360"), (DESKTOP, "1280")])
def test_it_records_vitals_with_a_report_and_a_session(personas, page_factory, viewport, label):
    report = held_report(personas)
    page = page_factory(personas.alice, viewport)
    page.goto(f"/episodes/{report.episode_id}/")
    page.locator("#vitals").get_by_role("link", name=re.compile("^Record vital signs")).click()
    page.wait_for_url(re.compile(r"/vitals/new/$"))
    page.get_by_label("Heart rate").fill("1200")
    page.get_by_label("Blood pressure: systolic").fill("150")
    page.get_by_role("button", name="Record vital signs").click()
    expect(page.locator("#id_heart_rate_error")).to_have_text(
        "A heart rate of 1200/min is outside the plausible range (20 to 250/min): check the number."
    )
    expect(page.locator("#id_diastolic_error")).to_have_text(
        "Give both blood pressure numbers (systolic and diastolic), or neither."
    )
    _check(page)
    _shot(page, "vitals-error", label)
    page.get_by_label("Heart rate").fill("112")
    page.get_by_label("Blood pressure: diastolic").fill("90")
    page.get_by_label("SpO2").fill("94")
    page.get_by_label("Circumstances").fill("at rest, seated")
    page.get_by_role("button", name="Record vital signs").click()
    page.wait_for_url(re.compile(rf"/episodes/{report.episode_id}/"))
    expect(page.locator(".timeline")).to_contain_text(
        "Heart rate 112/min · Blood pressure 150/90 mmHg · SpO2 94%"
    )
    _check(page)
    _shot(page, "episode-vitals", label)

    page.goto(f"/clients/{report.client_id}/sessions/{report.session_id}/")
    page.locator("#vitals").get_by_role("link", name="Record vital signs").click()
    page.wait_for_url(re.compile(r"/vitals/new/$"))
    page.get_by_label("SpO2").fill("97")
    page.get_by_role("button", name="Record vital signs").click()
    page.wait_for_url(re.compile(rf"/sessions/{report.session_id}/"))
    expect(page.locator("#vitals")).to_contain_text("SpO2 97%")
    _check(page)
    _shot(page, "session-vitals", label)


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "360"), (DESKTOP, "1280")])
def test_the_emergency_headline_names_the_care_setting(personas, page_factory, viewport, label):
    client = make_client(personas.practice, practitioner=personas.alice, first_name="Esme")
    report = pain_report_create(
        client=client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(pain_now=3, red_flags=["chest_pain_or_pressure"])),
    )
    page = page_factory(personas.alice, viewport)
    page.goto(f"/triage/{report.triage_record.pk}/")
    expect(page.locator("#rec-h")).to_have_text("Emergency: call emergency services")
    expect(page.get_by_role("radio", name="Emergency: call emergency services")).to_be_checked()
    expect(page.get_by_text("Send for urgent care")).to_have_count(0)
    _check(page)
    _shot(page, "emergency-recommendation", label)
