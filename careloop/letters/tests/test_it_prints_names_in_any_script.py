"""A client named "王秀英 😀 Ñúñez-Øster" prints as written: the PDF embeds Noto Sans CJK and
Noto Color Emoji, the text reads back, the emoji is drawn in colour, and numbers stay in
the text font (naming the emoji font plainly made Pango draw digits from it)."""

from __future__ import annotations

import io

import docx
import pytest
from pypdf import PdfReader

from careloop.letters import compose, render_docx, render_pdf
from careloop.letters.testing import font_names, page_texts, png_pages, yellow_pixels
from careloop.record import EpisodeDocument

NAME = "王秀英 😀 Ñúñez-Øster"


@pytest.fixture(scope="module")
def named(knee_hold) -> EpisodeDocument:
    return knee_hold.model_copy(
        update={"client": knee_hold.client.model_copy(update={"name": NAME})}
    )


def test_the_pdf_reads_back_the_name_and_embeds_noto(named) -> None:
    pdf = render_pdf(compose(named, "sbar"))
    pages = page_texts(pdf)
    assert f"Re: {NAME} (born 12 February 1957" in pages[0]
    assert f"{NAME} telephoned us" in pages[0]
    assert all(NAME in text for text in pages[1:])  # the running head of later pages
    fonts = font_names(pdf)
    assert any("Noto-Sans-CJK" in f for f in fonts), fonts
    assert any("Noto-Color-Emoji" in f for f in fonts), fonts
    assert any("Liberation-Sans" in f for f in fonts), fonts
    # Looked at (test-artifacts/names-any-script-1.png): the characters, the emoji in
    # colour and the dates in Liberation Sans, no boxes.
    first = png_pages(pdf, "names-any-script", dpi=100)[0]
    assert yellow_pixels(first) > 40


def test_digits_do_not_come_from_the_emoji_font(named) -> None:
    pdf = render_pdf(compose(named, "sbar"))
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    used: dict[str, str] = {}

    def visitor(text, cm, tm, font_dict, font_size):  # type: ignore[no-untyped-def]
        if font_dict is not None and text.strip():
            used[text] = str(font_dict.get("/BaseFont", ""))

    page.extract_text(visitor_text=visitor)
    digits = [font for text, font in used.items() if any(ch.isdigit() for ch in text)]
    assert digits and not any("Emoji" in font for font in digits), digits


def test_the_docx_reads_back_the_name(named) -> None:
    word = docx.Document(io.BytesIO(render_docx(compose(named, "followup"))))
    text = " ".join(p.text for p in word.paragraphs)
    assert f"Re: {NAME} (born" in text
    assert NAME in word.sections[0].header.paragraphs[0].text
