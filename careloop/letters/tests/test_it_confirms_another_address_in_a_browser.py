"""Sending a letter to an address typed by hand, in a browser (360 and 1280 px): refused
with the address on record named next to the field until the box is ticked; then sent
there over real SMTP and logged. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest

from careloop.letters.services import letter_draft, letter_finalise
from careloop.letters.tests.test_it_sends_letters_in_a_browser import (
    ARTIFACTS,
    _episode,
    _no_sideways_scroll,
    _shot,
    _wait_for_messages,
)
from careloop.testing.browser import DESKTOP, PHONE

pytestmark = pytest.mark.browser

OTHER = "second.opinion@elsewhere.test"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_another_address_needs_the_box_ticked(page_factory, demo, smtp_server, viewport):
    width = viewport["width"]
    episode = _episode("Margaret")
    letter = letter_draft(kind="sbar", author=demo.practitioner, episode=episode)
    letter_finalise(letter=letter, actor=demo.practitioner)
    page = page_factory(demo.practitioner, viewport)
    page.goto(f"/letters/{letter.pk}/")
    send = page.locator("#send")
    send.get_by_role("radio", name="E-mail").check()
    send.get_by_label("To (e-mail address or fax number)").fill(OTHER)
    send.get_by_role("button", name="Send or record").click()
    error = page.locator("#id_to_address_error")
    error.wait_for()
    assert "e.hartley@riverside-ortho.test" in error.inner_text()
    assert page.locator("#id_confirm_other_address_error").is_visible()
    _no_sideways_scroll(page)
    page.locator("#send").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"letters-other-address-refused-{width}.png"
    page.locator("#send").screenshot(path=str(shot))
    assert smtp_server.messages == []

    send = page.locator("#send")
    send.get_by_label("To (e-mail address or fax number)").fill(OTHER)
    send.get_by_label("Send to the address I typed, not the one on record").check()
    send.get_by_role("button", name="Send or record").click()
    page.locator(".message-success", has_text=f"Sent by e-mail to {OTHER}").wait_for()
    assert _wait_for_messages(smtp_server, 1)["To"] == OTHER
    _shot(page, f"other-address-sent-{width}")
