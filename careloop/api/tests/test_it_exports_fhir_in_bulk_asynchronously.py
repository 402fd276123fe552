"""The API's $export (FHIR Bulk Data Access, system level): 202 and a status URL, the
worker writes NDJSON per resource type, the manifest lists the files, each downloads and
every line is a valid resource of the caller's practice only; DELETE removes the files."""

import json

import pytest
from django.test import Client

from careloop.api.bulk_export import export_directory
from careloop.api.models import ApiToken, BulkExport
from careloop.api.tasks import run_bulk_export
from careloop.api.testing import bearer, make_token
from careloop.audit.models import AuditEvent
from careloop.clients.testing import make_client
from careloop.episodes.testing import held_report
from careloop.fhir.validation import validate_resource

pytestmark = pytest.mark.django_db


def _kick_off(api, django_capture_on_commit_callbacks, query=""):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.get(f"/api/v1/$export{query}")
    assert response.status_code == 202, response.content
    return response["Content-Location"]


def test_an_export_runs_in_the_background_and_serves_its_files(
    personas, alice_api, django_capture_on_commit_callbacks
):
    report = held_report(personas)
    other = make_client(personas.other_practice, personas.charlie, first_name="Otto")
    status_url = _kick_off(alice_api, django_capture_on_commit_callbacks)
    assert status_url.startswith("http://testserver/api/v1/exports/")

    manifest = alice_api.get(status_url)
    assert manifest.status_code == 200, manifest.content
    body = manifest.json()
    assert body["requiresAccessToken"] is True
    kinds = {item["type"]: item for item in body["output"]}
    assert {"Patient", "Observation", "Flag", "Task", "Provenance"} <= set(kinds)

    lines = []
    for kind, item in kinds.items():
        response = alice_api.get(item["url"])
        assert response.status_code == 200
        assert response["Content-Type"] == "application/fhir+ndjson"
        text = b"".join(response.streaming_content).decode()
        rows = [json.loads(line) for line in text.splitlines()]
        assert len(rows) == item["count"]
        for row in rows:
            assert row["resourceType"] == kind
            validate_resource(row, f"{kind}/{row['id']}")
        lines += rows
    patients = [r for r in lines if r["resourceType"] == "Patient"]
    assert {p["id"] for p in patients} >= {f"client-{report.episode.client_id}"}
    # Only alice's practice: charlie's clients are not in it.
    assert f"client-{other.pk}" not in {p["id"] for p in patients}
    assert AuditEvent.objects.filter(
        action="export", actor_ref__startswith="api.token:", practice=personas.practice
    ).exists()


def test_while_the_worker_writes_the_status_says_so(personas, alice_api):
    held_report(personas)
    # An export the worker has not reached yet (tests run tasks at once, so make the row
    # as the kick-off does and leave the task to this test).
    token = ApiToken.objects.get(practice=personas.practice)
    export = BulkExport.objects.create(practice=personas.practice, token=token)
    status_url = f"/api/v1/exports/{export.pk}"
    waiting = alice_api.get(status_url)
    assert waiting.status_code == 202
    assert waiting["X-Progress"] == "Queued"
    assert run_bulk_export.call(export.pk) == "complete"
    assert run_bulk_export.call(export.pk) == "complete"  # a retried task does nothing twice
    assert alice_api.get(status_url).status_code == 200


def test_since_leaves_out_what_did_not_change(
    personas, alice_api, django_capture_on_commit_callbacks
):
    held_report(personas)
    status_url = _kick_off(
        alice_api, django_capture_on_commit_callbacks, "?_since=2100-01-01T00:00:00Z"
    )
    body = alice_api.get(status_url).json()
    assert "_since=2100-01-01" in body["request"]
    assert not [item for item in body["output"] if item["type"] == "Observation"]


def test_another_practice_cannot_see_the_export_and_delete_removes_it(
    personas, alice_api, django_capture_on_commit_callbacks
):
    held_report(personas)
    status_url = _kick_off(alice_api, django_capture_on_commit_callbacks)
    first_file = alice_api.get(status_url).json()["output"][0]["url"]
    charlie = Client(**bearer(make_token(personas.charlie, personas.other_practice)))
    assert charlie.get(status_url).status_code == 404
    assert charlie.get(first_file).status_code == 404
    assert charlie.delete(status_url).status_code == 404

    export = BulkExport.objects.get()
    directory = export_directory(export)
    assert directory.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert alice_api.delete(status_url).status_code == 202
    assert not directory.exists()
    assert alice_api.get(status_url).status_code == 404
    assert alice_api.get(first_file).status_code == 404


def test_a_file_name_that_is_not_in_the_export_is_a_404(
    personas, alice_api, django_capture_on_commit_callbacks
):
    status_url = _kick_off(alice_api, django_capture_on_commit_callbacks)
    assert alice_api.get(f"{status_url}/Medication.ndjson").status_code == 404
    assert alice_api.get(f"{status_url}/..%2Fsecret.ndjson").status_code == 404
