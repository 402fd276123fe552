"""The issue's "done when", in a browser on the demo data: a practitioner produces an SBAR
report from the episode on hold, reviews it, edits a section, finalises it, sends it by
e-mail (a real SMTP server on localhost) and sees it logged; then the same for a
follow-up letter on the modified-program episode. Screenshots at 360 and 1280 px go to
test-artifacts/."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from careloop.episodes.models import Episode
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"letters-{name}.png"), full_page=True)


def _no_sideways_scroll(page):
    assert not scrolls_sideways(page)


def _episode(first_name):
    return Episode.objects.select_related("client").get(client__first_name=first_name)


def _wait_for_messages(smtp_server, count, seconds=15.0):
    deadline = time.monotonic() + seconds
    while len(smtp_server.messages) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(smtp_server.messages) >= count, "the e-mail did not arrive"
    return smtp_server.messages[count - 1]


def _pdf_text(message):
    (attachment,) = list(message.iter_attachments())
    reader = PdfReader(io.BytesIO(attachment.get_content()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def _produce_and_send(page, *, episode, button, section, new_text, width, name):
    page.goto(f"/episodes/{episode.pk}/")
    page.get_by_role("heading", name="Letters to the referral source").wait_for()
    page.get_by_role("button", name=button).click()
    # Review: the preview of the letter.
    page.locator(".lt-paper .cl-letter").wait_for()
    assert page.locator(".banner-info", has_text="Draft.").count() == 1
    _no_sideways_scroll(page)
    _shot(page, f"{name}-draft-{width}")
    # Edit one section as plain text.
    page.locator(f"#edit-{section} summary").click()
    box = page.locator(f"#edit-{section} textarea")
    box.fill(new_text)
    page.locator(f"#edit-{section} button[type=submit]").click()
    page.locator(".message-success", has_text="Section saved.").wait_for()
    assert new_text in page.locator(".lt-paper").inner_text()
    # Finalise.
    page.get_by_role("button", name="Finalise letter").click()
    page.locator(".message-success", has_text="Letter finalised").wait_for()
    assert page.locator(f"#edit-{section}").count() == 0
    # Send by e-mail.
    page.locator("#send").get_by_role("radio", name="E-mail").check()
    _shot(page, f"{name}-final-{width}")
    page.get_by_role("button", name="Send or record").click()
    page.locator(".message-success", has_text="Sent by e-mail").wait_for()
    assert page.locator(".lt-title .badge", has_text="Sent, awaiting answer").count() == 1
    _no_sideways_scroll(page)
    _shot(page, f"{name}-sent-{width}")
    # It is in the communication log.
    page.get_by_role("link", name="Communication log").first.click()
    page.get_by_role("heading", name="Communication log").wait_for()
    entry = page.locator(".lt-entry").first
    assert "Letter sent" in entry.inner_text()
    _no_sideways_scroll(page)
    _shot(page, f"{name}-log-{width}")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_an_sbar_and_a_follow_up_letter_from_the_demo(page_factory, demo, smtp_server, viewport):
    width = viewport["width"]
    page = page_factory(demo.practitioner, viewport)
    hold = _episode("Margaret")
    _produce_and_send(
        page,
        episode=hold,
        button="Draft SBAR report",
        section="situation",
        new_text="Margaret Ellis telephoned us this morning with pain of 7/10 at her right "
        "knee, the day after her session. We have paused her program.",
        width=width,
        name="sbar",
    )
    message = _wait_for_messages(smtp_server, 1)
    assert message["To"] == "e.hartley@riverside-ortho.test"
    text = _pdf_text(message)
    for expected in ("Margaret Ellis", "We have paused her program.", "Client reports", "H2"):
        assert expected in text, expected

    modified = _episode("David")
    _produce_and_send(
        page,
        episode=modified,
        button="Draft follow-up letter",
        section="summary",
        new_text="David's shoulder pain rose two points after a session; we reduced the "
        "loads and he is settling.",
        width=width,
        name="followup",
    )
    message = _wait_for_messages(smtp_server, 2)
    assert message["To"] == "l.chen@staidans.test"
    text = _pdf_text(message)
    assert "David Okonkwo" in text and "he is settling" in text and "Questions for you" in text
