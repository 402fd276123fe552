"""Reads of the cases app."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from careloop.cases.models import CaseSharingConsent, CaseSharingSetting, SharedCase


def consent_required(practice_id: int) -> bool:
    setting = CaseSharingSetting.objects.filter(practice_id=practice_id).first()
    return setting is None or setting.consent_required


def current_consent(client: Any) -> CaseSharingConsent | None:
    return (
        CaseSharingConsent.objects.filter(
            client=client, revoked_at__isnull=True, given_on__lte=timezone.localdate()
        )
        .order_by("-given_on", "-pk")
        .first()
    )


def consent_needed(client: Any) -> bool:
    """True while sharing this client's episode still needs a consent on record."""
    return consent_required(client.practice_id) and current_consent(client) is None


def cases_of_episode(episode: Any) -> list[SharedCase]:
    return list(SharedCase.objects.filter(episode=episode).select_related("thread"))
