"""This app's entries for careloop/testing/objects.py: URL kwarg -> maker of alice's object.

All makers share one probe client (and its referral source), so a URL with several ids
(client_id plus another app's id) gets ids that belong together. Other apps' makers can
build on `probe_client(personas)`.
"""

from __future__ import annotations

import datetime as dt

from careloop.clients.models import Client, Consent, Referral, ReferralSource
from careloop.testing.objects import ObjectMaker
from careloop.testing.personas import Personas

PROBE_LAST_NAME = "Tenancy-Probe"


def probe_source(p: Personas) -> ReferralSource:
    source, _ = ReferralSource.objects.get_or_create(
        practice=p.practice,
        name="Dr Probe Source",
        defaults={"specialty": "Orthopaedics", "email": "probe@example.com"},
    )
    return source


def probe_client(p: Personas) -> Client:
    client, created = Client.objects.get_or_create(
        practice=p.practice,
        last_name=PROBE_LAST_NAME,
        defaults={"first_name": "Pat", "date_of_birth": dt.date(1970, 5, 17), "sex": "female"},
    )
    if created:
        Referral.objects.create(
            practice=p.practice,
            client=client,
            source=probe_source(p),
            referral_date=dt.date(2025, 1, 6),
            reason="Post-operative strengthening",
            region="knee_right",
        )
        Consent.objects.create(
            practice=p.practice,
            client=client,
            given_on=dt.date(2025, 1, 6),
            scope="Session information with the referring clinician",
            recorded_by=p.alice,
        )
    return client


def _client(p: Personas) -> object:
    return probe_client(p).pk


def _source(p: Personas) -> object:
    return probe_source(p).pk


def _referral(p: Personas) -> object:
    return Referral.objects.filter(client=probe_client(p)).order_by("pk").first().pk  # type: ignore[union-attr]


def _consent(p: Personas) -> object:
    return Consent.objects.filter(client=probe_client(p)).order_by("pk").first().pk  # type: ignore[union-attr]


OBJECT_MAKERS: dict[str, ObjectMaker] = {
    "client_id": _client,
    "source_id": _source,
    "referral_id": _referral,
    "consent_id": _consent,
}
