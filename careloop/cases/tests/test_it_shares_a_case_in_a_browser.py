"""From an episode to a posted case, in a browser at 360 and 1280 px: the author records
the client's consent, reads the case with its removals highlighted, types a name into a
sentence (removed again and shown), confirms and posts; the thread opens with the case
header. Screenshots go to test-artifacts/cases-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from careloop.cases.testing import episode_to_share
from careloop.network.testing import make_member
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"cases-{name}.png"), full_page=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_from_an_episode_to_a_posted_case(page_factory, personas, viewport):
    width = viewport["width"]
    episode = episode_to_share(personas)
    make_member(personas.alice, handle="alice")
    page = page_factory(personas.alice, viewport)

    page.goto(f"/episodes/{episode.pk}/")
    page.get_by_role("link", name="Share to the network").click()
    page.wait_for_url(f"**/cases/episodes/{episode.pk}/share/")
    expect(page.get_by_role("heading", name="Consent needed")).to_be_visible()
    expect(page.get_by_role("button", name="Post to the network")).to_be_disabled()
    page.get_by_label("Consent to de-identified case sharing given on").fill("2026-01-10")
    page.get_by_role("button", name="Record consent").click()
    expect(page.get_by_text("Consent to de-identified case sharing recorded.")).to_be_visible()
    expect(page.get_by_role("heading", name="Consent needed")).to_have_count(0)
    expect(page.locator("mark.case-removed").first).to_be_visible()
    assert "Castellano" not in page.locator("form.case-share-form").inner_text()
    assert not scrolls_sideways(page)
    _shot(page, f"preview-{width}")

    statement = page.get_by_label("Edit: reports.0.client_statement, sentence 1")
    statement.fill("Desmond drove her in from Nottingham.")
    page.get_by_role("button", name="Check my changes").click()
    expect(page.locator("#case-note")).to_contain_text("2 more identifiers removed")
    expect(statement).to_have_value("[CONTACT] drove her in from [PLACE].")
    assert not scrolls_sideways(page)
    _shot(page, f"edited-{width}")

    page.get_by_label("Title").fill("Knee pain the day after step-ups")
    page.get_by_label("I have read the case: nothing in it identifies the client.").check()
    page.get_by_role("button", name="Post to the network").click()
    page.wait_for_url("**/network/t/*/")
    expect(page.get_by_role("heading", name="The case")).to_be_visible()
    expect(page.locator("svg.case-chart")).to_be_visible()
    expect(page.get_by_role("link", name="the episode this case came from")).to_be_visible()
    expect(page.get_by_text("[CONTACT] drove her in from [PLACE].")).to_be_visible()
    assert "Castellano" not in page.content()
    assert not scrolls_sideways(page)
    _shot(page, f"thread-{width}")
