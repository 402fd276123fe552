"""Makers for tests: this app's OBJECT_MAKERS entries (a case shared from alice's
practice), and `shared_case_for`, used by the cases tests."""

from __future__ import annotations

from careloop.cases import preview, services
from careloop.cases.models import SharedCase
from careloop.episodes.testing import held_report
from careloop.network.testing import make_member
from careloop.testing.personas import ObjectMaker, Personas


def shared_case_for(p: Personas) -> SharedCase:
    """alice shares the held episode of one of her clients (consent not required)."""
    services.case_setting_set(
        practice=p.practice, changed_by=p.alice, consent_required=False, reason="test rule"
    )
    episode = held_report(p).episode
    make_member(p.alice)
    doc, extra = preview.source_of(episode, p.alice)
    return services.case_share(
        episode=episode,
        user=p.alice,
        case=preview.case_of(doc, extra),
        title="Pain after step-downs",
        question="What would you have done?",
    )


def _shared_case(p: Personas) -> object:
    return shared_case_for(p).pk


OBJECT_MAKERS: dict[str, ObjectMaker] = {"shared_case_id": _shared_case}
