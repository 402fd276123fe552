"""What the client does through a link is audited with the link as the actor (no user),
and the audit chain still verifies."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from careloop.audit.models import AuditEvent
from careloop.audit.triggers import drop_triggers
from careloop.audit.verify import audit_verify
from careloop.checkin.testing import SCENARIOS, answers
from careloop.episodes.models import PainReport

pytestmark = pytest.mark.django_db


def test_the_answer_and_the_view_name_the_link(client, link_and_token):
    link, token = link_and_token
    client.get(reverse("checkin_page", args=[token]))
    client.post(reverse("checkin_page", args=[token]), answers(**SCENARIOS["hold"]))
    report = PainReport.objects.get(client=link.client)
    by_link = AuditEvent.objects.filter(actor_ref=f"checkin.link:{link.pk}")
    assert set(by_link.values_list("action", "object_type")) >= {
        ("view", "checkin.checkinlink"),
        ("create", "episodes.painreport"),
        ("send", "episodes.triagerecord"),  # the practitioner's alert
    }
    assert by_link.filter(object_id=str(report.pk)).exists()
    assert not by_link.exclude(actor=None).exists()
    # No clinical value in any detail.
    assert not [d for d in by_link.values_list("detail", flat=True) if "7" in d]
    assert audit_verify().ok


def test_an_edited_link_actor_breaks_the_chain(client, link_and_token):
    _link, token = link_and_token
    client.get(reverse("checkin_page", args=[token]))
    event = AuditEvent.objects.filter(actor_ref__isnull=False).latest("seq")
    drop_triggers(connection)
    AuditEvent.objects.filter(seq=event.seq).update(actor_ref="checkin.link:999")
    result = audit_verify()
    assert not result.ok
    assert "edited or forged" in str(result.problems[0])
