"""Writes of letters, deliveries and the communication log (each atomic and audited).

``letter_draft`` snapshots the episode document and composes the wording;
``letter_section_update`` edits one section of a draft as plain text; ``letter_finalise``
freezes it; ``letter_correct`` starts a new version that supersedes a final letter;
``letter_send`` delivers a final letter (e-mail and fax go out after the commit, and only
with a current release-of-information consent); ``communication_record`` logs a call,
message or reply, and a reply may record the clearance that lifts the hold.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from careloop.audit.services import audit_log
from careloop.letters.content import LetterContent, with_section_text
from careloop.letters.models import (
    CLEARING_KINDS,
    CLEARING_KINDS_MESSAGE,
    Communication,
    Delivery,
    Letter,
)

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
    content = letter_content(letter)
    name = re.sub(r"[^A-Za-z0-9]+", "-", letter.client.last_name).strip("-").lower() or "client"
    return f"{letter.kind}-{name}-{content.date:%Y-%m-%d}-v{letter.version}.{fmt}"


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


def letter_send(
    *,
    letter: Letter,
    channel: str,
    actor: Any,
    to_address: str = "",
    note: str = "",
    now: dt.datetime | None = None,
    dispatch: bool = True,
) -> Delivery:
    """Deliver a final letter by e-mail, by fax, or record it printed / handed to the client.

    E-mail and fax need a current release-of-information consent: without one nothing is
    sent and a ValidationError says why. The message itself goes out after the commit;
    ``dispatch=False`` (the demo) records the delivery as sent without any transport."""
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
        if channel in SENDING_CHANNELS:
            if not consent_is_current(client):
                raise ValidationError(CONSENT_REFUSAL.format(name=client.full_name))
            if channel == Delivery.Channel.EMAIL:
                to_address = (to_address or (source.email if source else "")).strip()
                try:
                    validate_email(to_address)
                except ValidationError:
                    raise ValidationError(
                        {"to_address": "Enter the e-mail address to send the letter to."}
                    ) from None
            else:
                fax_number = (to_address or (source.fax if source else "")).strip()
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
            to_name=(source.name if source else "")
            if channel != Delivery.Channel.HANDED_TO_CLIENT
            else client.full_name,
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
            party=delivery.to_name,
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
            detail=f"letter {letter.pk} {channel}",
        )
        if not done and dispatch:
            transaction.on_commit(lambda: deliver(delivery.pk))
    return delivery


def deliver(delivery_id: int) -> Delivery:
    """Send a queued e-mail or fax delivery now (called after the commit)."""
    from careloop.letters.render import render_pdf, render_text

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
    if delivery.channel == Delivery.Channel.FAX:
        subject = f"Fax for {delivery.to_name or delivery.fax_number}: {content.title}"
        body = (
            f"Fax from {practice.name} to {delivery.to_name} ({delivery.fax_number}).\n"
            f"{content.title}; {content.re_line}.\n"
        )
    else:
        subject = f"{content.title}: {letter.client.full_name}"
        body = render_text(content)
    try:
        pdf = render_pdf(content)
        message = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.to_address],
            reply_to=reply_to,
            headers={"Message-ID": message_id},
        )
        message.attach(letter_filename(letter, "pdf"), pdf, "application/pdf")
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


# ---- the communication log ---------------------------------------------------------------

# Kinds whose channel and direction are given by the kind itself.
_FIXED = {
    Communication.Kind.CALL_MADE: (Communication.Channel.PHONE, Communication.Direction.OUTGOING),
    Communication.Kind.CALL_RECEIVED: (
        Communication.Channel.PHONE,
        Communication.Direction.INCOMING,
    ),
    Communication.Kind.FAX_CONFIRMATION: (
        Communication.Channel.FAX,
        Communication.Direction.INCOMING,
    ),
}


def communication_record(
    *,
    client: Any,
    actor: Any,
    kind: str,
    summary: str,
    at: dt.datetime,
    channel: str = "",
    direction: str = "",
    party: str = "",
    episode: Any = None,
    letter: Letter | None = None,
    clearance: dict[str, Any] | None = None,
) -> Communication:
    """Log one contact. A clinician's reply answers the letters it replies to, and may
    carry a clearance (``cleared_by_name``, ``cleared_by_role``, ``conditions``), which is
    recorded through the episodes app and lifts the hold."""
    from careloop.clients.selectors import current_referral
    from careloop.episodes.selectors import active_hold
    from careloop.episodes.services import clearance_record

    now = timezone.now()
    errors: dict[str, str] = {}
    if kind not in Communication.Kind.values or kind == Communication.Kind.LETTER_SENT:
        errors["kind"] = "Choose what kind of contact this was."
    channel, direction = _FIXED.get(kind, (channel, direction))  # type: ignore[call-overload]
    if kind == Communication.Kind.REPLY:
        direction = Communication.Direction.INCOMING
    if channel not in Communication.Channel.values:
        errors["channel"] = "Choose how the contact happened."
    if direction not in Communication.Direction.values:
        errors["direction"] = "Choose whether we contacted them or they contacted us."
    if not summary.strip():
        errors["summary"] = "Write what was said or agreed, in a line or two."
    if timezone.is_naive(at):
        raise ValueError("at must carry a time zone")
    if at > now + dt.timedelta(minutes=5):
        errors["at"] = "is in the future."
    if clearance is not None and kind not in CLEARING_KINDS:
        errors["kind"] = CLEARING_KINDS_MESSAGE
    if letter is not None and letter.client_id != client.pk:
        errors["letter"] = "This letter is about another client."
    if errors:
        raise ValidationError(errors)
    referral = current_referral(client)
    with transaction.atomic():
        cleared = None
        if clearance is not None:
            hold = active_hold(client)
            if hold is None:
                raise ValidationError({"record_clearance": "The program is not on hold."})
            try:
                cleared = clearance_record(
                    hold=hold,
                    recorded_by=actor,
                    cleared_by_name=clearance.get("cleared_by_name", "") or party,
                    cleared_by_role=clearance.get("cleared_by_role", ""),
                    cleared_at=at,
                    channel=channel,
                    conditions=clearance.get("conditions", ""),
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    renamed = {"cleared_at": "at"}
                    raise ValidationError(
                        {renamed.get(k, k): v for k, v in exc.message_dict.items()}
                    ) from None
                raise
            if episode is None:
                episode = hold.episode
        entry = Communication.objects.create(
            practice_id=client.practice_id,
            client=client,
            episode=episode,
            letter=letter,
            referral_source=referral.source if referral is not None else None,
            kind=kind,
            channel=channel,
            direction=direction,
            party=party.strip()[:200],
            summary=summary.strip(),
            at=at,
            by=actor,
            recorded_at=now,
            clearance=cleared,
        )
        audit_log(actor=actor, practice=client.practice_id, action="create", obj=entry)
        if kind == Communication.Kind.REPLY or cleared is not None:
            # A clearance answers the letters that asked for it, however it came.
            _answer_letters(client=client, episode=episode, letter=letter, at=at, actor=actor)
    return entry


def _answer_letters(
    *, client: Any, episode: Any, letter: Letter | None, at: Any, actor: Any
) -> None:
    if letter is not None:
        answered = Letter.objects.filter(pk=letter.pk)
    elif episode is not None:
        answered = Letter.objects.filter(episode=episode)
    else:
        answered = Letter.objects.filter(client=client, episode__isnull=True)
    for row in answered.select_for_update().filter(status=Letter.Status.SENT):
        row.status = Letter.Status.ANSWERED
        row.answered_at = at
        row.save(update_fields=["status", "answered_at"])
        audit_log(
            actor=actor, practice=row.practice_id, action="update", obj=row, detail="answered"
        )


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
