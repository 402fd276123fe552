"""`careloop demo` seeds episodes at each stage, and a second run adds nothing."""

from __future__ import annotations

import pytest

from careloop.demo import demo_seed
from careloop.episodes.models import Decision, Episode, Hold


@pytest.mark.django_db
def test_it_seeds_each_stage_once():
    demo_seed()
    episodes = {e.client.first_name: e for e in Episode.objects.select_related("client")}
    if not episodes:
        pytest.skip("the clients seeder has not added its demo clients yet")
    assert episodes["George"].triage_records.get().action == "emergency"
    assert episodes["George"].emergency_actions.count() == 2
    assert Hold.objects.filter(client=episodes["Margaret"].client, lifted_at__isnull=True).exists()
    assert episodes["David"].status == "monitoring"
    assert Decision.objects.get(episode=episodes["David"]).chosen_action == "modify"
    assert episodes["Chloe"].status == "resolved"
    linda = episodes["Linda"].triage_records.get()
    assert linda.pain_report.session is None
    assert (linda.action, linda.care_setting) == ("emergency", "call_emergency_services")
    assert "E9" in {r.id for r in linda.matched_rules}
    counts = (Episode.objects.count(), Decision.objects.count(), Hold.objects.count())
    demo_seed()
    assert (Episode.objects.count(), Decision.objects.count(), Hold.objects.count()) == counts
