"""Handing one stored message to the mail server, with a hook at the point of no return.

An SMTP server takes responsibility for a message when it has read the line "." that ends
it. Until then a dropped connection means the message was not taken; after it, a dropped
connection (or a killed worker) leaves us not knowing. ``smtp_send`` therefore calls
``before_end_of_data`` (which records the moment and commits it) just before it sends
that line, so a worker restarted later can tell "certainly not sent, send it" from "maybe
sent, ask a person" (docs/tasks.md, "Idempotency").
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import re
import smtplib
import ssl
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CRLF = b"\r\n"


class PermanentError(Exception):
    """The server refused the message for good (a 5xx answer): retrying cannot help."""


class TransientError(Exception):
    """Not sent, certainly (a 4xx answer, or no connection before the end of the data)."""


class UncertainError(Exception):
    """The end of the message went out and no answer came back: it may have arrived."""


class StoredEmailMessage(EmailMessage):
    """A stored message as Django's non-SMTP backends (console, in-memory) expect one."""

    def __init__(self, *, raw: bytes, from_address: str, recipients: list[str]) -> None:
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain",))
        super().__init__(
            subject=str(parsed.get("Subject", "")),
            body=body.get_content() if body is not None else "",  # type: ignore[attr-defined]
            from_email=from_address,
            to=recipients,
        )
        self._parsed = parsed

    def message(self, *, policy: Any = None) -> Any:  # type: ignore[override]
        return self._parsed


def _dot_stuffed(raw: bytes) -> bytes:
    data = re.sub(rb"(?m)^\.", b"..", raw.replace(b"\r\n", b"\n").replace(b"\n", CRLF))
    return data if data.endswith(CRLF) else data + CRLF


def _refused(code: int, reply: bytes | str) -> Exception:
    said = reply.decode(errors="replace") if isinstance(reply, bytes) else reply
    text = f"{code} {said}"
    return PermanentError(text) if code >= 500 else TransientError(text)


def smtp_send(
    *,
    from_address: str,
    recipients: list[str],
    raw: bytes,
    before_end_of_data: Callable[[], None],
) -> str:
    """Send ``raw`` to ``recipients`` through the configured SMTP server; return a note of
    recipients the server refused (empty when it took them all)."""
    try:
        if settings.EMAIL_USE_SSL:
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT
            )
        else:
            server = smtplib.SMTP(
                settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT
            )
    except OSError as exc:
        raise TransientError(f"cannot reach the mail server: {type(exc).__name__}: {exc}") from exc
    handed_over = False
    try:
        server.ehlo_or_helo_if_needed()
        if settings.EMAIL_USE_TLS:
            server.starttls(context=ssl.create_default_context())
            server.ehlo()
        if settings.EMAIL_HOST_USER:
            server.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
        code, reply = server.mail(from_address)
        if code != 250:
            raise _refused(code, reply)
        refused: dict[str, str] = {}
        last: tuple[int, bytes] = (0, b"")
        for recipient in recipients:
            code, reply = server.rcpt(recipient)
            if code not in (250, 251):
                refused[recipient] = f"{code} {reply.decode(errors='replace')}"
                last = (code, reply)
        if len(refused) == len(recipients):
            raise _refused(*last)
        code, reply = server.docmd("data")
        if code != 354:
            raise _refused(code, reply)
        server.send(_dot_stuffed(raw))
        before_end_of_data()
        handed_over = True
        server.send(b"." + CRLF)
        code, reply = server.getreply()
        if code != 250:
            raise _refused(code, reply)
        # The message is taken; a lost goodbye changes nothing.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            server.quit()
        return "; ".join(f"refused {r}: {why}" for r, why in refused.items())
    except (PermanentError, TransientError):
        raise
    except smtplib.SMTPResponseException as exc:
        raise _refused(exc.smtp_code, exc.smtp_error) from exc
    except (smtplib.SMTPException, OSError) as exc:
        if handed_over:
            raise UncertainError(f"no answer after the end of the message: {exc}") from exc
        raise TransientError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        server.close()


def send_stored(
    *,
    from_address: str,
    recipients: list[str],
    raw: bytes,
    before_end_of_data: Callable[[], None],
) -> str:
    """Through SMTP when configured; else through Django's backend (console in
    development, in-memory in some tests), where nothing can be half sent."""
    if settings.EMAIL_BACKEND == SMTP_BACKEND:
        return smtp_send(
            from_address=from_address,
            recipients=recipients,
            raw=raw,
            before_end_of_data=before_end_of_data,
        )
    message = StoredEmailMessage(raw=raw, from_address=from_address, recipients=recipients)
    before_end_of_data()
    try:
        get_connection(fail_silently=False).send_messages([message])
    except Exception as exc:  # a console or file backend failing is worth a retry
        raise TransientError(f"{type(exc).__name__}: {exc}") from exc
    return ""
