import pytest
from django.test import Client

from careloop.audit.models import AuditEvent
from careloop.network.models import Member, MemberRelation
from careloop.network.services import reply_create
from careloop.network.testing import make_thread
from careloop.testing.personas import make_user

pytestmark = pytest.mark.django_db

JOIN = {
    "display_name": "Bob Baker",
    "handle": "Bob.Baker",
    "credentials": "MES, CSCS",
    "specialties": "post-op knee",
    "country": "GB",
    "region": "Yorkshire",
    "bio": "Twenty years on the gym floor.",
    "declared_credential": "",
    "email_immediate": "on",
    "digest": "weekly",
}


def test_a_user_sees_an_invitation_and_joins_by_accepting_the_code(bob_client, personas):
    assert "Join the network" in bob_client.get("/network/").content.decode()
    response = bob_client.post("/network/join/", JOIN)
    assert response.status_code == 200
    assert "Joining means accepting the code of conduct." in response.content.decode()
    assert not Member.objects.exists()
    response = bob_client.post("/network/join/", {**JOIN, "accept_conduct": "on"})
    assert response.status_code == 302
    member = Member.objects.get()
    assert (member.handle, member.credentials, member.shown_practice_name) == (
        "bob.baker",
        "MES, CSCS",
        "",
    )
    assert AuditEvent.objects.filter(action="network_join", practice=None).count() == 1


def test_the_practice_shows_only_when_the_member_chooses(bob_client, alice_client, personas):
    bob_client.post("/network/join/", {**JOIN, "accept_conduct": "on"})
    alice_client.post("/network/join/", {**JOIN, "handle": "alice", "accept_conduct": "on"})
    bob = Member.objects.get(user=personas.bob)
    page = alice_client.get(f"/network/members/{bob.pk}/").content.decode()
    assert personas.practice.name not in page.split("<main")[1]
    bob_client.post("/network/me/", {**JOIN, "show_practice": "on"})
    page = alice_client.get(f"/network/members/{bob.pk}/").content.decode()
    assert personas.practice.name.replace("'", "&#x27;") in page


def test_a_taken_handle_is_refused_next_to_the_field(personas, members):

    dana = make_user("dana@example.com", "Dana Doyle", personas.practice, "practitioner")
    client = Client()
    client.force_login(dana)
    response = client.post("/network/join/", {**JOIN, "handle": "Alice", "accept_conduct": "on"})
    assert response.status_code == 200
    assert "Member with this Handle already exists." in response.content.decode()
    assert not Member.objects.filter(user=dana).exists()


def test_profiles_list_threads_and_replies(alice_client, members):
    thread = make_thread(members.bob, title="Shoulder impingement progressions")
    other = make_thread(members.alice, title="Billing physicians")
    reply_create(member=members.bob, thread=other, body="We invoice monthly.")
    page = alice_client.get(f"/network/members/{members.bob.pk}/").content.decode()
    assert "Started: Shoulder impingement progressions" in page
    assert "Replied in: Billing physicians" in page
    assert thread.title in page


def test_muting_collapses_posts_and_drops_threads_from_lists(bob_client, members):
    thread = make_thread(members.charlie, title="A thread by charlie")
    bob_client.post(f"/network/members/{members.charlie.pk}/relation/", {"kind": "mute"})
    assert MemberRelation.objects.get().kind == "mute"
    assert "A thread by charlie" not in bob_client.get("/network/").content.decode()
    page = bob_client.get(f"/network/t/{thread.pk}/").content.decode()
    assert "A post by a member you muted" in page
    bob_client.post(f"/network/members/{members.charlie.pk}/relation/", {"kind": ""})
    assert not MemberRelation.objects.exists()
