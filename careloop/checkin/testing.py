"""This app's entries for careloop/testing/objects.py, and helpers for check-in tests."""

from __future__ import annotations

from careloop.checkin.models import CheckinLink
from careloop.checkin.services import checkin_link_create
from careloop.episodes.tests.factories import make_client
from careloop.testing.objects import ObjectMaker
from careloop.testing.personas import Personas


def standing_link(p: Personas, **client_fields: object) -> tuple[CheckinLink, str]:
    """One of alice's clients (referred for the right knee) with a printed standing link."""
    client = make_client(p.practice, practitioner=p.alice, first_name="Rosa")
    for name, value in client_fields.items():
        setattr(client, name, value)
    client.save()
    return checkin_link_create(
        client=client,
        kind=CheckinLink.Kind.STANDING,
        channel=CheckinLink.Channel.PRINT,
        responsible=p.alice,
        actor=p.alice,
    )


def _link(p: Personas) -> object:
    return standing_link(p)[0].pk


OBJECT_MAKERS: dict[str, ObjectMaker] = {"link_id": _link}
