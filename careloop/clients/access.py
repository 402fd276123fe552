"""Access to clients, referral sources, referrals and consents: 404 for missing and foreign.

Other apps reach a client through `client_for_user` and nothing else.
"""

from __future__ import annotations

from typing import Any

from careloop.accounts.access import get_in_practice
from careloop.clients.models import (
    Client,
    Consent,
    Medication,
    Referral,
    ReferralProcedure,
    ReferralSource,
)


def client_for_user(user: Any, client_id: Any) -> Client:
    return get_in_practice(Client.objects.select_related("practice"), user, client_id)


def referral_source_for_user(user: Any, source_id: Any) -> ReferralSource:
    return get_in_practice(ReferralSource.objects.all(), user, source_id)


def referral_for_user(user: Any, referral_id: Any) -> Referral:
    return get_in_practice(
        Referral.objects.select_related("client", "source", "practice"), user, referral_id
    )


def consent_for_user(user: Any, consent_id: Any) -> Consent:
    return get_in_practice(Consent.objects.select_related("client", "practice"), user, consent_id)


def referral_procedure_for_user(user: Any, procedure_id: Any) -> ReferralProcedure:
    return get_in_practice(
        ReferralProcedure.objects.select_related("referral__client", "practice"),
        user,
        procedure_id,
    )


def medication_for_user(user: Any, medication_id: Any) -> Medication:
    return get_in_practice(
        Medication.objects.select_related("client", "practice"), user, medication_id
    )
