"""Every API path that takes an object id answers 404 to another practice's token, exactly
as the web app does (tests/test_it_answers_404_to_another_practice_on_every_url.py walks
the pages; this walks the API's URL patterns, so a new path is covered the day it is added)."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from careloop.api.testing import bearer, make_token
from careloop.testing.objects import OBJECT_MAKERS

# By the path's last part: a body the write paths accept far enough to look the object up
# (the lookup comes first).
BODIES = {
    "pain-reports": {"pain_now": 2, "region": "knee_right"},
    "versions": {"reason": "Progression", "items": []},
    "sessions": {
        "started_at": "2026-01-05T09:00:00Z",
        "duration_minutes": 30,
        "pain_before": 2,
    },
}


def _api_patterns(patterns, inside=False):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _api_patterns(entry.url_patterns, inside or entry.namespace == "api")
        elif isinstance(entry, URLPattern) and inside and entry.name:
            kwargs = sorted(entry.pattern.converters)
            if kwargs:
                yield str(entry.pattern), f"api:{entry.name}", kwargs


# One path serves all its methods (ninja names it after its first operation).
API_PATTERNS = list(
    {
        route: (name, kwargs) for route, name, kwargs in _api_patterns(get_resolver().url_patterns)
    }.values()
)
# Ids the API takes that the web's walker names differently.
ALIASES: dict[str, str] = {}


def test_the_walk_finds_the_api_paths_with_ids():
    names = {name for name, _ in API_PATTERNS}
    assert {"api:get_client", "api:get_episode", "api:get_letter_pdf"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), API_PATTERNS, ids=[p[0] for p in API_PATTERNS])
def test_charlies_token_gets_404_for_alices_objects(personas, name, kwargs):
    values = {k: OBJECT_MAKERS[ALIASES.get(k, k)](personas) for k in kwargs}
    url = reverse(name, kwargs=values)
    charlie = Client(**bearer(make_token(personas.charlie, personas.other_practice)))
    alice = Client(**bearer(make_token(personas.alice, personas.practice)))
    body = BODIES.get(url.rstrip("/").rsplit("/", 1)[-1], {})
    got = {
        "get": charlie.get(url).status_code,
        "post": charlie.post(url, body, content_type="application/json").status_code,
    }
    assert set(got.values()) <= {404, 405}, f"{url}: {got}"
    assert 404 in got.values(), f"{url}: {got}"
    # ... while alice's token reaches the same object (the probe is not vacuous).
    reached = {
        alice.get(url).status_code,
        alice.post(url, body, content_type="application/json").status_code,
    }
    assert reached - {404, 405}, f"{url}: alice got {reached}"
