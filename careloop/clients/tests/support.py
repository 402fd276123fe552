"""Makers for this app's tests: real rows through the services, as the app writes them."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from typing import Any

from django.utils import timezone

from careloop.clients import services
from careloop.clients.models import Client, ReferralSource

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
