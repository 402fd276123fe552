"""Writes of letters, deliveries and the communication log (each atomic and audited).

``letter_draft`` snapshots the episode document and composes the wording;
``letter_section_update`` edits one section of a draft as plain text; ``letter_finalise``
freezes it; ``letter_correct`` starts a new version that supersedes a final letter;
``letter_send`` delivers a final letter (e-mail and fax go out after the commit, and only
with a current release-of-information consent, to the address on record unless the sender
confirms another); ``communication_record`` (communications.py) logs a call, message or
reply, and a reply may record the clearance that lifts the hold.
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
from careloop.letters.communications import communication_record as communication_record
from careloop.letters.content import LetterContent, with_section_text
from careloop.letters.mail import letter_email
from careloop.letters.models import Communication, Delivery, Letter

log = logging.getLogger(__name__)

SENDING_CHANNELS = (Delivery.Channel.EMAIL, Delivery.Channel.FAX)
CONSENT_REFUSAL = (
    "No current release-of-information consent is on file for {name}: nothing was sent. "
    "Record the client's consent first. You can still print the letter or hand it to the "
    "client for their own use."
)


def letter_content(letter: Letter) -> LetterContent:
    return LetterContent.model_validate(letter.content)


def letter_filename(letter: Letter, fmt: str) -> str:
    """See :mod:`careloop.letters.filenames`: the name in any script, drafts marked."""
    from careloop.letters.filenames import letter_file_name

    return letter_file_name(
        kind=letter.kind,
        client_name=letter.client.last_name,
        on=letter_content(letter).date,
        version=letter.version,
        fmt=fmt,
        draft=letter.is_draft,
    )


# ---- drafts ------------------------------------------------------------------------------


def letter_draft(
    *,
    kind: str,
    author: Any,
    episode: Any = None,
    client: Any = None,
    pain_report: Any = None,
    now: dt.datetime | None = None,
) -> Letter:
    """Draft a letter of ``kind`` from the record as it stands now."""
    from careloop.clients.selectors import current_referral
    from careloop.letters.build import BuildError, episode_document, progress_document
    from careloop.letters.compose import ComposeError, compose

    now = now or timezone.now()
    if kind not in Letter.Kind.values:
        raise ValidationError(
            {"kind": "Choose an SBAR report, a follow-up letter or a progress report."}
        )
    if kind in (Letter.Kind.SBAR, Letter.Kind.FOLLOWUP) and episode is None:
        raise ValidationError({"kind": "An SBAR report or a follow-up letter is about an episode."})
    client = episode.client if episode is not None else client
    if client is None:
        raise ValueError("letter_draft needs an episode or a client")
    try:
        if kind == Letter.Kind.PROGRESS:
            document = progress_document(client, author=author, now=now)
        else:
            document = episode_document(episode, author=author, now=now)
        report_id = f"PR-{pain_report.pk}" if pain_report is not None else None
        content = compose(document, kind, report_id=report_id)  # type: ignore[arg-type]
    except (BuildError, ComposeError) as exc:
        raise ValidationError(
            [f"The letter cannot be drafted: {message}" for _, message in exc.problems]
        ) from None
    referral = current_referral(client)
    with transaction.atomic():
        letter = Letter.objects.create(
            practice_id=client.practice_id,
            client=client,
            episode=episode if kind != Letter.Kind.PROGRESS else None,
            pain_report=pain_report,
            kind=kind,
            recipient=referral.source if referral is not None else None,
            document=document.model_dump(mode="json"),
            content=content.model_dump(mode="json"),
            created_by=author,
            created_at=now,
            updated_at=now,
        )
        audit_log(actor=author, practice=client.practice_id, action="create", obj=letter)
    return letter


def _locked(letter: Letter) -> Letter:
    return Letter.objects.select_for_update().select_related("client").get(pk=letter.pk)


def letter_section_update(*, letter: Letter, key: str, text: str, actor: Any) -> Letter:
    """Replace one section's wording (plain text) in a draft."""
    with transaction.atomic():
        letter = _locked(letter)
        if not letter.is_draft:
            raise ValidationError("This letter is final: correct it with a new version instead.")
        content = letter_content(letter)
        if key not in {s.key for s in content.sections}:
            raise ValidationError({"section": "This letter has no such section."})
        if not text.strip():
            raise ValidationError({"text": "A section cannot be empty; write at least a line."})
        if len(text) > 20_000:
            raise ValidationError({"text": "This section is too long (20,000 characters at most)."})
        letter.content = with_section_text(content, key, text).model_dump(mode="json")
        letter.updated_at = timezone.now()
        letter.save(update_fields=["content", "updated_at"])
        audit_log(
            actor=actor,
            practice=letter.practice_id,
            action="update",
            obj=letter,
            detail=f"section {key}",
        )
    return letter


def letter_finalise(*, letter: Letter, actor: Any, now: dt.datetime | None = None) -> Letter:
    """Freeze the letter's wording; a correction it carries supersedes the earlier one."""
    now = now or timezone.now()
    with transaction.atomic():
        letter = _locked(letter)
        if not letter.is_draft:
            raise ValidationError("This letter is already final.")
        letter.status = Letter.Status.FINAL
        letter.finalised_by = actor
        letter.finalised_at = now
        letter.updated_at = now
        letter.save(update_fields=["status", "finalised_by", "finalised_at", "updated_at"])
        audit_log(
            actor=actor, practice=letter.practice_id, action="update", obj=letter, detail="final"
        )
        if letter.supersedes_id is not None:
            old = Letter.objects.select_for_update().get(pk=letter.supersedes_id)
            old.superseded_at = now
            old.save(update_fields=["superseded_at"])
            audit_log(
                actor=actor,
                practice=old.practice_id,
                action="update",
                obj=old,
                detail=f"superseded by version {letter.version}",
            )
    return letter


def letter_correct(*, letter: Letter, actor: Any, now: dt.datetime | None = None) -> Letter:
    """A new draft version of a final letter, with the same record and wording to correct.

    The earlier version stays on record; it is marked superseded when the correction is
    finalised."""
    now = now or timezone.now()
    with transaction.atomic():
        letter = _locked(letter)
        if letter.is_draft:
            raise ValidationError("A draft can be edited directly; no correction is needed.")
        if Letter.objects.filter(supersedes=letter).exists():
            raise ValidationError("This letter already has a correction; correct that one.")
        correction = Letter.objects.create(
            practice_id=letter.practice_id,
            client=letter.client,
            episode_id=letter.episode_id,
            pain_report_id=letter.pain_report_id,
            kind=letter.kind,
            version=letter.version + 1,
            supersedes=letter,
            recipient_id=letter.recipient_id,
            document=letter.document,
            content=letter.content,
            created_by=actor,
            created_at=now,
            updated_at=now,
        )
        audit_log(
            actor=actor,
            practice=letter.practice_id,
            action="create",
            obj=correction,
            detail=f"correction of version {letter.version}",
        )
    return correction


# ---- delivery ----------------------------------------------------------------------------


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
    message itself goes out after the commit; ``dispatch=False`` (the demo) records the
    delivery as sent without any transport."""
    from careloop.clients.selectors import consent_is_current

    now = now or timezone.now()
    if channel not in Delivery.Channel.values:
        raise ValidationError({"channel": "Choose how the letter goes out."})
    with transaction.atomic():
        letter = _locked(letter)
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
            transaction.on_commit(lambda: deliver(delivery.pk))
    return delivery


def deliver(delivery_id: int) -> Delivery:
    """Send a queued e-mail or fax delivery now (called after the commit)."""
    from careloop.letters.render import render_pdf

    delivery = Delivery.objects.select_related(
        "letter__client__practice", "sent_by", "letter__created_by"
    ).get(pk=delivery_id)
    if delivery.status != Delivery.Status.QUEUED:
        return delivery
    letter = delivery.letter
    practice = letter.client.practice
    content = letter_content(letter)
    message_id = make_msgid(domain="careloop.local")
    reply_to = [x for x in (delivery.sent_by.email, practice.email) if x][:1]
    try:
        pdf = render_pdf(content)
        message = letter_email(
            delivery=delivery, pdf=pdf, on=content.date, message_id=message_id, reply_to=reply_to
        )
        message.send(fail_silently=False)
    except Exception as exc:  # any failure is recorded on the delivery
        log.warning("letter delivery %s failed: %s", delivery.pk, type(exc).__name__)
        delivery.status = Delivery.Status.FAILED
        delivery.error = f"{type(exc).__name__}: {exc}"[:500]
        delivery.save(update_fields=["status", "error"])
        return delivery
    delivery.status = Delivery.Status.SENT
    delivery.message_id = message_id
    delivery.delivered_at = timezone.now()
    delivery.save(update_fields=["status", "message_id", "delivered_at"])
    return delivery


# ---- export ------------------------------------------------------------------------------


def episode_export(*, episode_id: int, author_email: str = "") -> str:
    """The episode document as JSON text (``careloop episode export``), audited as an export.

    The author is the member named by ``author_email``, else whoever opened the episode."""
    from careloop.accounts.models import Membership
    from careloop.episodes.models import Episode
    from careloop.letters.build import episode_document

    episode = Episode.objects.select_related("client__practice", "opened_by").get(pk=episode_id)
    author = episode.opened_by
    if author_email:
        membership = (
            Membership.objects.select_related("user")
            .filter(
                practice_id=episode.practice_id, user__email__iexact=author_email, is_active=True
            )
            .first()
        )
        if membership is None:
            raise ValidationError({"author": f"{author_email} is not a member of the practice."})
        author = membership.user
    document = episode_document(episode, author=author)
    with transaction.atomic():
        audit_log(
            actor=author,
            practice=episode.practice_id,
            action="export",
            obj=episode,
            detail="episode document",
        )
    return document.model_dump_json(indent=2) + "\n"
