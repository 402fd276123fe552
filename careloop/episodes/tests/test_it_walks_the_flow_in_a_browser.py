"""The issue's "done when", at phone width: a client calls with 7/10 knee pain the day after
a session; triage says hold and contact, with its reasons; the practitioner accepts; the
program is on hold and logging a session is blocked; a clearance lifts the hold; the
episode is resolved. Screenshots go to test-artifacts/ (phone and desktop)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import Episode, Hold
from careloop.episodes.selectors import active_hold
from careloop.episodes.services import decision_record, pain_report_create
from careloop.episodes.testing import knee_call, make_client, make_session
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways
from careloop.training.models import Program, Session

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"episodes-{name}.png"), full_page=True)


def _no_sideways_scroll(page):
    assert not scrolls_sideways(page)


def test_the_knee_call_flow_at_phone_width(page_factory, personas, live_server):
    client = make_client(personas.practice, practitioner=personas.alice)
    client.phone = "07700 900123"
    client.save()
    make_session(client, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=20))
    page = page_factory(personas.alice, PHONE)

    # The client calls: from the client page, "Report pain".
    page.goto(f"/clients/{client.pk}/")
    page.get_by_role("link", name="Report pain").click()
    page.get_by_role("heading", name="Pain report").wait_for()
    page.locator("#id_pain_now label", has_text="7").first.click()
    assert page.get_by_label("Where").input_value() == "knee_right"  # the referral's knee
    page.get_by_label("Throbbing").check()
    # Nothing is answered for the practitioner: trend, swelling and daily activities are asked.
    page.get_by_label("Unchanged").check()
    page.get_by_label("No swelling").check()
    page.get_by_label("No limitation of daily activities").check()
    page.get_by_label("What the client says, in their words").fill(
        "My knee is killing me since last night."
    )
    page.get_by_label("What you observed").fill("Sounded distressed; speaking in full sentences.")
    _no_sideways_scroll(page)
    _shot(page, "report-form-360")
    page.get_by_role("button", name="Triage this report").click()

    # The recommendation, with its reasons.
    page.get_by_role("heading", name="Hold the program and contact the referral source").wait_for()
    for rule_id in ("H2", "M1", "M3"):
        assert page.locator(".rule .badge", has_text=rule_id).count() == 1
    assert page.get_by_text("Severe pain").first.is_visible()
    _no_sideways_scroll(page)
    _shot(page, "recommendation-360")

    # Accept.
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text("Decision recorded").wait_for()
    assert page.get_by_text("Program on hold").first.is_visible()
    assert page.get_by_text("awaiting clearance from Dr Priya Natarajan").first.is_visible()
    _shot(page, "episode-on-hold-360")

    # The client page shows the hold; logging a session is blocked.
    page.goto(f"/clients/{client.pk}/")
    assert page.get_by_text("Program on hold").first.is_visible()
    page.goto(f"/clients/{client.pk}/sessions/new/")
    page.get_by_text("Sessions are not logged during a hold").wait_for()
    page.get_by_role("button", name="Save session").click()
    page.wait_for_load_state()
    assert Session.objects.filter(client=client).count() == 1

    # The surgeon's office calls back: record the clearance.
    page.goto(f"/clients/{client.pk}/")
    page.get_by_role("link", name="Record clearance").first.click()
    assert page.get_by_label("Cleared by").input_value() == "Dr Priya Natarajan"
    page.get_by_label("Phone").check()
    page.get_by_label("Conditions").fill("Resume, no loaded knee flexion past 90 degrees")
    _shot(page, "clearance-360")
    page.get_by_role("button", name="Record clearance and lift the hold").click()
    page.get_by_text("Clearance recorded: the hold is lifted.").wait_for()
    assert active_hold(client) is None
    assert Program.objects.get(client=client).conditions.startswith("Resume, no loaded knee")
    # A clearance on conditions opens the program editor, the conditions beside the exercises.
    page.get_by_role("heading", name="Edit program").wait_for()
    assert page.get_by_text("Resume, no loaded knee flexion past 90 degrees").first.is_visible()

    # Resolve the episode.
    page.goto(f"/episodes/{Episode.objects.get(client=client).pk}/")
    page.get_by_label("Outcome").select_option("cleared_by_clinician")
    page.get_by_role("button", name="Resolve episode").click()
    page.get_by_text("Episode resolved.").wait_for()
    episode = Episode.objects.get(client=client)
    assert episode.status == "resolved"
    for text in (
        "Pain report (client called)",
        "Decision: Hold the program",
        "Program put on hold",
        "Clearance: hold lifted",
        "Episode resolved",
    ):
        assert page.get_by_text(text).first.is_visible(), text
    _no_sideways_scroll(page)
    _shot(page, "episode-timeline-360")
    assert not Hold.objects.filter(lifted_at__isnull=True).exists()


def test_the_emergency_screen_and_dashboard_at_both_widths(page_factory, personas, live_server):
    maria = make_client(personas.practice, practitioner=personas.alice)
    make_session(maria, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=20))
    record = pain_report_create(
        client=maria,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(pain_now=4, red_flags=["chest_pain_or_pressure"])),
    ).triage_record
    tom = make_client(
        personas.practice, practitioner=personas.alice, first_name="Tom", last_name="Okoro"
    )
    make_session(tom, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=30))
    held = pain_report_create(
        client=tom, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    ).triage_record
    decision_record(triage_record=held, decided_by=personas.alice, chosen_action="hold_and_contact")
    tom.episodes.get().follow_ups.filter(kind="contact_referral_source").update(
        due_at=timezone.now() - dt.timedelta(hours=2)
    )
    for width, viewport in (("360", PHONE), ("1280", DESKTOP)):
        page = page_factory(personas.alice, viewport)
        page.goto(f"/triage/{record.pk}/")
        page.get_by_role("heading", name="Call emergency services", exact=True).wait_for()
        _no_sideways_scroll(page)
        if width == "360":
            page.get_by_role("button", name="Emergency services called").click()
            page.get_by_text("Recorded: Emergency services called").wait_for()
        _shot(page, f"recommendation-emergency-{width}")
        page.goto("/")
        page.get_by_role("heading", name="Dashboard").wait_for()
        assert page.get_by_text("Emergencies in the last 24 hours").is_visible()
        assert page.get_by_text("Overdue follow-ups").is_visible()
        _no_sideways_scroll(page)
        _shot(page, f"dashboard-{width}")
    # "Client called" from the dashboard: pick the client, then the form.
    page.get_by_role("link", name="Client called").click()
    page.get_by_label("Client's name").fill("Okoro")
    page.get_by_role("link", name="Tom Okoro").click()
    page.get_by_role("heading", name="Pain report").wait_for()
    _shot(page, "report-form-1280")


def test_a_modification_from_the_phone_makes_a_new_program_version(
    page_factory, personas, live_server
):
    client = make_client(personas.practice, practitioner=personas.alice)
    make_session(client, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=14))
    record = pain_report_create(
        client=client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(pain_now=4, character=["dull_ache"])),
    ).triage_record
    assert record.action == "modify"
    page = page_factory(personas.alice, PHONE)
    page.goto(f"/triage/{record.pk}/")
    page.get_by_role("heading", name="Modify the program").first.wait_for()
    assert not page.get_by_label("Why you depart from the recommendation").is_visible()
    page.get_by_label("Load (kg)").first.fill("25")
    page.get_by_label("Leave out for now").nth(1).check()
    page.get_by_label("Modify: why").fill("Knee up 2 points the morning after")
    _no_sideways_scroll(page)
    _shot(page, "decision-modify-360")
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text("Decision recorded").wait_for()
    program = Program.objects.get(client=client)
    assert program.version == 2
    assert page.get_by_text("Program modified (version 2)").is_visible()
    # Choosing another action shows the reason field, and it is required.
    page.goto("/practice/triage-thresholds/")
    page.get_by_role("heading", name="Triage thresholds").wait_for()
    _no_sideways_scroll(page)
    _shot(page, "thresholds-360")
