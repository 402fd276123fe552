from __future__ import annotations

import pytest
from django.urls import reverse

from careloop.audit.models import AuditEvent
from careloop.clients.models import Client
from careloop.clients.testing import make_client, today

pytestmark = pytest.mark.django_db


def test_discharge_and_reactivate(personas, alice_client):
    client = make_client(personas.practice, personas.alice)
    response = alice_client.post(
        reverse("client_discharge", args=[client.pk]), {"reason": "Goals met"}
    )
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.status == Client.Status.DISCHARGED
    assert client.discharged_on == today()
    assert client.discharge_reason == "Goals met"
    html = alice_client.get(reverse("client_detail", args=[client.pk])).content.decode()
    assert "Discharged on" in html and "Reactivate" in html

    alice_client.post(reverse("client_reactivate", args=[client.pk]))
    client.refresh_from_db()
    assert client.status == Client.Status.ACTIVE
    assert client.discharged_on is None
    details = list(
        AuditEvent.objects.filter(object_type="clients.client", action="update")
        .order_by("seq")
        .values_list("detail", flat=True)
    )
    assert details == ["discharged", "reactivated"]


def test_a_client_on_hold_is_not_discharged(personas, alice_client):
    client = make_client(personas.practice, personas.alice)
    Client.objects.filter(pk=client.pk).update(status=Client.Status.ON_HOLD)
    response = alice_client.post(reverse("client_discharge", args=[client.pk]), follow=True)
    assert "on hold" in response.content.decode()
    client.refresh_from_db()
    assert client.status == Client.Status.ON_HOLD


def test_status_cannot_be_edited_by_hand(personas, alice_client):
    client = make_client(personas.practice, personas.alice)
    alice_client.post(
        reverse("client_edit", args=[client.pk]),
        {
            "first_name": client.first_name,
            "last_name": client.last_name,
            "date_of_birth": "1960-01-01",
            "sex": client.sex,
            "status": "on_hold",
        },
    )
    client.refresh_from_db()
    assert client.status == Client.Status.ACTIVE


def test_discharge_only_answers_post(personas, alice_client):
    client = make_client(personas.practice, personas.alice)
    assert alice_client.get(reverse("client_discharge", args=[client.pk])).status_code == 405
