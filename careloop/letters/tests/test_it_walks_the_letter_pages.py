"""The letter pages: draft from the episode and client pages, preview, edit, finalise, send,
download; errors next to the field; fixed query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from careloop.letters.models import Letter
from careloop.letters.services import communication_record
from careloop.letters.testing import decided_report, knee_client, sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(personas):
    client = knee_client(personas)
    sessions(client, personas.alice, 3, last_ended=timezone.now() - dt.timedelta(hours=20))
    return decided_report(client, personas.alice, action="hold_and_contact")


def _draft(alice_client, report, kind="sbar") -> Letter:
    url = reverse("letter_draft_for_episode", args=[report.episode_id])
    response = alice_client.post(url, {"kind": kind})
    letter = Letter.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("letter_detail", args=[letter.pk])
    return letter


def test_the_episode_page_offers_the_letters(alice_client, report):
    html = alice_client.get(reverse("episode_detail", args=[report.episode_id])).content.decode()
    assert "Letters to the referral source" in html
    assert "Draft SBAR report" in html and "Draft follow-up letter" in html
    letter = _draft(alice_client, report)
    html = alice_client.get(reverse("episode_detail", args=[report.episode_id])).content.decode()
    assert reverse("letter_detail", args=[letter.pk]) in html and "Draft</span>" in html


def test_draft_review_edit_finalise_send(
    alice_client, report, smtp_server, django_capture_on_commit_callbacks
):
    letter = _draft(alice_client, report)
    url = reverse("letter_detail", args=[letter.pk])
    html = alice_client.get(url).content.decode()
    assert 'class="cl-letter' in html and "Situation" in html and "Finalise letter" in html
    assert 'name="situation-text"' in html
    # An empty section is refused next to the field, nothing saved.
    bad = alice_client.post(
        reverse("letter_section_update", args=[letter.pk]),
        {"section": "situation", "situation-section": "situation", "situation-text": ""},
    )
    assert bad.status_code == 400 and "Fill in “Text”." in bad.content.decode()
    ok = alice_client.post(
        reverse("letter_section_update", args=[letter.pk]),
        {
            "section": "situation",
            "situation-section": "situation",
            "situation-text": "Mrs Ellis called this morning about her right knee.",
        },
    )
    assert ok.status_code == 302
    assert "Mrs Ellis called this morning" in alice_client.get(url).content.decode()
    assert alice_client.post(reverse("letter_finalise", args=[letter.pk])).status_code == 302
    html = alice_client.get(url).content.decode()
    assert "Finalise letter" not in html and "Send or record" in html
    assert 'name="situation-text"' not in html
    with django_capture_on_commit_callbacks(execute=True):
        sent = alice_client.post(
            reverse("letter_send", args=[letter.pk]), {"channel": "email", "to_address": ""}
        )
    assert sent.status_code == 302
    assert len(smtp_server.messages) == 1
    html = alice_client.get(url, follow=True).content.decode()
    assert "Sent, awaiting answer" in html and "patel@hospital.test" in html
    log = alice_client.get(reverse("communications_for_episode", args=[report.episode_id]))
    assert "Letter sent" in log.content.decode()


def test_sending_without_consent_shows_the_refusal(alice_client, report, smtp_server):
    report.client.consents.all().delete()
    letter = _draft(alice_client, report)
    alice_client.post(reverse("letter_finalise", args=[letter.pk]))
    html = alice_client.get(reverse("letter_detail", args=[letter.pk])).content.decode()
    assert "No current release-of-information consent" in html
    refused = alice_client.post(reverse("letter_send", args=[letter.pk]), {"channel": "email"})
    assert refused.status_code == 400
    assert "nothing was sent" in refused.content.decode()
    assert smtp_server.messages == []
    printed = alice_client.post(reverse("letter_send", args=[letter.pk]), {"channel": "printed"})
    assert printed.status_code == 302


def test_downloads_in_each_format(alice_client, report):
    letter = _draft(alice_client, report, kind="followup")
    pdf = alice_client.get(reverse("letter_pdf", args=[letter.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Margaret Ellis" in text and "Follow-up letter" in text
    docx = alice_client.get(reverse("letter_docx", args=[letter.pk]))
    assert "followup-ellis-" in docx["Content-Disposition"]
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert any("Questions for you" in p for p in paragraphs)
    txt = alice_client.get(reverse("letter_txt", args=[letter.pk])).content.decode()
    assert "Client reports" in txt


def test_a_correction_from_the_page(alice_client, report):
    letter = _draft(alice_client, report)
    alice_client.post(reverse("letter_finalise", args=[letter.pk]))
    response = alice_client.post(reverse("letter_correct", args=[letter.pk]))
    correction = Letter.objects.get(supersedes=letter)
    assert response["Location"] == reverse("letter_detail", args=[correction.pk])
    html = alice_client.get(response["Location"]).content.decode()
    assert "Versions" in html and "Version 1" in html
    alice_client.post(reverse("letter_finalise", args=[correction.pk]))
    html = alice_client.get(reverse("letter_detail", args=[letter.pk])).content.decode()
    assert "Superseded." in html and "Send or record" not in html


def test_a_progress_report_from_the_client_page(alice_client, report):
    html = alice_client.get(reverse("client_detail", args=[report.client_id])).content.decode()
    assert "Draft progress report" in html
    response = alice_client.post(reverse("letter_draft_for_client", args=[report.client_id]))
    letter = Letter.objects.latest("pk")
    assert letter.kind == "progress" and response.status_code == 302
    html = alice_client.get(reverse("client_detail", args=[report.client_id])).content.decode()
    assert "Progress report" in html


def test_a_client_without_a_referral_gets_a_clear_message(alice_client, report):
    report.client.referrals.all().delete()
    response = alice_client.post(
        reverse("letter_draft_for_episode", args=[report.episode_id]), {"kind": "sbar"}, follow=True
    )
    assert "The letter cannot be drafted" in response.content.decode()
    assert not Letter.objects.exists()


@pytest.mark.parametrize("extra", [0, 6])
def test_the_letter_page_and_log_cost_the_same_for_more_history(
    alice_client, report, django_assert_max_num_queries, extra
):
    letter = _draft(alice_client, report)
    for i in range(extra):
        communication_record(
            client=report.client,
            episode=report.episode,
            actor=report.recorded_by,
            kind="call_made",
            party=f"Secretary {i}",
            summary="Left a message.",
            at=timezone.now(),
        )
        _draft(alice_client, report, kind="followup")
    with django_assert_max_num_queries(14):
        assert alice_client.get(reverse("letter_detail", args=[letter.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        url = reverse("communications_for_episode", args=[report.episode_id])
        assert alice_client.get(url).status_code == 200
