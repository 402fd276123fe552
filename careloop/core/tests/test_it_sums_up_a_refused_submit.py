"""Issue 11, item 6: after any refused submit, one summary at the top of the page says
nothing was saved and links each field in error (templates/_error_summary.html, from
base.html); careloop/static/careloop/forms.js (no inline script) lands on the first error."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from careloop.training.testing import make_client

pytestmark = pytest.mark.django_db


def _summary(html: str) -> str:
    match = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert match, "no error summary"
    return match.group(0)


def _before_content(html: str, summary: str) -> bool:
    """The summary comes before the page's own heading (at the top of the page)."""
    return html.index(summary) < html.index("<h1")


@pytest.mark.parametrize(
    ("url_name", "data", "anchor"),
    [
        ("exercise_create", {"name": ""}, "id_name"),
        ("client_create", {"client-first_name": ""}, "id_client-first_name"),
        ("referral_source_create", {"name": ""}, "id_name"),
    ],
)
def test_form_pages_of_every_app_sum_up_what_was_refused(alice_client, url_name, data, anchor):
    response = alice_client.post(reverse(url_name), data)
    html = response.content.decode()
    summary = _summary(html)
    assert "Nothing was saved" in summary and f'href="#{anchor}"' in summary
    assert _before_content(html, summary)


def test_the_session_form_sums_up_its_radio_groups_and_rows(personas, alice_client):
    client = make_client(personas.practice)
    url = reverse("session_create", kwargs={"client_id": client.pk})
    response = alice_client.post(
        url,
        {
            "started_at": "2020-01-01T10:00",
            "duration_minutes": "60",
            "practitioner": str(personas.alice.pk),
            "done-TOTAL_FORMS": "0",
            "done-INITIAL_FORMS": "0",
        },
    )
    summary = _summary(response.content.decode())
    # A radio group links to its first option, the one that can take focus.
    assert 'href="#id_pain_before_0"' in summary
    assert "Nothing was saved: one thing to correct" in summary


def test_an_unsubmitted_page_has_no_summary_and_no_inline_script(personas, alice_client):
    client = make_client(personas.practice)
    html = alice_client.get(
        reverse("session_create", kwargs={"client_id": client.pk})
    ).content.decode()
    assert "error-summary" not in html
    assert '<script src="/static/careloop/forms.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # strict CSP: no inline code
