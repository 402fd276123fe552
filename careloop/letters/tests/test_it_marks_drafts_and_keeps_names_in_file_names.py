"""A draft carries a DRAFT watermark on every page and another file name than the final
letter; file names keep a client's name in any script (RFC 5987 ``filename*`` with an
ASCII transliteration as fallback)."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import unquote

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from careloop.letters import compose, render_docx, render_pdf, render_text
from careloop.letters.filenames import ascii_part, content_disposition, letter_file_name
from careloop.letters.models import Letter
from careloop.letters.services import letter_finalise
from careloop.letters.testing import (
    decided_report,
    knee_client,
    page_texts,
    png_pages,
    sessions,
    watermark_pixels,
)


def test_every_page_of_a_draft_pdf_says_draft_and_the_final_does_not(knee_cleared) -> None:
    letter = compose(knee_cleared, "followup")
    draft, final = render_pdf(letter, draft=True), render_pdf(letter)
    draft_pages, final_pages = page_texts(draft), page_texts(final)
    assert len(draft_pages) == len(final_pages) >= 2
    assert all("DRAFT" in text for text in draft_pages)
    assert not any("DRAFT" in text for text in final_pages)
    # Looked at: the watermark is drawn on every page (test-artifacts/draft-followup-*.png).
    for png in png_pages(draft, "draft-followup"):
        assert watermark_pixels(png) > 2500, png
    for png in png_pages(final, "final-followup"):
        assert watermark_pixels(png) < 200, png


def test_a_draft_docx_and_text_say_draft(knee_hold) -> None:
    letter = compose(knee_hold, "sbar")
    word = docx.Document(io.BytesIO(render_docx(letter, draft=True)))
    section = word.sections[0]
    for header in (section.first_page_header, section.header):
        assert header.paragraphs[0].text == "DRAFT: not checked or sent"
    assert word.core_properties.title.startswith("DRAFT: ")
    final = docx.Document(io.BytesIO(render_docx(letter)))
    assert "DRAFT" not in final.sections[0].header.paragraphs[0].text
    assert render_text(letter, draft=True).startswith("*** DRAFT")
    assert "DRAFT" not in render_text(letter)


def test_file_names_keep_letters_of_any_script() -> None:
    on = dt.date(2026, 3, 11)
    name = letter_file_name(
        kind="sbar", client_name="王秀英 😀 Ñúñez-Øster", on=on, version=1, fmt="pdf", draft=False
    )
    assert name == "sbar-王秀英-ñúñez-øster-2026-03-11-v1.pdf"
    draft = letter_file_name(
        kind="sbar", client_name="Ñúñez-Øster", on=on, version=2, fmt="pdf", draft=True
    )
    assert draft == "DRAFT-sbar-ñúñez-øster-2026-03-11-v2.pdf"
    assert ascii_part("Ñúñez-Øster Æsir Łukasz") == "Nunez-Oster-AEsir-Lukasz"
    header = content_disposition(name)
    assert header.startswith('attachment; filename="sbar-nunez-oster-2026-03-11-v1.pdf"; ')
    encoded = header.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == name
    assert header.isascii()
    plain = content_disposition("sbar-ellis-2026-03-11-v1.pdf", inline=True)
    assert plain == 'inline; filename="sbar-ellis-2026-03-11-v1.pdf"'


@pytest.mark.django_db
def test_downloads_name_drafts_and_finals_apart_and_keep_the_name(alice_client, personas):
    client = knee_client(personas)
    client.last_name = "Ñúñez-Øster"
    client.save()
    sessions(client, personas.alice, 2, last_ended=timezone.now() - dt.timedelta(hours=20))
    report = decided_report(client, personas.alice, action="hold_and_contact")
    alice_client.post(
        reverse("letter_draft_for_episode", args=[report.episode_id]), {"kind": "sbar"}
    )
    letter = Letter.objects.latest("pk")
    response = alice_client.get(reverse("letter_pdf", args=[letter.pk]))
    header = response["Content-Disposition"]
    assert header.startswith('inline; filename="DRAFT-sbar-nunez-oster-')
    assert "filename*=UTF-8''DRAFT-sbar-%C3%B1%C3%BA%C3%B1ez-%C3%B8ster-" in header
    assert all("DRAFT" in text for text in page_texts(response.content))
    letter_finalise(letter=letter, actor=personas.alice)
    final = alice_client.get(reverse("letter_pdf", args=[letter.pk]))
    assert final["Content-Disposition"].startswith('inline; filename="sbar-nunez-oster-')
    assert not any("DRAFT" in text for text in page_texts(final.content))
    docx_header = alice_client.get(reverse("letter_docx", args=[letter.pk]))["Content-Disposition"]
    assert docx_header.startswith("attachment; ") and "ñ" not in docx_header
