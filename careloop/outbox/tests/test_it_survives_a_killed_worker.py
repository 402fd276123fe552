"""kill -9 a real worker in the middle of sending, start another, and count what a real
SMTP server received: nothing lost, nothing twice (docs/tasks.md, "Idempotency")."""

from __future__ import annotations

import os
import signal
from collections import Counter

from careloop.outbox.testing import Site, holding_smtp_server

QUEUE_THREE = """
from django.core.mail import EmailMessage
from careloop.outbox.services import email_queue
for n in (1, 2, 3):
    email_queue(message=EmailMessage(f"Test {n}", "Hello", None, [f"r{n}@example.com"]),
                kind="other")
"""


def _kill_mid_send_then_restart(tmp_path, *, hold_at):
    smtp = holding_smtp_server(hold_on=2, hold_at=hold_at)
    try:
        site = Site(tmp_path, smtp_port=smtp.port)
        site.run("migrate")
        site.python(QUEUE_THREE)
        log = tmp_path / "worker.log"
        first = site.worker(log)
        try:
            assert smtp.handler.held.wait(60), log.read_text()
        finally:
            os.kill(first.pid, signal.SIGKILL)  # mid-task: the second message is in flight
            first.wait(10)
        smtp.handler.release.set()
        second = site.worker(log)
        try:
            rows = site.wait_until_settled(3)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(20)
        received = Counter(str(m["Message-ID"]) for m in smtp.messages)
        return rows, received
    finally:
        smtp.stop()


def test_it_sends_once_what_a_killed_worker_had_not_handed_over(tmp_path):
    rows, received = _kill_mid_send_then_restart(tmp_path, hold_at="rcpt")
    assert [status for _, status, _ in rows] == ["sent", "sent", "sent"]
    # Every message exactly once: the interrupted one was sent again by the new worker.
    assert received == Counter({message_id: 1 for message_id, _, _ in rows})


def test_it_never_resends_what_the_server_may_have_taken(tmp_path):
    rows, received = _kill_mid_send_then_restart(tmp_path, hold_at="data")
    statuses = [status for _, status, _ in rows]
    assert statuses == ["sent", "failed", "sent"]
    # The server had the second message when the worker died: it is not sent again,
    # and it is failed as "may have arrived", for an owner to check and retry.
    assert "may have arrived" in rows[1][2]
    assert received == Counter({message_id: 1 for message_id, _, _ in rows})
