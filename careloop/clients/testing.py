"""Makers for tests: this app's entries for careloop/testing/objects.py (URL kwarg -> maker of
alice's object), and `make_client` / `make_source` (real rows through the services).

All URL makers share one probe client (and its referral source), so a URL with several ids
(client_id plus another app's id) gets ids that belong together. Other apps' makers can
build on `probe_client(personas)`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from typing import Any

from django.utils import timezone

from careloop.clients import services
from careloop.clients.models import (
    Client,
    Consent,
    Medication,
    Referral,
    ReferralProcedure,
    ReferralSource,
)
from careloop.testing.personas import ObjectMaker, Personas

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


def _procedure(p: Personas) -> object:
    referral = Referral.objects.filter(client=probe_client(p)).order_by("pk").first()
    procedure, _ = ReferralProcedure.objects.get_or_create(
        practice=p.practice,
        referral=referral,
        defaults={"procedure": "Arthroscopy", "region": "knee_right", "date": dt.date(2024, 6, 3)},
    )
    return procedure.pk


def _medication(p: Personas) -> object:
    medication, _ = Medication.objects.get_or_create(
        practice=p.practice,
        client=probe_client(p),
        name="Probe medicine",
        defaults={"recorded_by": p.alice},
    )
    return medication.pk


OBJECT_MAKERS: dict[str, ObjectMaker] = {
    "client_id": _client,
    "source_id": _source,
    "referral_id": _referral,
    "consent_id": _consent,
    "procedure_id": _procedure,
    "medication_id": _medication,
}


_seq = itertools.count(1)


# alice's practice (careloop.testing.personas) and the demo practice keep London time;
# "today" in tests is theirs, or a run near midnight would disagree with the app.
PRACTICE_TZ = zoneinfo.ZoneInfo("Europe/London")


def today() -> dt.date:
    return timezone.localdate(timezone=PRACTICE_TZ)


def make_source(practice: Any, actor: Any, **fields: Any) -> ReferralSource:
    n = next(_seq)
    data = {
        "name": f"Dr Source {n}",
        "specialty": "Orthopaedics",
        "organisation": f"Clinic {n}",
        "email": f"source{n}@example.com",
        **fields,
    }
    return services.referral_source_create(
        practice=practice, actor=actor, allow_duplicate=True, **data
    )


def make_client(
    practice: Any,
    actor: Any,
    *,
    source: ReferralSource | None = None,
    consent: bool = True,
    referral: dict[str, Any] | None = None,
    **fields: Any,
) -> Client:
    n = next(_seq)
    client_fields = {
        "first_name": f"Client{n}",
        "last_name": f"Surname{n}",
        "date_of_birth": dt.date(1960, 1, 1),
        "sex": "female",
        **fields,
    }
    referral_fields = {
        "source": source or make_source(practice, actor),
        "referral_date": today() - dt.timedelta(days=10),
        "reason": "S/P R TKA, please strengthen",
        "region": "knee_right",
        **(referral or {}),
    }
    consent_fields = (
        {"given_on": today() - dt.timedelta(days=5), "scope": "Sessions, with the referrer"}
        if consent
        else None
    )
    return services.client_create(
        practice=practice,
        actor=actor,
        client_fields=client_fields,
        referral_fields=referral_fields,
        consent_fields=consent_fields,
    )
