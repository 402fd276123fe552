"""Every page of the app goes through practice_view (signed in, a member of the practice
whose data it shows), unless it is listed below with the reason it is not a practice page.
Walks the URL configuration, so a new view without the decorator fails here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver


def _walk(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "api":
            continue  # the REST API: careloop/api/tests walk it with API tokens
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry


# Not practice pages, and why.
NOT_PRACTICE_PAGES = {
    # Open to anyone, before signing in or without a practice.
    "healthz": "the load balancer's probe",
    "login": "signing in",
    "logout": "signing out",
    "password_reset": "signing in again",
    "password_reset_done": "signing in again",
    "password_reset_confirm": "signing in again",
    "signup": "creating a practice",
    "signup_verify": "creating a practice",
    "invitation_accept": "joining a practice",
    "mfa_verify": "the second step of signing in",
    # The client's own check-in page: no account, the token in the link is the key
    # (careloop/checkin; one client, one practice, expiring, revocable, rate-limited).
    "checkin_page": "a client's check-in link",
    # The signed-in user's own account, in whatever practice they work.
    "password_change": "the user's own password",
    "practice_switch": "chooses among the user's practices",
    "mfa_overview": "the user's own second factor",
    "mfa_enrol": "the user's own second factor",
    "mfa_recovery_codes": "the user's own second factor",
    "mfa_remove": "the user's own second factor",
    # The network is shared between practices and holds no practice's client data:
    # its pages are guarded by network membership (network_view).
    "network_conduct": "public rules of the network",
    "network_unsubscribe": "a link from an e-mail, signed",
    # A network moderator (of any practice) withdraws a shared case: network_view, and
    # careloop.cases.access lets only its author or a moderator reach it.
    "case_withdraw": "network moderation of a de-identified case",
}


def test_every_page_of_practice_data_uses_practice_view():
    unguarded = []
    for pattern in _walk(get_resolver().url_patterns):
        name = pattern.name
        if name in NOT_PRACTICE_PAGES or name.startswith("network_"):
            continue
        if not getattr(pattern.callback, "practice_view", False):
            unguarded.append(name)
    assert unguarded == [], "use practice_view (or list the page and why): " + ", ".join(unguarded)


def test_the_walk_finds_guarded_pages():
    names = {p.name for p in _walk(get_resolver().url_patterns)}
    assert {"dashboard", "client_detail", "letter_detail", "episode_detail"} <= names
