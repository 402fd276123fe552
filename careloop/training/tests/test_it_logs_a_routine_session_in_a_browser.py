"""At phone width: open the client page, tap Log session, change only pain after, save,
and find the session in the history. Also saves screenshots of the session form and the
client page's training panel at phone and desktop width (test-artifacts/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from careloop.testing.browser import DESKTOP, PHONE
from careloop.training.models import Session, SessionExercise
from careloop.training.testing import make_client, make_program, make_session

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _client_with_history(personas):
    client = make_client(personas.practice, "Margaret", "Ellis")
    make_program(client, personas.alice, loads=(30, 0, 0))
    for days in (9, 7, 5, 2):
        make_session(client, personas.bob, days_ago=days, pain_before=3, from_program=True)
    return client


def test_it_logs_a_routine_session_from_the_program_at_phone_width(personas, page_factory):
    client = _client_with_history(personas)
    page = page_factory(personas.bob, PHONE)
    page.goto(f"/clients/{client.pk}/")
    page.get_by_role("link", name="Log session").first.click()
    page.wait_for_url(re.compile(r"/sessions/new/$"))
    # Exercises come pre-filled from the program; today's pain is always asked afresh.
    pain_before = page.get_by_role("group", name="Pain before (0-10)")
    assert not pain_before.get_by_role("radio", name="3").is_checked()
    assert page.locator('input[name="done-0-load"]').input_value() == "30"
    pain_before.get_by_role("radio", name="3", exact=True).click()
    # Pain after: tap the big "1" tile of its group (the radio button fills the tile).
    page.get_by_role("group", name="Pain after (0-10)").get_by_role(
        "radio", name="1", exact=True
    ).click()
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url(re.compile(r"/sessions/\d+/$"))
    assert page.get_by_text("Session saved.").is_visible()
    session = Session.objects.filter(client=client).order_by("-created_at").first()
    assert (session.pain_before, session.pain_after) == (3, 1)
    assert session.practitioner == personas.bob
    done = SessionExercise.objects.filter(session=session).order_by("order")
    assert [d.exercise.name for d in done] == ["Leg press", "Step-up", "Wall sit"]
    assert done[0].sets == [{"reps": 10, "load": "30"}] * 3
    page.get_by_role("link", name="Margaret Ellis").click()
    history = page.locator("#training .history li").first
    assert "after 1" in history.inner_text()
    assert Session.objects.filter(client=client).count() == 5
    # Let the panel's charts finish loading (each writes a view event): a request still in
    # flight when the test's database is emptied deadlocked that TRUNCATE on PostgreSQL.
    expect(page.locator('#training .chart-slot[aria-busy="false"]')).to_have_count(2)


def test_screenshots_of_the_session_form_and_the_training_panel(personas, page_factory):
    client = _client_with_history(personas)
    ARTIFACTS.mkdir(exist_ok=True)
    for name, viewport in (("360", PHONE), ("1280", DESKTOP)):
        page = page_factory(personas.alice, viewport)
        page.goto(f"/clients/{client.pk}/sessions/new/")
        page.screenshot(path=str(ARTIFACTS / f"session-form-{name}.png"), full_page=True)
        page.goto(f"/clients/{client.pk}/")
        panel = page.locator("#training")
        panel.scroll_into_view_if_needed()
        # The charts load after the page (htmx): wait for both, and for the slots to settle.
        expect(panel.locator(".chart-slot svg")).to_have_count(2)
        expect(panel.locator('.chart-slot[aria-busy="false"]')).to_have_count(2)
        assert panel.get_by_text("Loading chart…").count() == 0
        panel.screenshot(path=str(ARTIFACTS / f"training-panel-{name}.png"))
        # Picking another exercise swaps the load chart in place (htmx).
        select = panel.get_by_label("Exercise")
        if select.locator("option").count() > 1:
            select.select_option(index=1)
            page.wait_for_function(
                "() => document.querySelector('#training [role=img][aria-label*=Step]')"
            )
            expect(panel.locator("svg")).to_have_count(2)
