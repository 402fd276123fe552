"""A new program version is made against the current one: If-Match carries the version the
caller read (the program's ETag); a stale one is a 412 and nothing is saved."""

import json

import pytest

from careloop.episodes.testing import make_client
from careloop.training.models import Exercise, ProgramVersion
from careloop.training.testing import make_program

pytestmark = pytest.mark.django_db


def _version(api, client_id, exercise_id, if_match=None, load=25):
    body = {"reason": "Progression", "items": [{"exercise_id": exercise_id, "load": load}]}
    headers = {"HTTP_IF_MATCH": if_match} if if_match else {}
    return api.post(
        f"/api/v1/clients/{client_id}/program/versions",
        json.dumps(body),
        "application/json",
        **headers,
    )


def test_it_creates_a_version_on_the_current_etag_and_refuses_a_stale_one(personas, alice_api):
    client = make_client(personas.practice)
    make_program(client, personas.alice)
    exercise = Exercise.objects.filter(practice=personas.practice).first()
    read = alice_api.get(f"/api/v1/clients/{client.pk}/program")
    assert read.status_code == 200
    etag = read["ETag"]
    assert etag == '"1"'
    created = _version(alice_api, client.pk, exercise.pk, if_match=etag)
    assert created.status_code == 201, created.content
    assert created["ETag"] == '"2"'
    assert created.json()["current"]["items"][0]["exercise_id"] == exercise.pk
    stale = _version(alice_api, client.pk, exercise.pk, if_match=etag, load=30)
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json"
    assert ProgramVersion.objects.filter(program__client=client).count() == 2


def test_it_asks_for_if_match(personas, alice_api):
    client = make_client(personas.practice)
    make_program(client, personas.alice)
    exercise = Exercise.objects.filter(practice=personas.practice).first()
    response = _version(alice_api, client.pk, exercise.pk)
    assert response.status_code == 428
    assert ProgramVersion.objects.filter(program__client=client).count() == 1


def test_another_practices_exercise_is_named_by_its_path(personas, alice_api, charlie_api):
    client = make_client(personas.practice)
    make_program(client, personas.alice)
    other = make_client(personas.other_practice)
    make_program(other, personas.charlie)
    foreign = Exercise.objects.filter(practice=personas.other_practice).first()
    response = _version(alice_api, client.pk, foreign.pk, if_match='"1"')
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/items/0/exercise_id"
