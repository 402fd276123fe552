"""At phone and desktop width: a 45-second hold reads "0:45 min" on the program and on the
session page, as in the letters."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from careloop.letters.testing import ARTIFACTS
from careloop.letters.tests.test_it_reads_durations_the_same_everywhere import _held_45_seconds
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "360"), (DESKTOP, "1280")])
def test_the_program_and_session_pages_read_0_45_min(personas, page_factory, viewport, label):
    client, session = _held_45_seconds(personas)
    page = page_factory(personas.alice, viewport)
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"/clients/{client.pk}/program/")
    expect(page.get_by_text("0:45 min").first).to_be_visible()
    expect(page.get_by_text("0.75 min")).to_have_count(0)
    assert not scrolls_sideways(page)
    page.screenshot(path=str(ARTIFACTS / f"daily-program-duration-{label}.png"), full_page=True)
    page.goto(f"/clients/{client.pk}/sessions/{session.pk}/")
    expect(page.get_by_role("table")).to_contain_text("0:45 min")
    assert not scrolls_sideways(page)
    page.screenshot(path=str(ARTIFACTS / f"daily-session-duration-{label}.png"), full_page=True)
