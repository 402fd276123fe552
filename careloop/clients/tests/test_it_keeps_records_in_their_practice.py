from __future__ import annotations

import pytest
from django.http import Http404

from careloop.clients.access import (
    client_for_user,
    consent_for_user,
    referral_for_user,
    referral_source_for_user,
)
from careloop.clients.testing import make_client

pytestmark = pytest.mark.django_db


def test_access_functions_answer_404_for_foreign_and_missing(personas):
    client = make_client(personas.practice, personas.alice)
    referral = client.referrals.get()
    consent = client.consents.get()
    cases = [
        (client_for_user, client.pk),
        (referral_source_for_user, referral.source_id),
        (referral_for_user, referral.pk),
        (consent_for_user, consent.pk),
    ]
    for access, pk in cases:
        assert access(personas.bob, pk).pk == pk
        with pytest.raises(Http404):
            access(personas.charlie, pk)
        with pytest.raises(Http404):
            access(personas.alice, 999_999)
        with pytest.raises(Http404):
            access(personas.alice, "not-a-number")
