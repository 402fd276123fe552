"""The e-mail that carries a letter: the PDF is the letter, the message says nothing more.

An e-mail passes through servers, mail clients and notification previews the practice
does not control, so the subject carries no client name and the body no clinical content:
who sends, what kind of letter, its reference and how to reply. The attachment's name
carries no client name either (downloads keep it; they stay on the practitioner's
machine). A fax gateway turns the same message into a fax of the PDF.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage

from careloop.letters.models import Delivery, Letter


def letter_reference(letter: Letter) -> str:
    """How the practice finds the letter again when the recipient replies."""
    return f"CL-{letter.pk}-v{letter.version}"


def attachment_name(letter: Letter, on: Any) -> str:
    return f"{letter.kind}-{on:%Y-%m-%d}-{letter_reference(letter).lower()}.pdf"


def letter_email(
    *, delivery: Delivery, pdf: bytes, on: Any, message_id: str, reply_to: list[str]
) -> EmailMessage:
    """The message for an e-mail or fax ``delivery`` of its letter, with ``pdf`` attached."""
    letter = delivery.letter
    practice = letter.client.practice
    kind = letter.get_kind_display()
    reference = letter_reference(letter)
    if delivery.channel == Delivery.Channel.FAX:
        subject = f"Fax for {delivery.fax_number} from {practice.name} ({reference})"
        body = (
            f"Fax from {practice.name} to {delivery.to_name or delivery.fax_number} "
            f"({delivery.fax_number}): {kind}, reference {reference}. "
            "The attached PDF is the letter.\n"
        )
    else:
        subject = f"{kind} from {practice.name} ({reference})"
        greeting = f"Dear {delivery.to_name}," if delivery.to_name else "Hello,"
        body = (
            f"{greeting}\n\n"
            f"{practice.name} sends you a letter about a client you referred ({kind}). "
            "The letter is the attached PDF; this message holds nothing else.\n\n"
            f"Please quote {reference} when you reply.\n"
        )
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.to_address],
        reply_to=reply_to,
        headers={"Message-ID": message_id},
    )
    message.attach(attachment_name(letter, on), pdf, "application/pdf")
    return message
