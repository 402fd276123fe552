"""Fixtures shared by every test: personas, signed-in clients, browser, SMTP server."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test import Client
from django.test.testcases import LiveServerThread
from playwright.sync_api import sync_playwright

from careloop.audit import triggers as audit_triggers
from careloop.letters import triggers as letter_triggers
from careloop.mfa.testing import finish_second_factor, force_sign_in
from careloop.testing.browser import CHROMIUM_ARGS, DESKTOP, chromium_path
from careloop.testing.personas import PASSWORD, make_personas
from careloop.testing.smtp import SmtpServer

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# test itself are still plain synchronous code, so Django's guard would be a false alarm.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config: pytest.Config) -> None:
    # Tests do not run collectstatic; serve static files straight from the app folders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # WhiteNoise serves from the app folders too, and wants its (empty) root to exist.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    _serve_live_tests_one_request_at_a_time()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tasks run as they are enqueued (after the commit), so a test sees the e-mail at the
    # SMTP fixture as soon as the change is committed; careloop/outbox/tests run the real
    # worker against the database backend.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Every kept page part is built again when reused and must be the same: any change a
    # test makes without an audit event fails the page that would have shown it stale.
    settings.PAGE_PARTS_VERIFY = True
    # The API's bulk exports write files: into a folder of this run, not the repository's var/.
    settings.FHIR_EXPORT_DIR = Path(tempfile.mkdtemp(prefix="careloop-fhir-exports-"))


def _serve_live_tests_one_request_at_a_time() -> None:
    """Browser tests talk to Django's live server, which is threaded by default. With the
    in-memory SQLite test database every thread shares one connection, so two requests at
    once (a page and its htmx charts) would interleave their transactions. Production runs
    gunicorn's sync workers, one request per process at a time; so does this server."""

    class SingleThreadedWSGIServer(WSGIServer):
        def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
            # LiveServerThread.run() already installs the overridden connections.
            super().__init__(*args, **kwargs)

        def process_request(self, request: Any, client_address: Any) -> None:
            _LIVE_REQUESTS.begin()
            try:
                super().process_request(request, client_address)
            finally:
                _LIVE_REQUESTS.end()

    LiveServerThread.server_class = SingleThreadedWSGIServer


class _InFlight:
    """Requests the live server is handling. A page closed mid-request (an htmx chart still
    loading) leaves its request running in the server thread; the test's database flush
    must wait for it, or on PostgreSQL the TRUNCATE and the request deadlock."""

    def __init__(self) -> None:
        self._count = 0
        self._changed = threading.Condition()

    def begin(self) -> None:
        with self._changed:
            self._count += 1
            self._changed.notify_all()

    def end(self) -> None:
        with self._changed:
            self._count -= 1
            self._changed.notify_all()

    def wait_until_quiet(self, quiet: float = 0.7, timeout: float = 15.0) -> None:
        # Quiet for longer than the server's 0.5 s poll, so a request already sent by a
        # closed page but not yet accepted is handled before the flush too.
        deadline = time.monotonic() + timeout
        with self._changed:
            while time.monotonic() < deadline:
                if self._count == 0 and not self._changed.wait(quiet):
                    return
                if self._count:
                    self._changed.wait(0.1)


_LIVE_REQUESTS = _InFlight()


@pytest.fixture(autouse=True)
def _no_kept_parts_from_another_test() -> Iterator[None]:
    """Each test starts with no kept page parts: ids and audit chains start again in each
    test's database, so one test's part could otherwise match another's key."""
    caches["parts"].clear()
    yield


@pytest.fixture(autouse=True)
def _audit_triggers(request: pytest.FixtureRequest) -> Iterator[None]:
    """Keep the append-only audit trigger in place for every database test.

    Transactional tests end with a flush, which SQLite runs as DELETE: the trigger is lifted
    just for that flush, and the next database test puts it back.
    """
    names = set(request.fixturenames)
    transactional = bool({"transactional_db", "live_server"} & names)
    if not transactional and "db" not in names:
        yield
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    audit_triggers.create_triggers(connection)
    yield
    if transactional:
        audit_triggers.drop_triggers(connection)


@pytest.fixture(autouse=True)
def _letter_triggers(request: pytest.FixtureRequest) -> Iterator[None]:
    """Keep the triggers that keep final letters in place for every database test (lifted
    for a transactional test's flush, as the audit trigger is)."""
    names = set(request.fixturenames)
    transactional = bool({"transactional_db", "live_server"} & names)
    if not transactional and "db" not in names:
        yield
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    letter_triggers.create_triggers(connection)
    yield
    if transactional:
        letter_triggers.drop_triggers(connection)


@pytest.fixture
def personas(db: Any) -> Any:
    return make_personas()


@pytest.fixture
def alice(personas: Any) -> Any:
    return personas.alice


@pytest.fixture
def bob(personas: Any) -> Any:
    return personas.bob


@pytest.fixture
def charlie(personas: Any) -> Any:
    return personas.charlie


def _signed_in(client: Any, user: Any) -> Any:
    return force_sign_in(client, user)


@pytest.fixture
def alice_client(personas: Any, client: Any) -> Any:
    return _signed_in(client, personas.alice)


@pytest.fixture
def bob_client(personas: Any) -> Any:
    return _signed_in(Client(), personas.bob)


@pytest.fixture
def charlie_client(personas: Any) -> Any:
    return _signed_in(Client(), personas.charlie)


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Any]:
    server = SmtpServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        if os.environ.get("CARELOOP_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is required (CARELOOP_REQUIRE_BROWSER=1) but not installed")
        pytest.skip("chromium is not installed (apt-get install chromium)")

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page_factory(browser: Any, live_server: Any) -> Iterator[Any]:
    """New pages at a given viewport, signed in as a given user when asked."""
    contexts: list[Any] = []

    def make(user: Any = None, viewport: dict[str, int] | None = None) -> Any:
        context = browser.new_context(viewport=viewport or DESKTOP, base_url=live_server.url)
        # Generous: CI shares two cores with PostgreSQL and the live server.
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            page.goto("/login/")
            page.get_by_label("E-mail").fill(user.email)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            finish_second_factor(page, user)
            page.wait_for_url(f"{live_server.url}/")
        return page

    yield make
    for context in contexts:
        context.close()
    _LIVE_REQUESTS.wait_until_quiet()
