"""The practice's exercise library: seeded once, searchable, editable, never duplicated."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careloop.training.exercise_library import exercise_library_seed, standard_library
from careloop.training.models import Exercise

pytestmark = pytest.mark.django_db


def test_the_standard_library_has_about_sixty_described_exercises():
    entries = standard_library()
    assert 55 <= len(entries) <= 75
    assert len({e["name"].lower() for e in entries}) == len(entries)
    areas = {c for c, _ in Exercise.BodyArea.choices}
    categories = {c for c, _ in Exercise.Category.choices}
    for entry in entries:
        assert entry["body_area"] in areas and entry["category"] in categories
        assert 40 <= len(entry["description"]) <= 300


def test_it_seeds_the_library_the_first_time_it_is_opened(personas, alice_client):
    assert not Exercise.objects.filter(practice=personas.practice).exists()
    response = alice_client.get(reverse("exercise_list"))
    assert response.status_code == 200
    count = Exercise.objects.filter(practice=personas.practice).count()
    assert count == len(standard_library())
    alice_client.get(reverse("exercise_list"))
    assert Exercise.objects.filter(practice=personas.practice).count() == count
    assert not Exercise.objects.filter(practice=personas.other_practice).exists()


def test_seeding_again_adds_only_what_is_missing(personas):
    assert exercise_library_seed(practice=personas.practice) == len(standard_library())
    Exercise.objects.filter(practice=personas.practice, name="Wall sit").update(is_active=False)
    Exercise.objects.filter(practice=personas.practice, name="Clamshell").delete()
    assert exercise_library_seed(practice=personas.practice) == 1
    assert not Exercise.objects.get(practice=personas.practice, name="Wall sit").is_active


def test_only_owners_load_the_standard_library(personas, alice_client, bob_client):
    url = reverse("exercise_library_load")
    assert bob_client.post(url).status_code == 403
    assert alice_client.post(url).status_code == 302
    assert Exercise.objects.filter(practice=personas.practice).count() == len(standard_library())


def test_it_searches_and_filters(personas, alice_client):
    exercise_library_seed(practice=personas.practice)
    response = alice_client.get(reverse("exercise_list"), {"q": "calf"})
    names = [e.name for e in response.context["page"].object_list]
    assert names == ["Calf raise, double leg", "Calf stretch against wall"]
    response = alice_client.get(
        reverse("exercise_list"), {"body_area": "knee", "category": "functional"}
    )
    assert [e.name for e in response.context["page"].object_list] == [
        "Forward step-down",
        "Step-up",
    ]


def test_it_creates_edits_and_deactivates(personas, alice_client):
    exercise_library_seed(practice=personas.practice)
    data = {
        "name": "Reverse lunge",
        "body_area": "knee",
        "category": "functional",
        "description": "Step back.",
        "is_active": "on",
    }
    assert alice_client.post(reverse("exercise_create"), data).status_code == 302
    lunge = Exercise.objects.get(practice=personas.practice, name="Reverse lunge")
    response = alice_client.post(reverse("exercise_create"), {**data, "name": "reverse lunge"})
    assert response.status_code == 200
    assert (
        'id="id_name_error"' in response.content.decode()
        or "already has" in response.content.decode()
    )
    data.pop("is_active")
    url = reverse("exercise_edit", kwargs={"exercise_id": lunge.pk})
    assert alice_client.post(url, data).status_code == 302
    lunge.refresh_from_db()
    assert not lunge.is_active
    listed = alice_client.get(reverse("exercise_list")).context["page"].paginator.count
    with_inactive = (
        alice_client.get(reverse("exercise_list"), {"inactive": "on"})
        .context["page"]
        .paginator.count
    )
    assert with_inactive == listed + 1


def test_the_library_list_costs_the_same_with_many_exercises(
    personas, alice_client, django_assert_max_num_queries
):
    exercise_library_seed(practice=personas.practice)
    Exercise.objects.bulk_create(
        Exercise(
            practice=personas.practice, name=f"Extra {i}", body_area="knee", category="strength"
        )
        for i in range(200)
    )
    with django_assert_max_num_queries(8):
        response = alice_client.get(reverse("exercise_list"))
    assert len(response.context["page"].object_list) == 50
