"""Playwright driving Debian's chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil

from playwright.sync_api import Error as PlaywrightError

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")

# Without these, chromium tries to reach Google's services and the closed network here
# refuses each connection; they also keep runs repeatable.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def chromium_path() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit
    for candidate in CHROMIUM_CANDIDATES:
        if shutil.which(candidate):
            return candidate
    return None


_WIDER_THAN_VIEWPORT = "document.documentElement.scrollWidth > window.innerWidth + 1"


def scrolls_sideways(page) -> bool:
    """True when the page is wider than its viewport.

    Waits for the page to settle first, and measures again if a navigation still under way
    (the last hop of a redirect chain, a form posting back) replaces the document while the
    width is read: reading from a destroyed document is not an answer about layout.
    """
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return bool(page.evaluate(_WIDER_THAN_VIEWPORT))
        except PlaywrightError as error:
            if "Execution context was destroyed" not in str(error) or attempt == 2:
                raise
    raise AssertionError("unreachable")
