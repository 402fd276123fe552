"""Helpers for outbox tests: an SMTP server that can stop mid-conversation, and a throwaway
CareLoop (its own SQLite file) that real worker processes share with the test."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from careloop.testing.smtp import SmtpServer, _Handler

CARELOOP = str(Path(sys.executable).with_name("careloop"))


class HoldingHandler(_Handler):
    """Keeps what it receives, like the fixture's, but can hold the ``hold_on``-th message
    at ``hold_at`` ("rcpt": before the message is sent; "data": after the server has read
    all of it, before it answers) until ``release`` is set."""

    def __init__(self, *, hold_on: int, hold_at: str) -> None:
        super().__init__()
        self.hold_on = hold_on
        self.hold_at = hold_at
        self.seen = {"rcpt": 0, "data": 0}
        self.held = threading.Event()
        self.release = threading.Event()

    async def _maybe_hold(self, step: str) -> None:
        self.seen[step] += 1
        if step == self.hold_at and self.seen[step] == self.hold_on:
            self.held.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        await self._maybe_hold("rcpt")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await super().handle_DATA(server, session, envelope)  # the server has the message
        await self._maybe_hold("data")
        return "250 Message accepted for delivery"


def holding_smtp_server(*, hold_on: int, hold_at: str) -> SmtpServer:
    server = SmtpServer()
    handler = HoldingHandler(hold_on=hold_on, hold_at=hold_at)
    server.handler = handler
    server.controller.handler = handler
    return server.start()


class Site:
    """A CareLoop on its own SQLite file, driven through its command line."""

    def __init__(self, root: Path, *, smtp_port: int) -> None:
        self.db = root / "careloop.sqlite3"
        self.env = {
            **os.environ,
            "CARELOOP_LOCAL": "1",
            "CARELOOP_VAR_DIR": str(root / "var"),
            "DATABASE_URL": f"sqlite:///{self.db}",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "CARELOOP_OUTBOX_LEASE_SECONDS": "3",
            "CARELOOP_JOB_OUTBOX_SWEEP": "1",
            "CARELOOP_JOB_REMINDERS": "0",
            "CARELOOP_JOB_CHECKIN_SEND_DUE": "0",
            "CARELOOP_JOB_AUDIT_SEAL": "0",
            "CARELOOP_JOB_AUDIT_SEAL_EMAIL": "0",
            "CARELOOP_JOB_NETWORK_DIGEST": "0",
        }
        self.env.pop("DJANGO_SETTINGS_MODULE", None)

    def run(self, *args: str) -> None:
        subprocess.run([CARELOOP, *args], env=self.env, check=True, capture_output=True)

    def python(self, code: str) -> None:
        prelude = (
            "import django, os\n"
            "os.environ['DJANGO_SETTINGS_MODULE'] = 'careloop.settings'\n"
            "django.setup()\n"
        )
        subprocess.run(
            [sys.executable, "-c", prelude + code], env=self.env, check=True, capture_output=True
        )

    def worker(self, log: Path) -> subprocess.Popen[bytes]:
        with log.open("ab") as out:
            return subprocess.Popen(
                [CARELOOP, "worker", "--interval", "0.2"],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def emails(self) -> list[tuple[str, str, str]]:
        """(Message-ID, status, error) of every outgoing e-mail, oldest first."""
        with sqlite3.connect(self.db) as db:
            rows = db.execute(
                "SELECT message_id, status, error FROM outbox_outgoingemail ORDER BY id"
            ).fetchall()
        return [(str(a), str(b), str(c)) for a, b, c in rows]

    def wait_until_settled(self, count: int, timeout: float = 60.0) -> list[tuple[str, str, str]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = self.emails()
            if len(rows) == count and all(s in ("sent", "failed") for _, s, _ in rows):
                return rows
            time.sleep(0.2)
        raise AssertionError(f"e-mails not settled in {timeout} s: {self.emails()}")


def _failed_email(p: Any) -> object:
    from django.core.mail import EmailMessage  # noqa: PLC0415 - needs the apps loaded

    from careloop.outbox.models import OutgoingEmail  # noqa: PLC0415
    from careloop.outbox.services import email_queue  # noqa: PLC0415

    email = email_queue(
        message=EmailMessage("Test", "Hello", None, ["someone@example.com"]),
        kind=OutgoingEmail.Kind.OTHER,
        practice=p.practice,
    )
    # As a refused sending leaves it (whatever the test's mail backend did with it).
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status="failed", error="Refused: 550", raw=email.raw, sent_at=None
    )
    return email.pk


OBJECT_MAKERS: dict[str, Any] = {"email_id": _failed_email}
