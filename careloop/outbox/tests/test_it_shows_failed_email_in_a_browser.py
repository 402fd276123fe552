"""The owner's e-mail page at phone and desktop width: a failure with its reason, sent
again with one tap, through the real SMTP server."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from careloop.outbox.models import OutgoingEmail
from careloop.outbox.testing import _failed_email
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_owner_sends_a_failed_email_again(
    transactional_db, personas, page_factory, smtp_server, viewport
):
    email_id = _failed_email(personas)
    smtp_server.messages.clear()
    page = page_factory(personas.alice, viewport)
    page.goto("/practice/email/")
    expect(page.get_by_role("heading", name="Not sent")).to_be_visible()
    expect(page.get_by_text("Refused: 550")).to_be_visible()
    assert not scrolls_sideways(page)
    ARTIFACTS.mkdir(exist_ok=True)
    width = viewport["width"]
    page.screenshot(path=str(ARTIFACTS / f"outbox-failed-{width}.png"), full_page=True)
    page.get_by_role("button", name="Send again").click()
    expect(page.get_by_text("Queued again: Test.")).to_be_visible()
    expect(page.get_by_text("Nothing failed.")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"outbox-resent-{width}.png"), full_page=True)
    assert OutgoingEmail.objects.get(pk=email_id).status == "sent"
    assert len(smtp_server.messages) == 1
