"""Moderators appoint and remove moderators on a page of their own; each change is in
the moderation log and the audit trail; nobody else reaches the page."""

import pytest

from careloop.audit.models import AuditEvent
from careloop.network.models import Member, ModerationAction
from careloop.network.testing import make_member

pytestmark = pytest.mark.django_db

URL = "/network/moderation/moderators/"


def _role(member):
    return Member.objects.get(pk=member.pk).role


def test_a_moderator_appoints_a_member_by_handle(alice_client, members):
    page = alice_client.get(URL).content.decode()
    assert "Alice Archer" in page and "Appoint a moderator" in page
    response = alice_client.post(
        URL, {"action": "appoint", "handle": "@Bob", "reason": "Covers the evening queue"}
    )
    assert response.status_code == 302
    assert _role(members.bob) == "moderator"
    action = ModerationAction.objects.get(kind="appoint")
    assert (action.moderator, action.member, action.reason) == (
        members.alice,
        members.bob,
        "Covers the evening queue",
    )
    assert AuditEvent.objects.filter(action="network_appoint", practice=None).exists()
    log = alice_client.get("/network/moderation/log/").content.decode()
    assert "Appointed a moderator" in log and "Bob Baker" in log


def test_a_moderator_removes_another_with_a_reason_but_never_the_last(
    alice_client, bob_client, members
):
    Member.objects.filter(pk=members.bob.pk).update(role="moderator")
    # A reason is required, next to the field.
    response = alice_client.post(URL, {"action": "unappoint", "member": members.bob.pk})
    assert response.status_code == 400 and "Say why" in response.content.decode()
    assert _role(members.bob) == "moderator"
    response = alice_client.post(
        URL, {"action": "unappoint", "member": members.bob.pk, "reason": "Stepped back"}
    )
    assert response.status_code == 302 and _role(members.bob) == "member"
    assert ModerationAction.objects.get(kind="unappoint").reason == "Stepped back"
    assert "Removed a moderator" in alice_client.get("/network/moderation/log/").content.decode()
    # alice is now the only moderator: she cannot remove herself.
    response = alice_client.post(
        URL, {"action": "unappoint", "member": members.alice.pk, "reason": "Leaving"}
    )
    assert response.status_code == 400
    assert "the last moderator: appoint another one first" in response.content.decode()
    assert _role(members.alice) == "moderator"


def test_appointing_refuses_unknown_suspended_and_existing_moderators(alice_client, members):
    for handle, message in (
        ("nobody", "No member has this handle."),
        ("alice", "@alice is already a moderator."),
    ):
        response = alice_client.post(URL, {"action": "appoint", "handle": handle})
        assert response.status_code == 400 and message in response.content.decode()
    Member.objects.filter(pk=members.charlie.pk).update(status="suspended")
    response = alice_client.post(URL, {"action": "appoint", "handle": "charlie"})
    assert "@charlie is suspended: reinstate them first." in response.content.decode()
    assert not ModerationAction.objects.exists()


def test_members_and_non_members_get_404(bob_client, charlie_client, members):
    # bob is a member but not a moderator; charlie, once he has left, is not a member.
    for method in ("get", "post"):
        response = getattr(bob_client, method)(URL, {"action": "appoint", "handle": "bob"})
        assert response.status_code == 404
    Member.objects.filter(pk=members.charlie.pk).delete()
    assert charlie_client.get(URL).status_code == 404
    assert _role(members.bob) == "member"
    assert "Moderators</a>" not in bob_client.get("/network/").content.decode()


def test_the_page_costs_the_same_however_many_moderators(
    alice_client, members, personas, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30) as one:
        alice_client.get(URL)
    user_model = type(personas.alice)
    for i in range(5):
        user = user_model.objects.create_user(f"mod{i}@example.com", "x" * 12, full_name=f"Mod {i}")
        make_member(user, handle=f"mod{i}", role="moderator")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = alice_client.get(URL).content.decode()
    assert page.count('id="moderator-') == 6
