"""Sharing an episode as a case: consent, preview and edits, posting, who sees the
episode link, updates, withdrawal; every step audited."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from careloop.audit.models import AuditEvent
from careloop.cases import preview, services
from careloop.cases.models import CaseUpdate, SharedCase
from careloop.cases.testing import episode_to_share, shared_case_for
from careloop.episodes.testing import make_session
from careloop.network.models import Member, Post
from careloop.network.testing import make_member

pytestmark = pytest.mark.django_db


def _episode(p):  # type: ignore[no-untyped-def]
    return episode_to_share(p)


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def _sentence_fields(html: str) -> dict[str, str]:
    pattern = r'<textarea id="[^"]+" name="([^"]+~\d+)" rows="2">([^<]*)</textarea>'
    return dict(re.findall(pattern, html))


def _share_post(page: str, **extra: str) -> dict[str, str]:
    data = {"fingerprint": re.search(r'name="fingerprint" value="([^"]+)"', page).group(1)}
    data.update({k: html.unescape(v) for k, v in _sentence_fields(page).items()})
    data.update(title="Knee pain the day after step-ups", question="What would you change?")
    data.update(extra)
    return data


def test_it_needs_consent_then_posts_the_confirmed_case(personas, alice_client) -> None:
    episode = _episode(personas)
    make_member(personas.alice)
    url = reverse("case_share", args=[episode.pk])
    views_before = _events("view")
    page = alice_client.get(url).content.decode()
    assert _events("view") == views_before + 1
    assert "Consent needed" in page
    assert "Castellano" in page  # the consent card names the client to the author only
    texts = _sentence_fields(page)
    assert texts, "no editable sentence"
    joined = " ".join(texts.values())
    for secret in ("Ruth", "Castellano", "900123"):
        assert secret not in joined
    assert "[CLIENT]" in joined and "[PHONE]" in joined
    assert '<mark class="case-removed"' in page

    refused = alice_client.post(url, _share_post(page, action="share", confirm="on"))
    assert refused.status_code == 400
    assert "Record the client" in refused.content.decode()
    assert not SharedCase.objects.exists()

    assert (
        alice_client.post(
            reverse("case_consent", args=[episode.pk]), {"given_on": "2026-01-10"}
        ).status_code
        == 302
    )
    assert _events("case_consent_given") == 1
    page = alice_client.get(url).content.decode()
    assert "Consent needed" not in page

    # An edit that types an identifier back in is scrubbed and shown again, not posted.
    data = _share_post(page, action="share", confirm="on")
    key = next(k for k in data if k.startswith("reports.0.client_statement"))
    data[key] = "Desmond drove her in from Nottingham."
    again = alice_client.post(url, data)
    assert again.status_code == 400
    body = again.content.decode()
    assert "2 more identifiers removed" in body
    assert "Desmond" not in body.split("Free text")[1] and "[CONTACT]" in body
    assert not SharedCase.objects.exists()

    posted = alice_client.post(url, _share_post(body, action="share", confirm="on"))
    assert posted.status_code == 302
    shared = SharedCase.objects.get()
    statement = shared.document["reports"][0]["client_statement"]
    assert statement == "[CONTACT] drove her in from [PLACE]. Ring me on [PHONE]."
    assert shared.thread.category.slug == "cases"
    assert _events("case_shared") == 1
    thread_page = alice_client.get(posted["Location"]).content.decode()
    assert "The case" in thread_page and "<svg" in thread_page
    assert reverse("episode_detail", args=[episode.pk]) in thread_page


def test_confirming_is_required(personas, alice_client) -> None:
    episode = _episode(personas)
    make_member(personas.alice)
    services.case_setting_set(
        practice=personas.practice, changed_by=personas.alice, consent_required=False, reason="x"
    )
    url = reverse("case_share", args=[episode.pk])
    page = alice_client.get(url).content.decode()
    response = alice_client.post(url, _share_post(page, action="share"))
    assert response.status_code == 400
    assert "Tick this once you have read the case." in response.content.decode()
    assert not SharedCase.objects.exists()


def test_only_the_authors_practice_sees_which_episode(personas, bob_client, charlie_client) -> None:
    shared = shared_case_for(personas)
    make_member(personas.bob)
    make_member(personas.charlie)
    episode_url = reverse("episode_detail", args=[shared.episode_id])
    thread_url = reverse("network_thread", args=[shared.thread_id])
    assert episode_url in bob_client.get(thread_url).content.decode()
    seen = charlie_client.get(thread_url).content.decode()
    assert "The case" in seen
    assert episode_url not in seen
    assert reverse("case_update", args=[shared.pk]) not in seen
    assert "Walker" not in seen and "Lopez" not in seen


def test_only_an_owner_records_that_consent_is_not_required(personas, bob_client, alice_client):
    url = reverse("case_practice_setting")
    assert bob_client.post(url, {"reason": "no rule"}).status_code == 403
    response = alice_client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "jurisdiction" in response.content.decode()
    saved = alice_client.post(url, {"reason": "HIPAA Safe Harbor de-identified data"})
    assert saved.status_code == 302
    event = AuditEvent.objects.filter(action="case_consent_setting").get()
    assert event.detail == "consent not required"
    assert event.practice_id == personas.practice.pk


def test_the_author_posts_what_happened_next(personas, alice_client) -> None:
    shared = shared_case_for(personas)
    url = reverse("case_update", args=[shared.pk])
    page = alice_client.get(url)
    assert page.status_code == 200
    assert "Program held from day" in page.content.decode()
    response = alice_client.post(url, {"text": "Surgeon saw her; back to 25 kg."})
    assert response.status_code == 302
    update = CaseUpdate.objects.get()
    assert update.post.thread_id == shared.thread_id
    assert update.document["hold"] is not None
    assert _events("case_updated") == 1


def test_withdrawal_by_the_author_keeps_the_discussion(personas, alice_client, charlie_client):
    shared = shared_case_for(personas)
    charlie = make_member(personas.charlie)
    Post.objects.create(
        thread=shared.thread,
        author=charlie,
        number=2,
        body="Hold and ask.",
        html="<p>Hold</p>",
        status="published",
        created_at=timezone.now(),
    )
    url = reverse("case_withdraw", args=[shared.pk])
    assert charlie_client.post(url).status_code == 404  # neither author nor moderator
    assert alice_client.post(url).status_code == 302
    shared.refresh_from_db()
    assert shared.is_withdrawn and shared.document == {}
    assert shared.thread.posts.count() == 2
    opening = shared.thread.posts.get(number=1)
    assert opening.body == services.WITHDRAWN_BODY and not opening.revisions.exists()
    page = alice_client.get(reverse("network_thread", args=[shared.thread_id])).content.decode()
    assert "This case was withdrawn" in page and 'id="post-2"' in page
    assert _events("case_withdrawn") == 1


def test_a_moderator_can_withdraw_a_case(personas, charlie_client) -> None:
    shared = shared_case_for(personas)
    make_member(personas.charlie, role=Member.Role.MODERATOR)
    assert charlie_client.post(reverse("case_withdraw", args=[shared.pk])).status_code == 302
    shared.refresh_from_db()
    assert shared.is_withdrawn
    event = AuditEvent.objects.get(action="case_withdrawn")
    assert event.detail == "by a moderator" and event.practice_id == personas.practice.pk


def test_the_preview_fingerprint_changes_with_the_episode(personas) -> None:
    episode = _episode(personas)
    doc, extra = preview.source_of(episode, personas.alice)
    first = preview.fingerprint(preview.case_of(doc, extra))
    make_session(episode.client, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=2))
    doc, extra = preview.source_of(episode, personas.alice)
    assert preview.fingerprint(preview.case_of(doc, extra)) != first
