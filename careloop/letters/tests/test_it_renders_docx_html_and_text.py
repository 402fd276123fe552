"""DOCX structure, HTML escaping and standalone rendering, plain text for e-mail."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap

import docx
from docx.shared import Mm

from careloop.letters import compose, render_docx, render_html, render_text
from careloop.letters.formatting import TIMES
from careloop.letters.tests.conftest import KNEE_HOLD, with_paper

SBAR_HEADINGS = ["Situation", "Background", "Assessment", "Recommendation and request"]


def _docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def test_docx_has_headings_tables_letterhead_and_page_numbers(knee_hold) -> None:
    document = _docx(render_docx(compose(knee_hold, "sbar")))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name != "Normal"]
    assert ("Title", "SBAR report: pain after an exercise session") in headings
    assert [t for s, t in headings if s == "Heading 1"] == SBAR_HEADINGS
    assert ("Heading 2", "Request") in headings
    tables = document.tables
    assert [c.text for c in tables[0].rows[0].cells] == [
        "Exercise",
        "Prescribed",
        "Performed (reps per set)",
        "Pain during",
    ]
    assert tables[0].rows[2].cells[0].text == "Seated leg press"
    assert [c.text for c in tables[2].rows[0].cells] == ["Rule", "Finding"]
    # Each rule's basis is small print beneath its finding.
    assert "\nRule source: severe pain band 7-10" in tables[2].rows[1].cells[1].text
    assert [r.cells[0].text for r in tables[2].rows[1:]] == ["H2", "H4", "H5", "M1", "M3", "M6"]
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    first_header = " ".join(p.text for p in section.first_page_header.paragraphs)
    assert "Riverside Medical Exercise" in first_header
    assert "Margaret Ellis" in " ".join(p.text for p in section.header.paragraphs)
    footer_xml = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml
    body = " ".join(p.text for p in document.paragraphs)
    assert "Client reports: “The knee has been throbbing" in body
    assert "Please reply by Friday 13 March 2026." in body


def test_docx_follows_letter_paper_and_turns_the_chart_into_a_table(knee_cleared) -> None:
    document = _docx(render_docx(compose(with_paper(knee_cleared, "Letter"), "followup")))
    assert abs(document.sections[0].page_width - Mm(215.9)) < Mm(0.1)
    chart_table = next(t for t in document.tables if t.rows[0].cells[1].text == "Pain (NPRS 0-10)")
    assert [r.cells[1].text for r in chart_table.rows[1:]][:2] == ["2/10", "2/10"]


def test_html_escapes_what_the_client_and_the_practice_typed(knee_hold) -> None:
    report = knee_hold.pain_reports[0].model_copy(
        update={"client_statement": '<script>alert("x")</script> & more'}
    )
    practice = knee_hold.practice.model_copy(update={"name": "<b>Riverside</b>"})
    doc = knee_hold.model_copy(update={"pain_reports": [report], "practice": practice})
    html = render_html(compose(doc, "sbar"))
    assert "<script>" not in html and "<b>Riverside" not in html
    escaped = "“&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more”"
    assert f"Client reports:</strong> {escaped}" in html
    assert "&lt;b&gt;Riverside&lt;/b&gt;" in html
    fragment = render_html(compose(doc, "sbar"), fragment=True)
    # The app page links letters/letter.css: its CSP allows no inline <style> or style="".
    assert fragment.lstrip().startswith("<article") and "<html" not in fragment
    assert "<style" not in fragment and " style=" not in fragment
    assert "&lt;script&gt;" in fragment


def test_html_renders_without_django_settings_or_a_database() -> None:
    code = textwrap.dedent(
        f"""
        from careloop.letters import compose, render_html
        from careloop.record import load_document
        html = render_html(compose(load_document({str(KNEE_HOLD)!r}), "sbar"))
        assert "Situation" in html and "<svg" not in html
        from django.conf import settings
        assert not settings.configured, "rendering configured Django settings"
        print("ok")
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_text_has_the_sbar_headings_and_wraps_for_email(knee_hold) -> None:
    text = render_text(compose(knee_hold, "sbar"))
    lines = text.splitlines()
    for heading in [*SBAR_HEADINGS, "Request"]:
        assert heading in lines
        assert "-" * len(heading) == lines[lines.index(heading) + 1]
    assert all(len(line) <= 78 for line in lines if " " in line.strip())
    flat = " ".join(text.split())
    assert "Client reports: “The knee has been throbbing" in flat
    assert f"Seated leg press. Prescribed: 3 {TIMES} 12 @ 40 kg" in flat
    assert "Please reply by Friday 13 March 2026." in flat
