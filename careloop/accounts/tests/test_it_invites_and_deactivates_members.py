import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from careloop.accounts.middleware import PracticeMiddleware
from careloop.accounts.models import Membership, User
from careloop.audit.models import AuditEvent


@pytest.mark.django_db
def test_owner_invites_a_colleague_by_email_who_joins_with_the_link(
    personas, alice_client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            "/practice/members/", {"email": "dee@example.com", "role": "practitioner"}
        )
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail["To"] == "dee@example.com"
    path = re.search(r"https?://[^/\s]+(/invitation/\S+/)", mail.get_content()).group(1)

    newcomer = Client()
    form = {
        "full_name": "Dee Dunn",
        "credentials": "CES",
        "password1": "a-long-passphrase-9",
        "password2": "a-long-passphrase-9",
    }
    assert newcomer.post(path, form).status_code == 302
    dee = User.objects.get(email="dee@example.com")
    assert Membership.objects.get(user=dee).practice == personas.practice
    # The link created the account but signed nobody in: Dee signs in with her password.
    assert newcomer.get("/").status_code == 302
    newcomer.post("/login/", {"username": "dee@example.com", "password": "a-long-passphrase-9"})
    assert newcomer.get("/").status_code == 200
    # The link works once.
    assert Client().get(path).status_code == 404


@pytest.mark.django_db
def test_invitation_form_errors_stand_next_to_the_field(alice_client):
    response = alice_client.post("/practice/members/", {"email": "not-an-email", "role": "x"})
    html = response.content.decode()
    assert 'id="id_email_error"' in html
    assert 'id="id_role_error"' in html


@pytest.mark.django_db
def test_a_practitioner_cannot_manage_members(bob_client):
    assert bob_client.get("/practice/members/").status_code == 403
    assert bob_client.get("/practice/").status_code == 403


@pytest.mark.django_db
def test_a_deactivated_member_is_signed_out_and_cannot_return(personas, alice_client, bob_client):
    membership = Membership.objects.get(user=personas.bob)
    response = alice_client.post(f"/practice/members/{membership.pk}/deactivate/")
    assert response.status_code == 302
    assert bob_client.get("/").status_code == 302
    assert AuditEvent.objects.filter(
        object_type="accounts.membership", object_id=str(membership.pk)
    ).exists()


@pytest.mark.django_db
def test_an_owner_cannot_deactivate_themselves(personas, alice_client):
    membership = Membership.objects.get(user=personas.alice)
    alice_client.post(f"/practice/members/{membership.pk}/deactivate/")
    membership.refresh_from_db()
    assert membership.is_active


@pytest.mark.django_db
def test_practice_settings_refuse_an_unknown_time_zone(personas, alice_client):
    response = alice_client.post(
        "/practice/",
        {
            "name": "Alice's",
            "time_zone": "Mars/Olympus",
            "units": "kg",
            "paper_size": "A4",
        },
    )
    assert response.status_code == 200
    assert 'id="id_time_zone_error"' in response.content.decode()
    personas.practice.refresh_from_db()
    assert personas.practice.time_zone == "Europe/London"


@pytest.mark.django_db
def test_requests_run_in_the_practice_time_zone(personas, rf):

    seen = []
    middleware = PracticeMiddleware(
        lambda request: seen.append(timezone.get_current_timezone_name()) or HttpResponse()
    )
    request = rf.get("/")
    request.user = personas.charlie
    middleware(request)
    request = rf.get("/")
    request.user = personas.alice
    middleware(request)
    assert seen == ["America/New_York", "Europe/London"]
    assert timezone.get_current_timezone_name() == "UTC"  # reset after each request
