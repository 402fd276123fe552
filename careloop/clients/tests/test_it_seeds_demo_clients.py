from __future__ import annotations

import pytest

from careloop.clients import demo, selectors
from careloop.clients.models import Client, Consent, Referral, ReferralSource
from careloop.demo.people import seed_people

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(m.objects.count() for m in (ReferralSource, Client, Referral, Consent))


def test_it_seeds_a_dozen_realistic_clients_once(django_capture_on_commit_callbacks):
    people = seed_people()
    demo.seed(people)
    first = _counts()
    demo.seed(people)
    assert _counts() == first
    sources, clients, referrals, _ = first
    assert 5 <= sources <= 7
    assert clients == referrals == len(demo.DEMO_CLIENTS) == 12
    for entry in demo.DEMO_CLIENTS:
        client = Client.objects.get(first_name=entry.first_name, last_name=entry.last_name)
        assert client.practice == people.practice
        assert selectors.current_referral(client).reason


def test_it_covers_the_consent_cases_and_post_op_windows():
    people = seed_people()
    demo.seed(people)
    states = {
        c.full_name: selectors.consent_status(c).state
        for c in Client.objects.filter(practice=people.practice)
    }
    assert list(states.values()).count("none") == 1
    assert list(states.values()).count("expired") == 1
    assert states["Margaret Ellis"] == "current"
    tkr = selectors.current_referral(Client.objects.get(last_name="Ellis"))
    assert 4 <= tkr.weeks_since_surgery() <= 12
    assert tkr.precautions
    conditions = {entry.condition for entry in demo.DEMO_CLIENTS}
    assert {"tkr_right", "rotator_cuff_left", "cardiac_rehab_phase_3"} <= conditions
