"""Drafts, edits, finalising (immutable in the service, the model and the database) and
corrections that supersede."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from careloop.letters.content import section_text
from careloop.letters.models import ImmutableLetterError, Letter
from careloop.letters.services import (
    letter_content,
    letter_correct,
    letter_draft,
    letter_finalise,
    letter_section_update,
)
from careloop.letters.testing import decided_report, knee_client, sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def hold_report(personas):
    client = knee_client(personas)
    sessions(client, personas.alice, 3, last_ended=timezone.now() - dt.timedelta(hours=20))
    return decided_report(client, personas.alice, action="hold_and_contact")


def test_a_draft_snapshots_the_document_and_composes_the_letter(personas, hold_report):
    letter = letter_draft(kind="sbar", author=personas.bob, episode=hold_report.episode)
    assert letter.status == "draft" and letter.version == 1
    assert letter.recipient.name == "Dr Anjali Patel"
    assert letter.document["episode"]["id"] == f"EP-{hold_report.episode_id}"
    content = letter_content(letter)
    assert [s.key for s in content.sections] == [
        "situation",
        "background",
        "assessment",
        "recommendation",
    ]
    assert content.signature.name == "Bob Baker"


def test_a_progress_report_needs_no_episode_but_an_sbar_does(personas, hold_report):
    progress = letter_draft(kind="progress", author=personas.alice, client=hold_report.client)
    assert progress.episode is None and letter_content(progress).kind == "progress"
    with pytest.raises(ValidationError):
        letter_draft(kind="sbar", author=personas.alice, client=hold_report.client)


def test_editing_a_section_keeps_its_table(personas, hold_report):
    letter = letter_draft(kind="sbar", author=personas.alice, episode=hold_report.episode)
    original = letter_content(letter).section("background")
    text = section_text(original)
    assert "[[table 1]]" in text
    edited = "Referred after a right knee replacement.\n\n[[table 1]]"
    letter = letter_section_update(
        letter=letter, key="background", text=edited, actor=personas.alice
    )
    section = letter_content(letter).section("background")
    assert section.blocks[0].text == "Referred after a right knee replacement."  # type: ignore[union-attr]
    assert section.blocks[1].kind == "table"


def test_bad_edits_are_refused_and_change_nothing(personas, hold_report):
    letter = letter_draft(kind="sbar", author=personas.alice, episode=hold_report.episode)
    before = letter.content
    with pytest.raises(ValidationError) as caught:
        letter_section_update(letter=letter, key="situation", text="  ", actor=personas.alice)
    assert "text" in caught.value.message_dict
    with pytest.raises(ValidationError):
        letter_section_update(letter=letter, key="nope", text="x", actor=personas.alice)
    letter.refresh_from_db()
    assert letter.content == before


def test_a_final_letter_cannot_change(personas, hold_report):
    letter = letter_draft(kind="sbar", author=personas.alice, episode=hold_report.episode)
    letter = letter_finalise(letter=letter, actor=personas.alice)
    assert letter.status == "final" and letter.finalised_by == personas.alice
    with pytest.raises(ValidationError):
        letter_section_update(letter=letter, key="situation", text="Changed.", actor=personas.alice)
    with pytest.raises(ValidationError):
        letter_finalise(letter=letter, actor=personas.alice)
    letter.content = {**letter.content, "title": "Changed"}
    with pytest.raises(ImmutableLetterError):
        letter.save()
    with pytest.raises(ImmutableLetterError):
        Letter.objects.get(pk=letter.pk).delete()


def test_the_database_refuses_to_change_a_final_letter(personas, hold_report):
    letter = letter_draft(kind="sbar", author=personas.alice, episode=hold_report.episode)
    letter_finalise(letter=letter, actor=personas.alice)
    with pytest.raises(Exception) as caught, transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(content={"title": "rewritten"})
    assert "never changed" in str(caught.value)
    # Status, delivery and answer fields still move on.
    Letter.objects.filter(pk=letter.pk).update(answered_at=timezone.now())
    assert connection.vendor in ("sqlite", "postgresql")


def test_a_final_letter_needs_who_finalised_it(personas, hold_report):
    letter = letter_draft(kind="sbar", author=personas.alice, episode=hold_report.episode)
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(status="final")


def test_a_correction_is_a_new_version_that_supersedes_on_finalising(personas, hold_report):
    first = letter_draft(kind="sbar", author=personas.alice, episode=hold_report.episode)
    first = letter_finalise(letter=first, actor=personas.alice)
    with pytest.raises(ValidationError):
        letter_correct(
            letter=letter_draft(
                kind="followup", author=personas.alice, episode=hold_report.episode
            ),
            actor=personas.alice,
        )
    second = letter_correct(letter=first, actor=personas.bob)
    assert second.version == 2 and second.supersedes == first and second.is_draft
    assert second.content == first.content
    first.refresh_from_db()
    assert not first.is_superseded  # the old one stands until the correction is final
    with pytest.raises(ValidationError):
        letter_correct(letter=first, actor=personas.alice)
    second = letter_section_update(
        letter=second, key="situation", text="Corrected situation.", actor=personas.bob
    )
    letter_finalise(letter=second, actor=personas.bob)
    first.refresh_from_db()
    assert first.is_superseded and first.status == "final"
    assert letter_content(first).section("situation") != letter_content(second).section("situation")
    assert Letter.objects.filter(episode=hold_report.episode, kind="sbar").count() == 2
