"""Issue 11 ("A day on the gym floor"), clinical-safety items 2 to 9, at phone width (360 px)
with screenshots in test-artifacts/gymfloor-*.png."""

from __future__ import annotations

import re

import pytest

from careloop.episodes.models import FollowUp, PainReport
from careloop.episodes.testing import (
    CONDITIONS,
    cleared_on_conditions,
    knee_client_on_hold,
    modified_with_check_in,
    shot,
    undecided_report,
)
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways
from careloop.training.models import Session, SessionRevision

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page):
    assert not scrolls_sideways(page)


def _top(page, locator) -> float:
    return locator.evaluate("el => el.getBoundingClientRect().top + window.scrollY")


def test_a_session_after_a_clearance_then_a_pain_report_then_a_correction(
    page_factory, personas, live_server
):
    client = cleared_on_conditions(personas)
    page = page_factory(personas.alice, PHONE)
    page.goto(f"/clients/{client.pk}/sessions/new/")
    cautions = page.locator(".cautions")
    # The conditions and precautions are above the exercises they limit.
    assert CONDITIONS in cautions.inner_text() and "No kneeling" in cautions.inner_text()
    assert "written before these conditions" in cautions.inner_text()
    assert _top(page, cautions) < _top(page, page.get_by_role("heading", name="Exercises"))
    assert page.get_by_role("group", name="Pain 2 hours after (0-10)").is_visible()
    _no_sideways_scroll(page)
    shot(page, "session-form-360")

    # Log it with the defaults: it has just ended, so the pain report right after is taken.
    page.get_by_role("group", name="Pain before (0-10)").get_by_role(
        "radio", name="2", exact=True
    ).click()
    page.get_by_role("button", name="Save session").click()
    page.get_by_text("Session saved.").wait_for()
    session = Session.objects.filter(client=client).order_by("-pk").first()
    page.goto(f"/clients/{client.pk}/pain-reports/new/")
    page.locator("#id_pain_now label", has_text="3").first.click()
    page.get_by_label("Unchanged").check()
    page.get_by_label("No swelling").check()
    page.get_by_label("No limitation of daily activities").check()
    page.get_by_role("button", name="Triage this report").click()
    page.wait_for_url(re.compile(r"/triage/\d+/$"))
    assert PainReport.objects.get(session=session).session_id == session.pk

    # The time was wrong after all: correct it, with a reason; the earlier version is kept.
    page.goto(f"/clients/{client.pk}/sessions/{session.pk}/")
    page.get_by_role("link", name="Correct this session").click()
    page.locator("#id_reason_kind").select_option("wrong_value")
    page.get_by_label("Explain").fill("RPE was 6, not blank")
    page.get_by_role("group", name="Effort, RPE (0-10)").get_by_role(
        "radio", name="6", exact=True
    ).click()
    page.get_by_role("button", name="Save the correction").click()
    page.get_by_text("Session corrected; the earlier version is kept.").wait_for()
    assert SessionRevision.objects.get(session=session).changed_fields == ["rpe"]
    assert page.get_by_role("heading", name="Earlier versions").is_visible()
    _no_sideways_scroll(page)
    shot(page, "session-corrected-360")


def test_the_program_page_says_it_is_on_hold(page_factory, personas, live_server):
    client = knee_client_on_hold(personas)
    page = page_factory(personas.alice, PHONE)
    page.goto(f"/clients/{client.pk}/program/")
    banner = page.get_by_text("Program on hold").first
    assert banner.is_visible()
    assert _top(page, banner) < _top(page, page.get_by_role("heading", name="Current program"))
    _no_sideways_scroll(page)
    shot(page, "program-on-hold-360")


def test_what_to_do_now_is_right_under_the_headline_on_a_phone(page_factory, personas, live_server):
    report = undecided_report(personas)
    page = page_factory(personas.alice, PHONE)
    page.goto(f"/triage/{report.triage_record.pk}/")
    headline = page.get_by_role("heading", level=1)
    now = page.get_by_role("heading", name="What to do now")
    why = page.get_by_role("heading", name="Why", exact=True)
    assert _top(page, now) - _top(page, headline) < 300
    assert _top(page, now) < _top(page, why)
    assert page.get_by_role("link", name=re.compile(r"^\+?[0-9 ]+$")).count() <= 1
    shot(page, "recommendation-top-360", full_page=False)


def test_a_refused_decision_lands_on_the_error_with_a_summary(page_factory, personas, live_server):
    report = undecided_report(personas)
    page = page_factory(personas.alice, PHONE)
    page.goto(f"/triage/{report.triage_record.pk}/")
    page.locator("label.choice", has_text="Continue the program").click()
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    assert "Nothing was saved: one thing to correct" in summary.inner_text()
    # Focus is on the field in error, and it is on screen.
    assert page.evaluate("document.activeElement.id") == "id_reason"
    box = page.locator("#id_reason").bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 780
    shot(page, "decision-refused-360", full_page=False)
    # The summary's link brings the field back after scrolling away.
    page.evaluate("window.scrollTo(0, 0)")
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_reason"
    assert (
        not PainReport.objects.get()
        .triage_record.__class__.objects.filter(decision__isnull=False)
        .exists()
    )


def test_tabbing_through_the_pain_report_never_hides_a_field_under_the_bar(
    page_factory, personas, live_server
):
    client = knee_client_on_hold(personas, first_name="Lena")
    page = page_factory(personas.alice, PHONE)
    page.goto(f"/clients/{client.pk}/pain-reports/new/")
    page.get_by_label("Throbbing").focus()
    bar = page.locator(".sticky-actions").bounding_box()
    assert bar is not None
    for _ in range(40):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.name || ''")
        if name in ("swelling", "adl_limitation", "at_rest"):
            box = page.evaluate(
                "(() => { const r = document.activeElement.getBoundingClientRect();"
                " return {top: r.top, bottom: r.bottom}; })()"
            )
            bar_top = page.locator(".sticky-actions").bounding_box()["y"]
            assert box["bottom"] <= bar_top, (name, box, bar_top)
            if name == "swelling":
                shot(page, "report-swelling-focused-360", full_page=False)
        if name == "adl_limitation":
            break
    else:
        pytest.fail("tabbing never reached Daily activities")


def test_the_dashboard_and_resolving_with_a_check_in_planned(page_factory, personas, live_server):
    undecided_report(personas, first_name="Tom")
    report = modified_with_check_in(personas, first_name="Ann")
    for width, viewport in (("360", PHONE), ("1280", DESKTOP)):
        page = page_factory(personas.alice, viewport)
        page.goto("/")
        attention = page.locator(
            "section", has=page.get_by_role("heading", name="Needs attention now")
        )
        assert attention.get_by_text("Needs a decision").is_visible()
        assert attention.get_by_role("link", name="Decide for Tom Lopez").is_visible()
        assert attention.get_by_text("Coming up").is_visible()
        assert attention.get_by_role("link", name="Check in with Ann Lopez").is_visible()
        _no_sideways_scroll(page)
        shot(page, f"dashboard-{width}")
    page = page_factory(personas.alice, PHONE)
    page.goto(f"/episodes/{report.episode_id}/")
    assert page.get_by_label("Outcome").input_value() == ""
    assert page.get_by_text("1 follow-up still planned").is_visible()
    page.get_by_role("button", name="Resolve episode").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == "id_outcome"
    shot(page, "resolve-refused-360", full_page=False)
    page.get_by_label("Outcome").select_option("back_to_baseline")
    page.get_by_role("button", name="Resolve episode").click()
    page.get_by_text("Episode resolved.").wait_for()
    assert FollowUp.objects.get(kind="check_in").cancelled
    assert page.get_by_text("Follow-up cancelled: check in with the client").is_visible()
    shot(page, "episode-resolved-360")
