"""`audit_views`: one event per object shown, chained exactly as one-by-one events are."""

from __future__ import annotations

import itertools

import pytest

from careloop.audit.models import AuditEvent
from careloop.audit.services import audit_view, audit_views
from careloop.audit.verify import audit_verify

pytestmark = pytest.mark.django_db


def test_it_appends_one_verifiable_event_per_object(personas):
    audit_view(actor=personas.alice, obj=personas.practice)  # a head to chain onto
    users = [personas.alice, personas.bob]
    events = audit_views(
        actor=personas.alice, practice=personas.practice, objects=users, detail="search result"
    )
    chain = list(AuditEvent.objects.filter(practice=personas.practice).order_by("chain_seq"))
    assert [e.chain_seq for e in chain] == list(range(1, len(chain) + 1))
    for earlier, later in itertools.pairwise(chain):
        assert later.prev_hash == earlier.hash
    assert [(e.action, e.object_id, e.detail) for e in events] == [
        ("view", str(u.pk), "search result") for u in users
    ]
    result = audit_verify()
    assert result.ok, result.problems


def test_nothing_shown_writes_nothing(personas):
    assert audit_views(actor=personas.alice, practice=personas.practice, objects=[]) == []
    assert not AuditEvent.objects.exists()
