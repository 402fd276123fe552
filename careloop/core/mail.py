"""The e-mail backend behind ``EMAIL_URL=console://``: headers only, never a body.

Django's console backend writes whole messages to standard output, which is the server
log: a letter's text (the client's name, date of birth and findings) and its PDF would sit
in the log. This one writes who, to whom, when and the subject, and only the size and
type of the body and of each attachment. To read the messages themselves while
developing, point EMAIL_URL at a local SMTP catcher instead.
"""

from __future__ import annotations

from email.message import Message
from typing import Any

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend

SHOWN_HEADERS = ("Message-ID", "Date", "From", "To", "Cc", "Reply-To", "Subject")
RULE = "-" * 79


def _parts(message: Message) -> list[str]:
    """One line per leaf part: its type and size, never its name or content."""
    lines = []
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b""
        what = "attachment" if part.get_content_disposition() == "attachment" else "body"
        lines.append(f"[{what}: {part.get_content_type()}, {len(payload):,} bytes, not shown]")
    return lines


class HeadersOnlyConsoleBackend(DjangoConsoleBackend):
    """Print each message's headers and the size of its parts (see the module docstring)."""

    def write_message(self, message: Any) -> None:
        mime = message.message()
        lines = [f"{name}: {mime[name]}" for name in SHOWN_HEADERS if mime[name]]
        if getattr(message, "bcc", None):
            lines.append(f"Bcc: {len(message.bcc)} recipient(s)")
        lines += _parts(mime)
        self.stream.write("\n".join(lines) + f"\n{RULE}\n")
