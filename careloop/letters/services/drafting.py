"""Drafting letters: snapshot the episode record, compose the wording, edit, finalise and
correct (each atomic and audited).

``letter_draft`` snapshots the episode document and composes the wording;
``letter_section_update`` edits one section of a draft as plain text; ``letter_finalise``
freezes it; ``letter_correct`` starts a new version that supersedes a final letter.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careloop.audit.services import audit_log
from careloop.clients.selectors import current_referral
from careloop.letters.compose import ComposeError, compose, letter_document
from careloop.letters.content import LetterContent, with_section_text
from careloop.letters.filenames import letter_file_name
from careloop.letters.models import Letter
from careloop.record.build import BuildError, episode_document, progress_document


def letter_content(letter: Letter) -> LetterContent:
    return LetterContent.model_validate(letter.content)


def letter_filename(letter: Letter, fmt: str) -> str:
    """See :mod:`careloop.letters.filenames`: the name in any script, drafts marked."""
    return letter_file_name(
        kind=letter.kind,
        client_name=letter.client.last_name,
        on=letter_content(letter).date,
        version=letter.version,
        fmt=fmt,
        draft=letter.is_draft,
    )


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
            document = letter_document(episode_document(episode, author=author, now=now))
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


def locked_letter(letter: Letter) -> Letter:
    return Letter.objects.select_for_update().select_related("client").get(pk=letter.pk)


def letter_section_update(*, letter: Letter, key: str, text: str, actor: Any) -> Letter:
    """Replace one section's wording (plain text) in a draft."""
    with transaction.atomic():
        letter = locked_letter(letter)
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
        letter = locked_letter(letter)
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
        letter = locked_letter(letter)
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
