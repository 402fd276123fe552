"""Reads for clients, referral sources, referrals and consents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from careloop.accounts.models import Practice
from careloop.clients.models import (
    Client,
    Consent,
    Medication,
    Referral,
    ReferralProcedure,
    ReferralSource,
    name_key,
    number_key,
    practice_today,
)

# Client list "status" filter values besides the model's own statuses.
STATUS_CURRENT = ""  # active and on hold: the caseload
STATUS_ALL = "all"
STATUS_FILTERS = [
    (STATUS_CURRENT, "Active and on hold"),
    *Client.Status.choices,
    (STATUS_ALL, "All, including discharged"),
]


def client_list(
    practice: Practice, q: str = "", status: str = STATUS_CURRENT, source_id: int | None = None
) -> QuerySet[Client]:
    """The practice's clients matching a name search, a status and a referral source, with
    their referrals (newest first, source loaded)."""
    clients = Client.objects.filter(practice=practice)
    for term in q.split():
        clients = clients.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term))
    if status == STATUS_CURRENT:
        clients = clients.exclude(status=Client.Status.DISCHARGED)
    elif status != STATUS_ALL:
        clients = clients.filter(status=status)
    if source_id is not None:
        clients = clients.filter(pk__in=_referred_by(practice.pk, source_id))
    clients = clients.order_by("last_name", "first_name", "pk")
    return clients.prefetch_related(
        Prefetch(
            "referrals",
            queryset=Referral.objects.select_related("source").order_by("-referral_date", "-pk"),
        )
    )


def _referred_by(practice_id: int, source_id: int) -> QuerySet[Referral, Any]:
    # An uncorrelated IN: a correlated EXISTS lets SQLite walk the source's referrals once
    # per client (seconds at 10,000 clients).
    return Referral.objects.filter(practice_id=practice_id, source_id=source_id).values("client_id")


def clients_referred_by(source: ReferralSource) -> QuerySet[Client]:
    return Client.objects.filter(
        practice_id=source.practice_id, pk__in=_referred_by(source.practice_id, source.pk)
    ).order_by("last_name", "first_name", "pk")


def referral_source_list(practice: Practice, q: str = "") -> QuerySet[ReferralSource]:
    sources = ReferralSource.objects.filter(practice=practice)
    for term in q.split():
        sources = sources.filter(
            Q(name__icontains=term)
            | Q(organisation__icontains=term)
            | Q(specialty__icontains=term)
            | Q(credentials__icontains=term)
        )
    return sources.order_by("name", "pk")


def referral_source_duplicates(
    practice: Practice,
    *,
    name: str,
    email: str = "",
    phone: str = "",
    fax: str = "",
    exclude_id: int | None = None,
) -> list[ReferralSource]:
    """Sources in the practice that look like the same clinician: same name once titles,
    case and punctuation are set aside, or the same e-mail, phone or fax number."""
    match = Q(name__iexact=name.strip())
    if key := name_key(name):
        match |= Q(name_key=key)
    if email.strip():
        match |= Q(email__iexact=email.strip())
    for value in (phone, fax):
        if key := number_key(value):
            # A clinic's one fax line may be shared by every clinician there, so a number
            # matches both kinds: a source's phone may be another's fax.
            match |= Q(phone_key=key) | Q(fax_key=key)
    found = ReferralSource.objects.filter(match, practice=practice)
    if exclude_id is not None:
        found = found.exclude(pk=exclude_id)
    return list(found.order_by("name", "pk")[:10])


def current_referral(client: Client) -> Referral | None:
    """The newest referral (the one the client is being seen under)."""
    return (
        Referral.objects.filter(client=client)
        .select_related("source")
        .order_by("-referral_date", "-pk")
        .first()
    )


def client_referrals(client: Client) -> list[Referral]:
    return list(
        Referral.objects.filter(client=client)
        .select_related("source")
        .order_by("-referral_date", "-pk")
    )


def referral_procedures(referral: Referral) -> list[ReferralProcedure]:
    """The surgeries or procedures added to a referral beyond the one on the referral."""
    return list(ReferralProcedure.objects.filter(referral=referral).order_by("date", "pk"))


def current_medications(client: Client) -> list[Medication]:
    """The medicines the client takes now (stopped ones stay on file, out of this list)."""
    return list(Medication.objects.filter(client=client, stopped_at__isnull=True))


def current_consent(client: Client, on: dt.date | None = None) -> Consent | None:
    """The consent in force on `on` (today in the practice by default), if any."""
    day = on or practice_today(client.practice)
    return (
        _consents_in_force(client, day)
        .select_related("recorded_by")
        .order_by("-given_on", "-pk")
        .first()
    )


def consent_is_current(client: Client, on: dt.date | None = None) -> bool:
    """Whether anything may leave the practice about this client on `on` (default today)."""
    return _consents_in_force(client, on or practice_today(client.practice)).exists()


def _consents_in_force(client: Client, day: dt.date) -> QuerySet[Consent]:
    return Consent.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=day),
        client=client,
        revoked_at__isnull=True,
        given_on__lte=day,
    )


@dataclass(frozen=True)
class ConsentStatus:
    """`state` is "current", "expired", "revoked" or "none"; `consent` is the one it is
    about (the current one, else the most recent one), and `history` all of them."""

    state: str
    consent: Consent | None
    history: list[Consent]

    @property
    def is_current(self) -> bool:
        return self.state == "current"


def consent_status(client: Client, on: dt.date | None = None) -> ConsentStatus:
    day = on or practice_today(client.practice)
    history = list(
        Consent.objects.filter(client=client)
        .select_related("recorded_by")
        .order_by("-given_on", "-pk")
    )
    for consent in history:
        if consent.is_current(day):
            return ConsentStatus("current", consent, history)
    if not history:
        return ConsentStatus("none", None, history)
    latest = history[0]
    if latest.revoked_at is not None:
        return ConsentStatus("revoked", latest, history)
    if latest.given_on > day:
        return ConsentStatus("none", latest, history)
    return ConsentStatus("expired", latest, history)
