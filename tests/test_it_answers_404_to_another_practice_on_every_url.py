"""Every URL that takes an object id answers 404 to another practice, and every such GET
page of client data writes exactly one view event for its record.

This walks the URL configuration itself, so a new URL is covered the day it is added: if
its id kwarg has no maker in careloop/testing/objects.py, or its page writes no view event
(and is not on the commented allow-list below), this test fails and says so.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from careloop.audit.models import AuditEvent
from careloop.testing.objects import NOT_OBJECT_IDS, OBJECT_MAKERS


def _walk(patterns, prefix_names=()):
    for entry in patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "api":
            continue  # the REST API: careloop/api/tests walk it with API tokens
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


# The record a page of client data is about, by the URL kwarg that names it: alice's GET of
# the page must write exactly one view event for it. With two ids in one URL (a client's
# session), the page is about the more specific record, listed first here.
VIEWED_OBJECT_TYPES = {
    "session_id": "training.session",
    "version_id": "training.programversion",
    "letter_id": "letters.letter",
    "triage_record_id": "episodes.triagerecord",
    "hold_id": "episodes.hold",
    "follow_up_id": "episodes.followup",
    "report_id": "episodes.painreport",
    "episode_id": "episodes.episode",
    "shared_case_id": "cases.sharedcase",
    "referral_id": "clients.referral",
    "consent_id": "clients.consent",
    "client_id": "clients.client",
    "source_id": "clients.referralsource",  # its detail page lists the clients referred
}

# GET pages that take an id but show no client data, so write no view event. Keep each
# reason: a page missing from here and from VIEWED_OBJECT_TYPES fails the walker.
NOT_CLIENT_DATA_PAGES = {
    # A referring clinician's contact details (name, specialty, address), not a client.
    # (Its detail page lists the clients it referred, so that one is audited.)
    "referral_source_edit": "a clinician's contact details",
    # The practice's exercise library: names and instructions, no client in it.
    "exercise_edit": "an exercise of the practice's library",
    # htmx fragments that add one empty form row: the practice's exercise list and blank
    # fields; the page that holds them (program edit, new session) wrote its view event.
    "program_edit_row": "an empty program row",
    "session_form_row": "an empty session exercise row",
    # The professionals' network (careloop/network): content shared across practices that
    # holds no client record (the identifier guard keeps client data out of it).
    **dict.fromkeys(
        (
            "network_member",
            "network_member_moderate",
            "network_category",
            "network_tag",
            "network_thread",
            "network_post_edit",
            "network_post_history",
            "network_flag",
            "network_post_moderate",
            "network_post_edit_out",
        ),
        "the network's shared discussion, no client record",
    ),
}


def _expected_view(kwargs, values):
    for kwarg, object_type in VIEWED_OBJECT_TYPES.items():
        if kwarg in kwargs:
            return object_type, str(values[kwarg])
    return None


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), OBJECT_PATTERNS, ids=[p[0] for p in OBJECT_PATTERNS])
def test_alices_get_of_each_client_data_page_writes_one_view_event(
    personas, alice_client, name, kwargs
):
    values = {kwarg: OBJECT_MAKERS[kwarg](personas) for kwarg in kwargs}
    url = reverse(name, kwargs=values)
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    response = alice_client.get(url)
    views = list(
        AuditEvent.objects.filter(seq__gt=before, action="view").values_list(
            "object_type", "object_id"
        )
    )
    if response.status_code != 200:
        return  # a redirect or a refused method (405) shows nothing
    if name in NOT_CLIENT_DATA_PAGES:
        assert not views, f"{name} writes view events now: take it off NOT_CLIENT_DATA_PAGES"
        return
    expected = _expected_view(kwargs, values)
    assert expected is not None, (
        f"{name}: add its id to VIEWED_OBJECT_TYPES, or justify it in NOT_CLIENT_DATA_PAGES"
    )
    assert views.count(expected) == 1, f"{url} wrote view events {views}, expected one {expected}"


def test_the_allow_list_names_only_object_pages():
    assert set(NOT_CLIENT_DATA_PAGES) <= {name for name, _ in OBJECT_PATTERNS}


# Pages opened by a secret in the link rather than by a signed-in member: not practice
# pages, so the walk above skips their `token`. Each is listed with where it is proved that
# a token opens its own record only (a new token URL fails the test below until listed).
TOKEN_PAGES = {
    "invitation_accept": "careloop/accounts/tests (one invitation per token)",
    "signup_verify": "careloop/accounts/tests (one sign-up per token)",
    "password_reset_confirm": "Django's token generator (one user per link)",
    "network_unsubscribe": "careloop/network (a signed token naming one member)",
    "checkin_page": "careloop/checkin/tests/test_it_opens_only_its_own_client.py",
}


def test_every_token_page_is_listed():
    found = {
        pattern.name
        for pattern in _walk(get_resolver().url_patterns)
        if "token" in pattern.pattern.converters
    }
    assert found == set(TOKEN_PAGES), f"list each token page in TOKEN_PAGES: {sorted(found)}"
