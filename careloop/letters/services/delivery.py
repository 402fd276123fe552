"""Delivering final letters: e-mail and fax (after the commit, only with a current
release-of-information consent, to the address on record unless the sender confirms
another), or a record that it was printed or handed to the client. Each delivery is
logged in the communication log and audited.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from email.utils import make_msgid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from careloop.audit.services import audit_log
from careloop.clients.selectors import consent_is_current
from careloop.letters.mail import letter_email
from careloop.letters.models import Communication, Delivery, Letter
from careloop.letters.render import render_pdf
from careloop.letters.services.drafting import letter_content, locked_letter
from careloop.letters.tasks import deliver_letter
from careloop.outbox.models import OutgoingEmail
from careloop.outbox.services import email_queue

log = logging.getLogger(__name__)

SENDING_CHANNELS = (Delivery.Channel.EMAIL, Delivery.Channel.FAX)
CONSENT_REFUSAL = (
    "No current release-of-information consent is on file for {name}: nothing was sent. "
    "Record the client's consent first. You can still print the letter or hand it to the "
    "client for their own use."
)


def fax_address(practice: Any, fax_number: str) -> str:
    """The e-mail address of the practice's fax gateway for ``fax_number``."""
    # Gateways take the number as digits only (an international "+" becomes nothing).
    digits = re.sub(r"\D", "", fax_number)
    return str(practice.fax_gateway_pattern).replace("{fax}", digits)


def _same_address(channel: str, a: str, b: str) -> bool:
    if channel == Delivery.Channel.FAX:
        # "020 7946 0101" is "+44 20 7946 0101": compare without the trunk 0 and the
        # country code, that is, one number's digits end the other's.
        x, y = sorted((re.sub(r"\D", "", a).lstrip("0"), re.sub(r"\D", "", b).lstrip("0")), key=len)
        return len(x) >= 7 and y.endswith(x)
    return a.strip().lower() == b.strip().lower() != ""


def _destination(*, source: Any, channel: str, typed: str, confirmed: bool) -> tuple[str, bool]:
    """(The address a letter goes to, whether it is not the one on record): the referral
    source's on record, or one the sender typed and confirmed (anyone can mistype an
    address, and a letter is health data)."""
    field = "email" if channel == Delivery.Channel.EMAIL else "fax"
    recorded = str(getattr(source, field, "") or "").strip() if source is not None else ""
    typed = typed.strip()
    if not typed or _same_address(channel, typed, recorded):
        return recorded, False
    if not confirmed:
        noun = "e-mail address" if field == "email" else "fax number"
        if source is None:
            where = f"No referral source is recorded for this letter: check the {noun}"
        elif recorded:
            where = f"{source.name}'s {noun} on record is {recorded}: check the one you typed"
        else:
            where = f"{source.name} has no {noun} on record: check the one you typed"
        raise ValidationError(
            {
                "to_address": f"{where}, then tick the box below to send it there.",
                "confirm_other_address": "Tick to confirm this other address.",
            }
        )
    return typed, True


def _to_name(channel: str, source: Any, client: Any, other_address: bool) -> str:
    if channel == Delivery.Channel.HANDED_TO_CLIENT:
        return str(client.full_name)
    # A typed address is not known to be the referral source's.
    return str(source.name) if source is not None and not other_address else ""


def letter_send(
    *,
    letter: Letter,
    channel: str,
    actor: Any,
    to_address: str = "",
    confirm_other_address: bool = False,
    note: str = "",
    now: dt.datetime | None = None,
    dispatch: bool = True,
) -> Delivery:
    """Deliver a final letter by e-mail, by fax, or record it printed / handed to the client.

    E-mail and fax need a current release-of-information consent: without one nothing is
    sent and a ValidationError says why. They go to the referral source's e-mail address
    or fax number on record; ``to_address`` sends elsewhere only with
    ``confirm_other_address``, and the communication log keeps the address either way. The
    message itself goes out from a worker after the commit; ``dispatch=False`` (the demo)
    records the delivery as sent without any transport."""
    now = now or timezone.now()
    if channel not in Delivery.Channel.values:
        raise ValidationError({"channel": "Choose how the letter goes out."})
    with transaction.atomic():
        letter = locked_letter(letter)
        client = letter.client
        practice = client.practice
        source = letter.recipient
        if letter.is_draft:
            raise ValidationError("Finalise the letter before sending it.")
        if letter.is_superseded:
            raise ValidationError("This version was corrected: send the newer version.")
        fax_number = ""
        other_address = False
        if channel in SENDING_CHANNELS:
            if not consent_is_current(client):
                raise ValidationError(CONSENT_REFUSAL.format(name=client.full_name))
            to_address, other_address = _destination(
                source=source, channel=channel, typed=to_address, confirmed=confirm_other_address
            )
            if channel == Delivery.Channel.EMAIL:
                try:
                    validate_email(to_address)
                except ValidationError:
                    raise ValidationError(
                        {"to_address": "Enter the e-mail address to send the letter to."}
                    ) from None
            else:
                fax_number = to_address
                if len(re.sub(r"\D", "", fax_number)) < 6:
                    raise ValidationError({"to_address": "Enter the fax number to send to."})
                if not practice.fax_gateway_pattern:
                    raise ValidationError(
                        "Faxing is not set up: the practice owner enters the fax gateway "
                        "address in the practice settings."
                    )
                to_address = fax_address(practice, fax_number)
        done = channel not in SENDING_CHANNELS
        recorded_only = not done and not dispatch
        delivery = Delivery.objects.create(
            practice_id=letter.practice_id,
            letter=letter,
            channel=channel,
            to_name=_to_name(channel, source, client, other_address),
            to_address=to_address if not done else "",
            fax_number=fax_number,
            sent_by=actor,
            sent_at=now,
            status=Delivery.Status.DONE
            if done
            else (Delivery.Status.SENT if recorded_only else Delivery.Status.QUEUED),
            delivered_at=now if done or recorded_only else None,
        )
        content = letter_content(letter)
        words = {
            Delivery.Channel.EMAIL: (Communication.Channel.EMAIL, f"by e-mail to {to_address}"),
            Delivery.Channel.FAX: (Communication.Channel.FAX, f"by fax to {fax_number}"),
            Delivery.Channel.PRINTED: (Communication.Channel.LETTER, "printed for posting"),
            Delivery.Channel.HANDED_TO_CLIENT: (
                Communication.Channel.IN_PERSON,
                f"handed to {client.full_name} to take to the appointment",
            ),
        }[channel]  # type: ignore[index]
        summary = f"{content.title} (version {letter.version}) {words[1]}."
        if other_address:
            summary += " The sender typed this address and confirmed it."
        if note.strip():
            summary += f" {note.strip()}"
        Communication.objects.create(
            practice_id=letter.practice_id,
            client=client,
            episode_id=letter.episode_id,
            letter=letter,
            delivery=delivery,
            referral_source=source,
            kind=Communication.Kind.LETTER_SENT,
            channel=words[0],
            direction=Communication.Direction.OUTGOING,
            party=delivery.to_name or delivery.to_address,
            summary=summary,
            at=now,
            by=actor,
            recorded_at=now,
        )
        if letter.status == Letter.Status.FINAL:
            letter.status = Letter.Status.SENT
        if letter.sent_at is None:
            letter.sent_at = now
        letter.updated_at = now
        letter.save(update_fields=["status", "sent_at", "updated_at"])
        audit_log(
            actor=actor,
            practice=letter.practice_id,
            action="send",
            obj=delivery,
            detail=f"letter {letter.pk} {channel}{' to a typed address' if other_address else ''}",
        )
        if not done and dispatch:
            # Rendering the PDF is slow: a worker does it (letters.tasks.deliver_letter).
            # Enqueued in this transaction: the task row commits with the delivery.
            deliver_letter.enqueue(delivery.pk)
    return delivery


def deliver(delivery_id: int) -> Delivery:
    """Render a queued e-mail or fax delivery's PDF and hand the message to the outbox
    (the body of the ``deliver_letter`` task; the outbox's worker then sends it, with
    retries). Running it twice queues one message: the delivery row is locked and its
    Message-ID, set here, marks it as handed over."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("letter__client__practice", "sent_by", "letter__created_by")
            .get(pk=delivery_id)
        )
        if delivery.status != Delivery.Status.QUEUED or delivery.message_id:
            return delivery
        letter = delivery.letter
        practice = letter.client.practice
        content = letter_content(letter)
        message_id = make_msgid(domain="careloop.local")
        reply_to = [x for x in (delivery.sent_by.email, practice.email) if x][:1]
        try:
            pdf = render_pdf(content)
        except Exception as exc:  # a letter that cannot be rendered is a failed delivery
            log.warning("letter delivery %s failed: %s", delivery.pk, type(exc).__name__)
            delivery.status = Delivery.Status.FAILED
            delivery.error = f"{type(exc).__name__}: {exc}"[:500]
            delivery.save(update_fields=["status", "error"])
            return delivery
        message = letter_email(
            delivery=delivery, pdf=pdf, on=content.date, message_id=message_id, reply_to=reply_to
        )
        # The Message-ID first: the outbox finds this delivery by it to report back.
        delivery.message_id = message_id
        delivery.save(update_fields=["message_id"])
        email_queue(message=message, kind=OutgoingEmail.Kind.LETTER, practice=practice)
    delivery.refresh_from_db()
    return delivery


def delivery_follow_email(*, email: OutgoingEmail) -> None:
    """Keep a letter's delivery in step with the e-mail that carries it (the outbox's
    email_status_changed signal): queued again, sent, or failed with the reason."""
    if email.kind != OutgoingEmail.Kind.LETTER:
        return
    status = {
        OutgoingEmail.Status.QUEUED: Delivery.Status.QUEUED,
        OutgoingEmail.Status.SENDING: Delivery.Status.QUEUED,
        OutgoingEmail.Status.SENT: Delivery.Status.SENT,
        OutgoingEmail.Status.FAILED: Delivery.Status.FAILED,
    }[OutgoingEmail.Status(email.status)]
    sent = status == Delivery.Status.SENT
    Delivery.objects.filter(message_id=email.message_id).update(
        status=status,
        error="" if sent else email.error[:500],
        delivered_at=email.sent_at if sent else None,
    )
