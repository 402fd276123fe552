"""The program form: change, remove, reorder and add rows in one save; stale saves refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from careloop.testing.forms import as_post
from careloop.training.models import ProgramVersion
from careloop.training.selectors import program_items
from careloop.training.testing import make_program

pytestmark = pytest.mark.django_db


def _edit_form(http, client):
    response = http.get(reverse("program_edit", kwargs={"client_id": client.pk}))
    assert response.status_code == 200
    return as_post(response.context["form"], response.context["formset"])


def test_it_writes_the_first_version(personas, alice_client, client_record, library):
    data = _edit_form(alice_client, client_record)
    assert data["items-TOTAL_FORMS"] == 1 and data["based_on_version"] == 0
    data.update(
        {
            "items-0-exercise": str(library["Heel slide"].pk),
            "items-0-sets": "2",
            "items-0-reps": "15",
            "items-0-range_of_motion": "0-90 degrees",
            "reason": "Referral: TKR 6 weeks ago",
        }
    )
    response = alice_client.post(
        reverse("program_edit", kwargs={"client_id": client_record.pk}), data
    )
    assert response.status_code == 302
    version = ProgramVersion.objects.get()
    assert version.number == 1 and version.change_summary == "First version"
    assert version.reason == "Referral: TKR 6 weeks ago"


def test_it_saves_changes_removals_additions_and_order_in_one_version(
    personas, alice_client, client_record, library
):
    program = make_program(client_record, personas.alice, loads=(20, 40, 0))
    data = _edit_form(alice_client, client_record)
    data["items-0-load"] = "30"  # Leg press 20 -> 30
    data["items-1-DELETE"] = "on"  # Step-up out
    data["items-2-ORDER"] = "1"  # Wall sit first
    data["items-0-ORDER"] = "2"
    # "Add exercise" (htmx) hands back row 3 and the new total.
    row = alice_client.get(
        reverse("program_edit_row", kwargs={"client_id": client_record.pk}),
        {"items-TOTAL_FORMS": "3"},
    )
    html = row.content.decode()
    assert 'name="items-3-exercise"' in html and 'value="4"' in html and "hx-swap-oob" in html
    data["items-TOTAL_FORMS"] = "4"
    data.update({"items-3-exercise": str(library["Clamshell"].pk), "items-3-reps": "12"})
    data["reason"] = "Progressing: two weeks pain-free"
    response = alice_client.post(
        reverse("program_edit", kwargs={"client_id": client_record.pk}), data
    )
    assert response.status_code == 302, response.context["formset"].errors
    version = ProgramVersion.objects.get(program=program, number=2)
    assert version.change_summary == (
        "Added Clamshell; Leg press load 20 -> 30 kg; Removed Step-up; Changed the order"
    )
    program.refresh_from_db()
    assert [(i.exercise.name, i.load) for i in program_items(program)] == [
        ("Wall sit", Decimal("0.00")),
        ("Leg press", Decimal("30.00")),
        ("Clamshell", None),
    ]


def test_it_ignores_an_added_row_left_empty(personas, alice_client, client_record):
    make_program(client_record, personas.alice, loads=(20,))
    data = _edit_form(alice_client, client_record)
    data["items-TOTAL_FORMS"] = "2"
    data["items-1-load_unit"] = "kg"
    data["items-0-reps"] = "12"
    data["reason"] = "More reps"
    response = alice_client.post(
        reverse("program_edit", kwargs={"client_id": client_record.pk}), data
    )
    assert response.status_code == 302


def test_it_shows_errors_next_to_the_row_and_saves_nothing(personas, alice_client, client_record):
    make_program(client_record, personas.alice, loads=(20,))
    data = _edit_form(alice_client, client_record)
    data["items-0-load"] = "-10"
    data["reason"] = ""
    response = alice_client.post(
        reverse("program_edit", kwargs={"client_id": client_record.pk}), data
    )
    html = response.content.decode()
    assert 'id="id_items-0-load_error"' in html and "cannot be negative" in html
    assert 'id="id_reason_error"' in html
    assert ProgramVersion.objects.count() == 1


def test_it_refuses_the_second_of_two_concurrent_edits_with_a_clear_message(
    personas, alice_client, bob_client, client_record
):
    make_program(client_record, personas.alice, loads=(20,))
    alice_data = _edit_form(alice_client, client_record)
    bob_data = _edit_form(bob_client, client_record)
    url = reverse("program_edit", kwargs={"client_id": client_record.pk})
    bob_data.update({"items-0-load": "25", "reason": "Progress"})
    assert bob_client.post(url, bob_data).status_code == 302
    alice_data.update({"items-0-load": "15", "reason": "Sore knee"})
    response = alice_client.post(url, alice_data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bob Baker saved a newer version (v2) at" in html and "reload to see it" in html
    assert 'value="15"' in html  # alice's typing is still on the page
    assert ProgramVersion.objects.count() == 2


def test_it_shows_older_versions(personas, alice_client, client_record):
    program = make_program(client_record, personas.alice, loads=(20,))
    v1 = ProgramVersion.objects.get(program=program)
    data = _edit_form(alice_client, client_record)
    data.update({"items-0-load": "25", "reason": "Progress"})
    alice_client.post(reverse("program_edit", kwargs={"client_id": client_record.pk}), data)
    response = alice_client.get(
        reverse(
            "program_version_detail", kwargs={"client_id": client_record.pk, "version_id": v1.pk}
        )
    )
    html = response.content.decode()
    assert "earlier version" in html and "at 20 kg" in html
    detail = alice_client.get(reverse("program_detail", kwargs={"client_id": client_record.pk}))
    assert "Leg press load 20 -&gt; 25 kg" in detail.content.decode()
