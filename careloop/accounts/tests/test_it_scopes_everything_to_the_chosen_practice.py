"""One person in several practices: the practice chosen in the session scopes everything."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from careloop.accounts.models import Membership, Practice
from careloop.audit.models import AuditEvent
from careloop.clients.models import Client as ClientRecord
from careloop.mfa.testing import force_sign_in
from careloop.testing.objects import OBJECT_MAKERS  # imported first: it loads the app makers


def probe_client(personas):
    """alice's probe client, the one the cross-practice URL walker uses."""
    return ClientRecord.objects.get(pk=OBJECT_MAKERS["client_id"](personas))


@pytest.fixture
def charlie_in_both(personas):
    """charlie owns the other practice (B) and is a practitioner in alice's practice (A)."""
    Membership.objects.create(
        user=personas.charlie, practice=personas.practice, role=Membership.Role.PRACTITIONER
    )
    return personas.charlie


def _switch(client, practice):
    return client.post(reverse("practice_switch"), {"practice": practice.pk})


@pytest.mark.django_db
def test_it_hides_practice_a_clients_while_practice_b_is_chosen(
    personas, charlie_in_both, charlie_client
):
    url = reverse("client_detail", args=[probe_client(personas).pk])
    assert _switch(charlie_client, personas.other_practice).status_code == 302
    assert charlie_client.get(url).status_code == 404
    assert _switch(charlie_client, personas.practice).status_code == 302
    assert charlie_client.get(url).status_code == 200
    assert _switch(charlie_client, personas.other_practice).status_code == 302
    assert charlie_client.get(url).status_code == 404


@pytest.mark.django_db
def test_it_shows_the_current_practice_and_the_switcher_on_every_page(
    personas, charlie_in_both, charlie_client
):
    _switch(charlie_client, personas.other_practice)
    page = charlie_client.get("/").content.decode()
    assert f'<span class="brand-practice">{escape(personas.other_practice.name)}</span>' in page
    assert reverse("practice_switch") in page
    chooser = charlie_client.get(reverse("practice_switch")).content.decode()
    assert f'value="{personas.practice.pk}"' in chooser
    assert f'value="{personas.other_practice.pk}"' not in chooser  # already working there


@pytest.mark.django_db
def test_it_shows_no_switcher_to_a_member_of_one_practice(alice_client):
    assert reverse("practice_switch") not in alice_client.get("/").content.decode()


@pytest.mark.django_db
def test_it_answers_404_when_switching_to_a_practice_one_is_not_a_member_of(personas, alice_client):
    assert _switch(alice_client, personas.other_practice).status_code == 404
    assert alice_client.post(reverse("practice_switch"), {"practice": "x"}).status_code == 404
    page = alice_client.get("/").content.decode()
    assert escape(personas.practice.name) in page


@pytest.mark.django_db
def test_a_deactivated_membership_ends_only_that_practice(personas, charlie_in_both):
    charlie = Client()
    force_sign_in(charlie, charlie_in_both)  # an owner: his session passed the code step
    _switch(charlie, personas.practice)
    # alice deactivates charlie in her practice while he is working in it.
    alice = Client()
    force_sign_in(alice, personas.alice)
    membership = Membership.objects.get(user=charlie_in_both, practice=personas.practice)
    alice.post(reverse("member_deactivate", args=[membership.pk]))

    response = charlie.get("/")
    assert response.status_code == 200  # still signed in, now in his own practice
    assert escape(personas.other_practice.name) in response.content.decode()
    assert "Your access to the practice you were working in has ended" in (
        response.content.decode()
    )
    assert charlie.get(reverse("client_detail", args=[probe_client(personas).pk])).status_code == (
        404
    )
    assert _switch(charlie, personas.practice).status_code == 404


@pytest.mark.django_db
def test_it_audits_a_switch_in_the_practice_left_and_the_practice_entered(
    personas, charlie_in_both, charlie_client
):
    _switch(charlie_client, personas.other_practice)
    _switch(charlie_client, personas.practice)
    events = list(
        AuditEvent.objects.filter(actor=charlie_in_both, detail__startswith="practice switch")
        .order_by("-seq")
        .values_list("practice_id", "detail")[:2]
    )
    assert events == [
        (personas.practice.pk, "practice switch: now working in this practice"),
        (personas.other_practice.pk, "practice switch: left for another practice"),
    ]


@pytest.mark.django_db
def test_it_scopes_audit_events_to_the_chosen_practice(personas, charlie_in_both, charlie_client):
    _switch(charlie_client, personas.practice)
    client = probe_client(personas)
    charlie_client.get(reverse("client_detail", args=[client.pk]))
    viewed = AuditEvent.objects.filter(
        actor=charlie_in_both, action="view", object_id=str(client.pk)
    ).get()
    assert viewed.practice_id == personas.practice.pk


@pytest.mark.django_db
def test_the_switch_page_reads_all_practices_in_one_query(
    personas, charlie_client, django_assert_max_num_queries
):
    for number in range(8):
        practice = Practice.objects.create(name=f"Branch {number}")
        Membership.objects.create(user=personas.charlie, practice=practice)
    # session, user, memberships with their practices: the same for 1 or 9 practices.
    with django_assert_max_num_queries(3):
        page = charlie_client.get(reverse("practice_switch"))
    assert page.content.decode().count('name="practice"') == 8
