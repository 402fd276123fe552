"""Issue 11, daily use, at phone width: a session sent with a start in the future, a
duration of 0 and no pain rating comes back once with all three errors: the summary at the
top lists them as whole sentences, each message sits next to its field, and nothing is
saved. (A future start used to be reported only once the other two were fixed.)"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from careloop.testing.browser import PHONE, scrolls_sideways
from careloop.training.models import Session
from careloop.training.testing import make_client

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

FUTURE = "A session cannot be in the future."
DURATION = "Enter at least 1 for “Duration”."
PAIN = "Ask the client: pain before the session, 0 to 10."


def test_a_refused_session_shows_all_its_errors_at_once_on_a_phone(personas, page_factory):
    client = make_client(personas.practice, "Margaret", "Ellis")
    page = page_factory(personas.alice, PHONE)
    page.goto(f"/clients/{client.pk}/sessions/new/")
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    page.get_by_label("Started at").fill(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Duration (minutes)").fill("0")
    page.get_by_role("button", name="Save session").click()

    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    expect(summary).to_contain_text("Nothing was saved: 3 things to correct")
    for message in (FUTURE, DURATION, PAIN):
        expect(summary).to_contain_text(message)
    # Each message also sits right under its own field.
    expect(page.locator("#id_started_at_error")).to_have_text(FUTURE)
    expect(page.locator("#id_duration_minutes_error")).to_have_text(DURATION)
    expect(page.locator("#id_pain_before_error")).to_have_text(PAIN)
    # Every message in the summary is a whole sentence.
    for item in summary.locator("li").all_inner_texts():
        assert re.match(r"^[A-Z“].*\.$", item.strip()), item
    # forms.js lands on the first field in error (the pain scale at the top of the form).
    expect(page.locator("#id_pain_before_0")).to_be_focused()
    assert not scrolls_sideways(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "every-error-at-once-summary-360.png"))
    page.locator("#id_started_at").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "every-error-at-once-fields-360.png"))
    assert not Session.objects.filter(client=client).exists()
