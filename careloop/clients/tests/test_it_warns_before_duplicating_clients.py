"""Issue 11: creating a client with the name and date of birth of one already on file
warns and saves nothing until a person confirms it is someone else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from careloop.audit.models import AuditEvent
from careloop.clients.duplicates import DuplicateClient
from careloop.clients.models import Client, Referral
from careloop.clients.testing import make_client, make_source, today

pytestmark = pytest.mark.django_db

BORN = dt.date(1955, 3, 14)


def _post_data(source, **overrides):
    data = {
        "client-first_name": " margaret ",
        "client-last_name": "ELLIS",
        "client-date_of_birth": BORN.isoformat(),
        "client-sex": "female",
        "referral-source": str(source.pk),
        "referral-referral_date": today().isoformat(),
        "referral-reason": "Strengthening after knee replacement",
        "referral-region": "knee_right",
    }
    data.update(overrides)
    return data


def test_the_form_warns_links_the_existing_client_and_saves_nothing(personas, alice_client):
    existing = make_client(
        personas.practice,
        personas.alice,
        first_name="Margaret",
        last_name="Ellis",
        date_of_birth=BORN,
    )
    source = make_source(personas.practice, personas.alice)
    clients, referrals = Client.objects.count(), Referral.objects.count()
    response = alice_client.post(reverse("client_create"), _post_data(source))
    assert response.status_code == 200
    page = response.content.decode()
    assert "already on file" in page and "Nothing has been saved" in page
    assert reverse("client_detail", args=[existing.pk]) in page
    assert 'name="create_anyway"' in page
    assert (Client.objects.count(), Referral.objects.count()) == (clients, referrals)
    # The entered values stay in the form, to confirm with one click.
    assert response.context["client_form"]["last_name"].value() == "ELLIS"


def test_confirming_creates_the_second_client_and_audits_the_confirmation(personas, alice_client):
    make_client(
        personas.practice,
        personas.alice,
        first_name="Margaret",
        last_name="Ellis",
        date_of_birth=BORN,
    )
    source = make_source(personas.practice, personas.alice)
    response = alice_client.post(reverse("client_create"), _post_data(source, create_anyway="1"))
    assert response.status_code == 302
    second = Client.objects.order_by("-pk").first()
    assert Client.objects.filter(last_name__iexact="ellis").count() == 2
    event = AuditEvent.objects.get(
        object_type="clients.client", object_id=str(second.pk), action="create"
    )
    assert "duplicate" in event.detail and "Ellis" not in event.detail


@pytest.mark.parametrize(
    "other",
    [
        {"date_of_birth": dt.date(1955, 3, 15)},
        {"first_name": "Marguerite"},
    ],
)
def test_a_different_birthday_or_name_is_not_a_duplicate(personas, other):
    fields = {"first_name": "Margaret", "last_name": "Ellis", "date_of_birth": BORN}
    make_client(personas.practice, personas.alice, **fields)
    assert make_client(personas.practice, personas.alice, **{**fields, **other}).pk


def test_another_practices_client_is_not_a_duplicate(personas):
    fields = {"first_name": "Margaret", "last_name": "Ellis", "date_of_birth": BORN}
    make_client(personas.other_practice, personas.charlie, **fields)
    assert make_client(personas.practice, personas.alice, **fields).pk


def test_the_service_refuses_a_discharged_namesake_too(personas):
    fields = {"first_name": "Margaret", "last_name": "Ellis", "date_of_birth": BORN}
    existing = make_client(personas.practice, personas.alice, **fields)
    Client.objects.filter(pk=existing.pk).update(status=Client.Status.DISCHARGED)
    with pytest.raises(DuplicateClient) as caught:
        make_client(personas.practice, personas.alice, **fields)
    assert [c.pk for c in caught.value.matches] == [existing.pk]


# Editing: a change of name or date of birth that makes a client match another one.


def _edit_data(client, **overrides):
    data = {
        "first_name": client.first_name,
        "last_name": client.last_name,
        "date_of_birth": client.date_of_birth.isoformat(),
        "sex": client.sex,
        "language": client.language,
    }
    data.update(overrides)
    return data


def test_an_edit_that_matches_another_client_warns_and_saves_nothing(personas, alice_client):
    existing = make_client(
        personas.practice,
        personas.alice,
        first_name="Margaret",
        last_name="Ellis",
        date_of_birth=BORN,
    )
    other = make_client(
        personas.practice,
        personas.alice,
        first_name="Maggie",
        last_name="Ellis",
        date_of_birth=BORN,
    )
    url = reverse("client_edit", args=[other.pk])
    response = alice_client.post(url, _edit_data(other, first_name="margaret "))
    assert response.status_code == 200
    page = response.content.decode()
    assert "already on file" in page and "Nothing has been saved" in page
    assert reverse("client_detail", args=[existing.pk]) in page
    warning = page.split('id="duplicate-warning"')[1].split("</div>")[0]
    assert f"Open {existing.full_name}" in warning and "Maggie" not in warning  # not itself
    other.refresh_from_db()
    assert other.first_name == "Maggie"
    assert not AuditEvent.objects.filter(
        object_type="clients.client", object_id=str(other.pk), action="update"
    ).exists()

    response = alice_client.post(url, _edit_data(other, first_name="Margaret", create_anyway="1"))
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.first_name == "Margaret"
    event = AuditEvent.objects.get(
        object_type="clients.client", object_id=str(other.pk), action="update"
    )
    assert "duplicate" in event.detail and "Margaret" not in event.detail


def test_an_edit_that_keeps_name_and_birthday_never_warns(personas, alice_client):
    fields = {"first_name": "Margaret", "last_name": "Ellis", "date_of_birth": BORN}
    make_client(personas.practice, personas.alice, **fields)
    twin = make_client(personas.practice, personas.alice, **{**fields, "first_name": "Twin"})
    Client.objects.filter(pk=twin.pk).update(first_name="Margaret")  # confirmed twins on file
    twin.refresh_from_db()
    response = alice_client.post(
        reverse("client_edit", args=[twin.pk]), _edit_data(twin, phone="+44 20 7946 0000")
    )
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.phone == "+44 20 7946 0000"
