import json
import os
import subprocess
import sys

import pytest


@pytest.mark.django_db
def test_it_answers_200_when_the_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_it_answers_503_when_the_database_is_unreachable(tmp_path):
    # A real PostgreSQL address where nothing listens: the view must say so, not crash.
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps([r.status_code, r.json()]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careloop.settings",
        "DATABASE_URL": "postgres://nobody:x@127.0.0.1:9/nothing?connect_timeout=2",
        "CARELOOP_LOCAL": "1",
        "CARELOOP_VAR_DIR": str(tmp_path),
    }
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    status, body = json.loads(out.stdout.strip().splitlines()[-1])
    assert status == 503
    assert body["database"] == "unreachable"
