"""Stored records -> the document's people: practice, author, recipient and client.

Split from :mod:`careloop.record.build` (which imports these); same rules: no query per
row, text cut to the document's limits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from careloop.clients.models import Client, Medication, Referral, ReferralProcedure
from careloop.clients.selectors import current_consent
from careloop.record import document as d
from careloop.triage import REGIONS


class BuildError(Exception):
    """The record lacks what a letter needs; ``problems`` as ``(field, message)``."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{path}: {message}" for path, message in problems))
        self.problems = problems


def _short(text: str, limit: int = 200) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _lines(text: str) -> list[str]:
    return [_short(line) for line in (text or "").splitlines() if line.strip()]


def _name(user: Any) -> str:
    return _short(getattr(user, "full_name", "") or getattr(user, "email", "") or "CareLoop")


# ---- who ----------------------------------------------------------------------------------


def _practice(practice: Any) -> d.Practice:
    return d.Practice(
        name=_short(practice.name),
        address=practice.address[:500],
        phone=practice.phone,
        fax=practice.fax,
        email=practice.email,
        website=practice.website,
        tagline=_short(practice.letterhead_tagline),
        signoff=_short(practice.letter_signoff) or "Kind regards,",
        time_zone=practice.time_zone,
        units=practice.units,
        paper_size=practice.paper_size,
    )


def _author(user: Any, practice: Any) -> d.Author:
    credentials = getattr(user, "credentials", "") or ""
    # "BSc, Medical Exercise Specialist": the words after the degrees are the role.
    parts = [p.strip() for p in credentials.split(",") if p.strip()]
    role_words = [p for p in parts if " " in p]
    degrees = [p for p in parts if " " not in p]
    return d.Author(
        name=_name(user),
        credentials=", ".join(degrees),
        role=", ".join(role_words),
        email=user.email,
        phone=getattr(user, "phone", "") or practice.phone,
    )


def _recipient(referral: Referral | None) -> d.ReferralSource:
    if referral is None:
        raise BuildError(
            [("recipient", "the client has no referral: record who referred them first")]
        )
    s = referral.source
    return d.ReferralSource(
        name=_short(s.name),
        salutation=_short(s.salutation),
        credentials=_short(s.credentials),
        specialty=_short(s.specialty),
        organisation=_short(s.organisation),
        phone=s.phone,
        fax=s.fax,
        email=s.email,
        address=s.address[:500],
        preferred_channel=s.preferred_channel,  # type: ignore[arg-type]
    )


def _consent(client: Client, now: dt.datetime) -> d.Consent | None:
    consent = current_consent(client, timezone.localtime(now, client.practice.tz).date())
    if consent is None:
        return None
    return d.Consent(
        given_on=consent.given_on, scope=consent.scope[:1000], expires_on=consent.expires_on
    )


def _client(client: Client, referral: Referral | None, *, now: dt.datetime) -> d.Client:
    ref = None
    if referral is not None:
        surgeries = []
        if referral.has_surgery and referral.surgery_procedure:
            surgeries.append(
                d.Surgery(
                    procedure=_short(referral.surgery_procedure),
                    region=referral.surgery_region,  # type: ignore[arg-type]
                    date=referral.surgery_date,  # type: ignore[arg-type]
                )
            )
        # Further surgeries or procedures the referral names (one query).
        surgeries += [
            d.Surgery(procedure=_short(p.procedure), region=p.region, date=p.date)  # type: ignore[arg-type]
            for p in ReferralProcedure.objects.filter(referral=referral).order_by("date", "pk")
            if p.region in REGIONS
        ]
        ref = d.Referral(
            date=referral.referral_date,
            reason=referral.reason[:5000] or "Not stated",
            diagnosis=referral.diagnosis[:5000],
            region=referral.region if referral.region in REGIONS else None,  # type: ignore[arg-type]
            surgeries=surgeries,
            precautions=_lines(referral.precautions),
            contraindications=_lines(referral.contraindications),
        )
    sex = {"female": "female", "male": "male", "other": "other"}.get(client.sex, "not_stated")
    return d.Client(
        name=_short(client.full_name),
        given_name=client.first_name[:200],
        date_of_birth=client.date_of_birth,
        sex=sex,  # type: ignore[arg-type]
        referral=ref,
        identifiers=_identifiers(referral),
        medications=[
            d.Medication(
                name=_short(m.name),
                dose=_short(m.dose),
                note=_short(m.note, 500),
                source=m.source,  # type: ignore[arg-type]
            )
            for m in Medication.objects.filter(client=client, stopped_at__isnull=True)
        ],
        consent=_consent(client, now),
    )


def _identifiers(referral: Referral | None) -> list[d.ClientIdentifier]:
    """The referrer's number for the client (e.g. their MRN), issued by the referrer."""
    if referral is None or not referral.client_identifier.strip():
        return []
    source = referral.source
    return [
        d.ClientIdentifier(
            system=_short(referral.client_identifier_system or "Number"),
            value=_short(referral.client_identifier),
            assigner=_short(source.organisation or source.name),
        )
    ]
