"""Issue 9 hole 4: a final letter's wording cannot be changed or deleted by raw SQL.

The attack was: set status back to 'draft', edit the content, set status to 'sent' again;
or simply DELETE the row. Each step is refused by the database itself (SQLite and
PostgreSQL: run this file with DATABASE_URL set for the second), while a draft stays
editable and deletable.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from careloop.letters.models import Letter
from careloop.letters.services import letter_draft, letter_finalise, letter_send
from careloop.letters.testing import decided_report, knee_client, sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(personas):
    client = knee_client(personas)
    sessions(client, personas.alice, 3, last_ended=timezone.now() - dt.timedelta(hours=20))
    return decided_report(client, personas.alice, action="hold_and_contact")


@pytest.fixture
def draft(personas, report):
    return letter_draft(kind="sbar", author=personas.alice, episode=report.episode)


@pytest.fixture
def final(personas, draft):
    return letter_finalise(letter=draft, actor=personas.alice)


def _sql(statement: str, *params: object) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def _refused(statement: str, *params: object) -> str:
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        _sql(statement, *params)
    return str(caught.value)


def _stored(pk: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, content FROM letters_letter WHERE id = %s", [pk])
        status, content = cursor.fetchone()
    return status, str(content)


def test_it_refuses_to_set_a_final_letter_back_to_draft(final):
    before = _stored(final.pk)
    message = _refused("UPDATE letters_letter SET status = 'draft' WHERE id = %s", final.pk)
    assert "only moves forward" in message
    assert _stored(final.pk) == before


def test_it_refuses_the_draft_edit_resend_attack_at_every_step(personas, final):
    before = _stored(final.pk)
    # All three steps in one statement, as well as one at a time.
    _refused("UPDATE letters_letter SET status = 'draft', content = '{}' WHERE id = %s", final.pk)
    _refused('UPDATE letters_letter SET content = \'{"title": "x"}\' WHERE id = %s', final.pk)
    _refused("UPDATE letters_letter SET document = '{}' WHERE id = %s", final.pk)
    _refused("UPDATE letters_letter SET status = 'draft' WHERE id = %s", final.pk)
    assert _stored(final.pk) == before


def test_it_refuses_to_delete_a_final_or_sent_letter(personas, final):
    message = _refused("DELETE FROM letters_letter WHERE id = %s", final.pk)
    assert "kept on record" in message
    letter_send(letter=final, channel="printed", actor=personas.alice)
    _refused("DELETE FROM letters_letter WHERE id = %s", final.pk)
    assert Letter.objects.filter(pk=final.pk, status="sent").exists()


def test_it_refuses_to_rewrite_who_finalised_it_or_skip_a_status(personas, draft, final):
    _refused(
        "UPDATE letters_letter SET finalised_by_id = %s WHERE id = %s", personas.bob.pk, final.pk
    )
    _refused("UPDATE letters_letter SET version = 7 WHERE id = %s", final.pk)
    # final -> answered skips "sent"; sent_at once set stays.
    _refused(
        "UPDATE letters_letter SET status = 'answered', sent_at = %s, answered_at = %s "
        "WHERE id = %s",
        timezone.now(),
        timezone.now(),
        final.pk,
    )


def test_it_lets_the_status_move_forward_and_dates_be_set_once(personas, final):
    now = timezone.now()
    assert _sql(
        "UPDATE letters_letter SET status = 'sent', sent_at = %s WHERE id = %s", now, final.pk
    )
    _refused(
        "UPDATE letters_letter SET sent_at = %s WHERE id = %s",
        now + dt.timedelta(days=1),
        final.pk,
    )
    assert _sql(
        "UPDATE letters_letter SET status = 'answered', answered_at = %s WHERE id = %s",
        now,
        final.pk,
    )
    _refused("UPDATE letters_letter SET status = 'sent' WHERE id = %s", final.pk)
    assert Letter.objects.get(pk=final.pk).status == "answered"


def test_it_keeps_a_draft_editable_and_deletable(draft):
    assert _sql("UPDATE letters_letter SET content = '{}' WHERE id = %s", draft.pk) == 1
    assert _sql("UPDATE letters_letter SET kind = 'followup' WHERE id = %s", draft.pk) == 1
    assert _sql("DELETE FROM letters_letter WHERE id = %s", draft.pk) == 1
    assert not Letter.objects.filter(pk=draft.pk).exists()
