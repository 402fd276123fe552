"""The main pages, and the main forms after a refused submit, at phone and desktop width:
each loads, does not scroll sideways, and is saved to test-artifacts/pages/ to be looked at
(a change to the shared stylesheet or the field template shows on all of them at once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways
from careloop.testing.objects import OBJECT_MAKERS
from careloop.training.testing import make_client, make_program, make_session

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pages"


def _pages(personas) -> dict[str, str]:
    client = make_client(personas.practice, "Margaret", "Ellis")
    make_program(client, personas.alice, loads=(30, 0, 0))
    for days in (9, 7, 5, 2):
        make_session(client, personas.bob, days_ago=days, pain_before=3, from_program=True)
    episode_id = OBJECT_MAKERS["episode_id"](personas)
    triage_id = OBJECT_MAKERS["triage_record_id"](personas)
    letter_id = OBJECT_MAKERS["letter_id"](personas)
    return {
        "dashboard": "/",
        "clients": "/clients/",
        "client": f"/clients/{client.pk}/",
        "client-new": "/clients/new/",
        "program": f"/clients/{client.pk}/program/",
        "program-edit": f"/clients/{client.pk}/program/edit/",
        "session-form": f"/clients/{client.pk}/sessions/new/",
        "pain-report-form": f"/clients/{client.pk}/pain-reports/new/",
        "episodes": "/episodes/",
        "episode": f"/episodes/{episode_id}/",
        "recommendation": f"/triage/{triage_id}/",
        "letter": f"/letters/{letter_id}/",
        "sources": "/referral-sources/",
        "exercises": "/exercises/",
        "practice": "/practice/",
        "two-factor": "/two-factor/",
        "network": "/network/",
    }


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_draws_the_main_pages_without_sideways_scroll(page_factory, personas, viewport):
    pages = _pages(personas)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    width = viewport["width"]
    login = page_factory(None, viewport)
    login.goto("/login/")
    login.screenshot(path=str(ARTIFACTS / f"login-{width}.png"), full_page=True)

    page = page_factory(personas.alice, viewport)
    wide = []
    for name, url in pages.items():
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        if scrolls_sideways(page):
            wide.append(name)
    assert wide == []
