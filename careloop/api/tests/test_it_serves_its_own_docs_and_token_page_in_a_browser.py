"""The interactive API reference runs under CareLoop's Content-Security-Policy with scripts
and styles served by CareLoop itself (nothing from another origin); an owner creates a
token (shown once), sees it listed with its last use, and revokes it."""

from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from careloop.api.models import ApiToken
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
# Generous: CI shares two cores between the browser, the live server and the database.
WAIT_MS = 30_000

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_docs_page_runs_under_the_csp_from_our_own_files(page_factory, live_server, viewport):
    page = page_factory(None, viewport)
    page.add_init_script(LISTEN)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security" in m.text else None)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    # Swagger UI fetches the schema once its bundle ran: wait for that answer, then for
    # the operations it draws (a slow CI machine takes seconds to parse the bundle).
    with page.expect_response(lambda r: r.url.endswith("/api/v1/openapi.json")) as schema:
        response = page.goto("/api/v1/docs")
    assert schema.value.status == 200
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    operation = page.get_by_text("/api/v1/clients/{client_id}/pain-reports").first
    expect(operation).to_be_visible(timeout=WAIT_MS)
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"api-docs-{viewport['width']}.png", full_page=False)
    assert [u for u in requested if not u.startswith(live_server.url)] == []
    assert list(page.evaluate("window.__csp")) + console == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_owner_creates_a_token_sees_it_once_and_revokes_it(
    page_factory, personas, live_server, viewport
):
    page = page_factory(personas.alice, viewport)
    page.goto("/practice/api-tokens/")
    page.get_by_label("Name").fill("Booking system")
    page.get_by_label("Read and write").check()
    page.get_by_role("button", name="Create token").click()
    secret_box = page.locator("#api-secret")
    secret_box.wait_for()
    secret = secret_box.inner_text().strip()
    assert secret.startswith("cl_")
    assert not scrolls_sideways(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"api-tokens-{viewport['width']}.png", full_page=True)
    # The secret works, and is never shown again.
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/clients").status_code == 200
    page.goto("/practice/api-tokens/")
    expect(page.get_by_text("Booking system", exact=True)).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text("last used")).to_be_visible(timeout=WAIT_MS)
    assert secret not in page.content()
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("no longer works")).to_be_visible(timeout=WAIT_MS)
    assert ApiToken.objects.get().revoked_at is not None
    assert api.get("/api/v1/clients").status_code == 401
