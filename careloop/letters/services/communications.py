"""The communication log: calls, messages and replies (each atomic and audited).

A clinician's reply answers the letters it replies to, and may carry the clearance that
lifts the hold. Deliveries of letters are logged by ``letter_send`` (delivery.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careloop.audit.services import audit_log
from careloop.clients.selectors import current_referral
from careloop.core.clock import FUTURE_TOLERANCE
from careloop.episodes.selectors import active_hold
from careloop.episodes.services import clearance_record
from careloop.letters.models import (
    CLEARING_KINDS,
    CLEARING_KINDS_MESSAGE,
    Communication,
    Letter,
)

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
    if at > now + FUTURE_TOLERANCE:
        errors["at"] = "The time of the contact is in the future."
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
