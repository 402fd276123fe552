"""The check-in page counts requests per address and answers per link (in the database,
so every app server counts together)."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from careloop.checkin.testing import answers
from careloop.checkin.views import ANSWER_LIMIT, ANSWER_WINDOW, PAGE_LIMIT, PAGE_WINDOW
from careloop.episodes.models import PainReport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_window():
    """The limits count in fixed windows (PAGE_WINDOW, ANSWER_WINDOW). A test that crossed a
    window's end while sending its requests (a loaded machine at 06:00) saw the count start
    again. Near a window's end, start in the next one, as a person would wait a minute."""
    for window in (PAGE_WINDOW, ANSWER_WINDOW):
        seconds = window.total_seconds()
        left = seconds - time.time() % seconds
        if left < 90:
            time.sleep(left + 1)


def test_one_address_trying_many_tokens_is_slowed_down(client, link_and_token):
    _, token = link_and_token
    for n in range(PAGE_LIMIT):
        assert client.get(reverse("checkin_page", args=[f"guess{n:040d}"])).status_code == 404
    refused = client.get(reverse("checkin_page", args=[token]))
    assert refused.status_code == 429
    assert "Please wait a few minutes" in refused.content.decode()
    assert "Rosa" not in refused.content.decode()
    # Another address is not held up by the first.
    other = client.get(reverse("checkin_page", args=[token]), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_a_link_takes_a_limited_number_of_answers_an_hour(client, link_and_token):
    link, token = link_and_token
    url = reverse("checkin_page", args=[token])
    for n in range(ANSWER_LIMIT):
        address = f"198.51.100.{n}"
        response = client.post(url, answers(key=f"answer-number-{n:020d}"), REMOTE_ADDR=address)
        assert response.status_code == 200
    refused = client.post(url, answers(key="one-answer-too-many-0000"), REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429
    assert PainReport.objects.filter(client=link.client).count() == ANSWER_LIMIT


def _exhaust(client, **headers):
    for n in range(PAGE_LIMIT):
        client.get(reverse("checkin_page", args=[f"guess{n:040d}"]), **headers)


def test_behind_the_proxy_each_client_address_counts_on_its_own(client, link_and_token, settings):
    """Every request reaches the app from the proxy's address; the address the proxy saw
    (X-Real-IP, set by the proxy) is what counts, so one guesser does not lock out all."""
    settings.BEHIND_HTTPS = True
    _, token = link_and_token
    proxy = {"REMOTE_ADDR": "10.0.0.2", "secure": True}
    _exhaust(client, HTTP_X_REAL_IP="198.51.100.7", **proxy)
    url = reverse("checkin_page", args=[token])
    assert client.get(url, HTTP_X_REAL_IP="198.51.100.7", **proxy).status_code == 429
    assert client.get(url, HTTP_X_REAL_IP="203.0.113.9", **proxy).status_code == 200


def test_without_the_proxy_a_sent_address_header_is_ignored(client, link_and_token):
    """Without a proxy, X-Real-IP is the client's own word: changing it dodges nothing."""
    _, token = link_and_token
    _exhaust(client, HTTP_X_REAL_IP="198.51.100.7")
    url = reverse("checkin_page", args=[token])
    assert client.get(url, HTTP_X_REAL_IP="203.0.113.9").status_code == 429
