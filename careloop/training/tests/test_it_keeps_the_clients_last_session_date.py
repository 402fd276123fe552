"""The client list's "last session" is a column on the client, kept by the session services
(log, correct, void) and filled for existing clients by a data migration: it stays right
without the list reading a single session."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from careloop.clients.models import Client
from careloop.training.corrections import session_correct, session_void
from careloop.training.models import Session
from careloop.training.testing import make_session

pytestmark = pytest.mark.django_db


def _last(client: Client) -> dt.datetime | None:
    client.refresh_from_db()
    return client.last_session_at


def test_it_sets_the_date_when_a_session_is_logged(personas, client_record):
    assert _last(client_record) is None
    older = make_session(client_record, personas.alice, days_ago=5)
    assert _last(client_record) == older.started_at
    newer = make_session(client_record, personas.alice, days_ago=1)
    assert _last(client_record) == newer.started_at
    make_session(client_record, personas.alice, days_ago=9)  # logged late, not the latest
    assert _last(client_record) == newer.started_at


def test_it_follows_a_corrected_start_time(personas, client_record):
    older = make_session(client_record, personas.alice, days_ago=5)
    newer = make_session(client_record, personas.alice, days_ago=1)
    moved = timezone.now() - dt.timedelta(days=8)
    session_correct(
        session=newer,
        actor=personas.alice,
        reason_kind="wrong_time",
        reason="Logged on the wrong day",
        practitioner=personas.alice,
        started_at=moved,
        duration_minutes=newer.duration_minutes,
        pain_before=newer.pain_before,
        pain_after=newer.pain_after,
    )
    assert _last(client_record) == older.started_at


def test_it_forgets_a_voided_session(personas, client_record):
    older = make_session(client_record, personas.alice, days_ago=5)
    newer = make_session(client_record, personas.alice, days_ago=1)
    session_void(session=newer, actor=personas.alice, reason_kind="duplicate", reason="Twice")
    assert _last(client_record) == older.started_at
    session_void(session=older, actor=personas.alice, reason_kind="duplicate", reason="Twice")
    assert _last(client_record) is None


def test_the_data_migration_fills_existing_clients(personas, client_record):
    newest = make_session(client_record, personas.alice, days_ago=1)
    make_session(client_record, personas.alice, days_ago=3)
    counting = make_session(client_record, personas.alice, days_ago=2)
    Session.objects.filter(pk=newest.pk).update(voided_at=timezone.now())
    Client.objects.update(last_session_at=None)  # as before the column existed
    migration = importlib.import_module(
        "careloop.training.migrations.0003_fill_client_last_session_at"
    )
    migration.fill(apps, None)
    assert _last(client_record) == counting.started_at
