"""Text messages, through a pluggable backend (settings.CHECKIN_SMS_BACKEND).

``gateway``: the practice's e-mail-to-SMS service, as letters send faxes: one e-mail to
``{phone}@sms.example.com`` whose body is the text. ``console``: print the text (for
development; it shows the client's link, so never in production).
"""

from __future__ import annotations

import re
import sys
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email

from careloop.outbox.models import OutgoingEmail
from careloop.outbox.services import email_queue


class SmsBackend(Protocol):
    def send(self, *, gateway_pattern: str, phone: str, text: str, practice: object) -> None: ...


def phone_digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def gateway_address(pattern: str, phone: str) -> str:
    return pattern.replace("{phone}", phone_digits(phone))


def validate_sms_gateway_pattern(value: str) -> None:
    if not value:
        return
    if "{phone}" not in value:
        raise ValidationError(
            "Put {phone} where the mobile number goes, e.g. {phone}@sms.example.com."
        )
    try:
        validate_email(gateway_address(value, "15551234567"))
    except ValidationError:
        raise ValidationError(
            "With a number in place of {phone} this must be an e-mail address."
        ) from None


class GatewayBackend:
    def send(self, *, gateway_pattern: str, phone: str, text: str, practice: object) -> None:
        if not gateway_pattern:
            raise ValidationError("Set your practice's e-mail-to-SMS address to send texts.")
        # The subject is empty on purpose: most gateways put it in front of the text.
        email_queue(
            message=EmailMessage("", text, None, [gateway_address(gateway_pattern, phone)]),
            kind=OutgoingEmail.Kind.CHECKIN_LINK,
            practice=practice,
        )


class ConsoleBackend:
    def send(self, *, gateway_pattern: str, phone: str, text: str, practice: object) -> None:
        sys.stdout.write(f"SMS to {phone_digits(phone)}:\n{text}\n")
        sys.stdout.flush()


def sms_backend() -> SmsBackend:
    if settings.CHECKIN_SMS_BACKEND == "console":
        return ConsoleBackend()
    return GatewayBackend()
