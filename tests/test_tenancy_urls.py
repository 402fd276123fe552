"""Every URL that takes an object id answers 404 to another practice.

This walks the URL configuration itself, so a new URL is covered the day it is added: if
its id kwarg has no maker in careloop/testing/objects.py, this test fails and says so.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from careloop.testing.objects import NOT_OBJECT_IDS, OBJECT_MAKERS


def _walk(patterns, prefix_names=()):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix_names)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry


def _object_patterns():
    found = []
    for pattern in _walk(get_resolver().url_patterns):
        kwargs = set(pattern.pattern.converters)
        if kwargs - NOT_OBJECT_IDS:
            found.append((pattern.name, sorted(kwargs)))
    return found


OBJECT_PATTERNS = _object_patterns()


def test_every_object_url_has_a_maker():
    missing = {
        f"{name}: {kwarg}"
        for name, kwargs in OBJECT_PATTERNS
        for kwarg in kwargs
        if kwarg not in OBJECT_MAKERS and kwarg not in NOT_OBJECT_IDS
    }
    assert not missing, f"add makers to careloop/testing/objects.py for: {sorted(missing)}"


def test_there_are_object_urls_to_walk():
    assert OBJECT_PATTERNS  # guards against the walk silently finding nothing


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), OBJECT_PATTERNS, ids=[p[0] for p in OBJECT_PATTERNS])
def test_charlie_gets_404_for_alices_objects(personas, charlie_client, alice_client, name, kwargs):
    values = {kwarg: OBJECT_MAKERS[kwarg](personas) for kwarg in kwargs}
    url = reverse(name, kwargs=values)
    statuses = {
        method: getattr(charlie_client, method)(url).status_code for method in ("get", "post")
    }
    assert set(statuses.values()) <= {404, 405}, f"{url}: {statuses}"
    assert 404 in statuses.values(), f"{url}: {statuses}"
    # ... and the same URL does reach alice's object for alice (the probe is not vacuous).
    assert alice_client.get(url).status_code in {200, 302, 405}, url
