"""GET /api/v1/episodes/{id}/fhir is the Bundle `careloop fhir bundle` writes from the same
episode's exported document (`careloop episode export`), audited with the token as the
actor."""

import json
import subprocess
import sys

import pytest

from careloop.audit.models import AuditEvent
from careloop.episodes.testing import held_report
from careloop.record.export import episode_export

pytestmark = pytest.mark.django_db


def test_the_api_bundle_is_the_command_lines_bundle_of_the_same_document(
    personas, alice_api, tmp_path
):
    report = held_report(personas)
    episode_id = report.episode_id
    path = tmp_path / "episode.json"
    path.write_text(episode_export(episode_id=episode_id, author_email=personas.alice.email))

    response = alice_api.get(f"/api/v1/episodes/{episode_id}/fhir")
    assert response.status_code == 200, response.content
    bundle = response.json()
    assert bundle["resourceType"] == "Bundle"
    types = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert {"Patient", "ServiceRequest", "Observation", "Flag", "Task", "Provenance"} <= types

    patient = f"client-{report.episode.client_id}"
    command = ["fhir", "bundle", str(path), "--patient-id", patient]
    cli = subprocess.run(
        [sys.executable, "-m", "careloop.cli", *command],
        capture_output=True,
        text=True,
        check=True,
    )
    from_cli = json.loads(cli.stdout)
    # The document's "generated at" differs by a moment between the two calls; all else
    # is the same, entry for entry.
    assert list(_diff(_without_times(from_cli), _without_times(bundle))) == []
    assert AuditEvent.objects.filter(
        detail="api episode fhir bundle", actor_ref__startswith="api.token:"
    ).exists()


def test_another_practices_episode_is_a_404(personas, charlie_api):
    report = held_report(personas)
    assert charlie_api.get(f"/api/v1/episodes/{report.episode_id}/fhir").status_code == 404


def _without_times(bundle):
    bundle = dict(bundle)
    bundle.pop("timestamp", None)
    bundle.pop("meta", None)
    return bundle


def _diff(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in set(a) | set(b):
            yield from _diff(a.get(k), b.get(k), f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _diff(x, y, f"{path}[{i}]")
    elif a != b:
        yield path, a, b
