"""Under the Content-Security-Policy (no inline script or style, no eval) the main pages
load, run htmx and draw their charts without one violation reported by the browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from careloop.testing.browser import DESKTOP, PHONE
from careloop.testing.objects import OBJECT_MAKERS
from careloop.training.testing import make_client, make_program, make_session

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Runs before any page script (Playwright's init scripts are not subject to the page's
# CSP): collects every violation the browser reports, for this page and its htmx swaps.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} ` +
                    `(${e.sourceFile || location.pathname}:${e.lineNumber})`);
});
"""


def _watched(page):
    seen: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda msg: seen.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return seen


def _violations(page, console: list[str]) -> list[str]:
    return list(page.evaluate("window.__csp || []")) + console


def _pages(personas) -> dict[str, str]:
    client = make_client(personas.practice, "Margaret", "Ellis")
    make_program(client, personas.alice, loads=(30, 0, 0))
    for days in (9, 7, 5, 2):
        make_session(client, personas.bob, days_ago=days, pain_before=3, from_program=True)
    episode_id = OBJECT_MAKERS["episode_id"](personas)
    letter_id = OBJECT_MAKERS["letter_id"](personas)
    return {
        "dashboard": "/",
        "clients": "/clients/",
        "client": f"/clients/{client.pk}/",
        "session-form": f"/clients/{client.pk}/sessions/new/",
        "episodes": "/episodes/",
        "episode": f"/episodes/{episode_id}/",
        "letter": f"/letters/{letter_id}/",
        "sources": "/referral-sources/",
        "exercises": "/exercises/",
        "practice": "/practice/",
    }


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_reports_no_csp_violation_on_the_main_pages(page_factory, personas, viewport):
    pages = _pages(personas)
    anonymous = page_factory(None, viewport)
    console = _watched(anonymous)
    anonymous.goto("/login/")
    anonymous.wait_for_load_state("networkidle")
    assert _violations(anonymous, console) == []

    page = page_factory(personas.alice, viewport)
    console = _watched(page)
    ARTIFACTS.mkdir(exist_ok=True)
    for name, url in pages.items():
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        if name == "client":
            # Charts come in through htmx after the page, and app.js marks the slots done.
            expect(page.locator(".chart-slot svg")).to_have_count(2)
            expect(page.locator('.chart-slot[aria-busy="false"]')).to_have_count(2)
        if name in {"client", "letter"}:
            page.screenshot(
                path=str(ARTIFACTS / f"csp-{name}-{viewport['width']}.png"), full_page=True
            )
        assert _violations(page, console) == [], name


def test_it_would_report_an_inline_script_and_style(page_factory, personas):
    # The listener above is not blind: injected inline code is blocked and reported.
    page = page_factory(personas.alice, DESKTOP)
    console = _watched(page)
    page.goto("/")
    page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.__ran = true";
          document.body.append(s);
          const d = document.createElement("div");
          d.setAttribute("style", "color: red");
          document.body.append(d);
        }"""
    )
    page.wait_for_timeout(200)
    found = " ".join(_violations(page, console))
    assert page.evaluate("window.__ran === undefined")
    assert "script-src" in found and "style-src" in found
