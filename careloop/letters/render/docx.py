"""DOCX letters with python-docx, for practices that edit in Word.

Real Word structure rather than look-alike formatting: the title and section headings use
the Title and Heading styles (so Word's navigation pane lists them), tables are tables
with a repeating header row, bullets use List Bullet. The first page header carries the
letterhead, later pages the running head; every footer has "Page X of Y" as Word fields.
Word cannot show inline SVG, so the pain chart becomes a table of its values.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from careloop.letters.content import Block, LetterContent
from careloop.letters.render.html import _labelled

BRAND = RGBColor(0x0B, 0x6E, 0x69)
MUTED = RGBColor(0x52, 0x60, 0x6D)
FONT = "Arial"
PAGE = {"A4": (Mm(210), Mm(297)), "Letter": (Mm(215.9), Mm(279.4))}
MARGIN = Mm(18)


def _style_document(doc: Any) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 15), ("Heading 1", 12), ("Heading 2", 11)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = BRAND if name != "Title" else RGBColor(0x1F, 0x29, 0x33)
        style.paragraph_format.space_before = Pt(8 if name != "Title" else 6)
        style.paragraph_format.space_after = Pt(3)
        # The template's theme fonts would override the name for East Asian text and in
        # some Word versions for all text; pin every slot to the same font.
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attr), None)
    title_border = doc.styles["Title"].element.pPr
    if title_border is not None:
        border = title_border.find(qn("w:pBdr"))
        if border is not None:
            title_border.remove(border)


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _small(paragraph: Any, text: str, *, size: float = 7.5, bold: bool = False) -> Any:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.color.rgb = MUTED
    run.bold = bold
    return run


def _footer(footer: Any, note: str) -> None:
    p = footer.paragraphs[0]
    if note:
        _small(p, note, size=6.5)
        p = footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _small(p, "Page ")
    _field(p, "PAGE")
    _small(p, " of ")
    _field(p, "NUMPAGES")


def _headers(doc: Any, letter: LetterContent) -> None:
    section = doc.sections[0]
    width, height = PAGE[letter.paper_size]
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    section.different_first_page_header_footer = True
    head = letter.letterhead
    first = section.first_page_header.paragraphs[0]
    name = first.add_run(head.name)
    name.bold = True
    name.font.size = Pt(15)
    name.font.color.rgb = BRAND
    if head.tagline:
        _small(section.first_page_header.add_paragraph(), head.tagline, size=8.5)
    contact = ", ".join(head.address_lines)
    if head.contact_lines:
        contact = " · ".join(x for x in [contact, *head.contact_lines] if x)
    if contact:
        _small(section.first_page_header.add_paragraph(), contact)
    _small(section.header.paragraphs[0], letter.running_head)
    _footer(section.first_page_footer, letter.footer_note)
    _footer(section.footer, letter.footer_note)


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _table(
    doc: Any,
    columns: list[str],
    rows: list[list[str]],
    widths: list[int],
    notes: list[str] | None = None,
) -> None:
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    usable = PAGE["A4"][0] - 2 * MARGIN
    shares = widths if len(widths) == len(columns) else [1] * len(columns)
    total = sum(shares)
    header = table.rows[0]
    # Repeat the header row on every page the table runs onto.
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for i, name in enumerate(columns):
        cell = header.cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(name)
        run.bold = True
        run.font.size = Pt(8.5)
        _shade(cell, "EEF5F4")
    for r, row in enumerate(rows):
        cells = table.add_row().cells
        for i, value in enumerate(row[: len(columns)]):
            cells[i].text = ""
            cells[i].paragraphs[0].add_run(value).font.size = Pt(8.5)
        note = notes[r] if notes and r < len(notes) else ""
        if note:
            last = cells[min(len(row), len(columns)) - 1]
            last.paragraphs[0].add_run("\n")
            small = last.paragraphs[0].add_run(note)
            small.font.size = Pt(7)
            small.font.color.rgb = MUTED
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = int(usable * shares[i] / total)
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _caption(doc: Any, text: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.space_after = Pt(2)
    _small(p, text, size=8.5, bold=True)


def _labelled_paragraph(paragraph: Any, text: str) -> None:
    parts = _labelled(text)
    if parts["label"]:
        paragraph.add_run(parts["label"] + " ").bold = True
    paragraph.add_run(parts["text"])


def _block(doc: Any, block: Block) -> None:
    if block.kind == "paragraph":
        _labelled_paragraph(doc.add_paragraph(), block.text)
    elif block.kind == "bullets":
        for item in block.items:
            p = doc.add_paragraph(style="List Bullet")
            p.paragraph_format.space_after = Pt(2)
            _labelled_paragraph(p, item)
    elif block.kind == "table":
        if block.caption:
            _caption(doc, block.caption)
        _table(doc, block.columns, block.rows, block.widths, block.notes)
    else:
        _caption(doc, block.title)
        _table(
            doc,
            ["When", "Pain (NPRS 0-10)", "Recorded"],
            [[p.label, f"{p.value}/10", p.what] for p in block.points],
            [40, 25, 35],
        )
        if block.caption:
            _small(doc.add_paragraph(), block.caption, size=8)


def _draft_mark(doc: Any) -> None:
    """DRAFT in large red letters at the top of every page's header."""
    section = doc.sections[0]
    for header in (section.first_page_header, section.header):
        p = header.paragraphs[0].insert_paragraph_before()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run("DRAFT: not checked or sent")
        run.bold = True
        run.font.size = Pt(20)
        run.font.color.rgb = RGBColor(0xB4, 0x23, 0x18)


def render_docx(letter: LetterContent, *, draft: bool = False) -> bytes:
    doc = Document()
    _style_document(doc)
    _headers(doc, letter)
    if draft:
        _draft_mark(doc)
    props = doc.core_properties
    props.title = f"DRAFT: {letter.title}" if draft else letter.title
    props.subject = letter.re_line
    props.author = f"{letter.signature.name}, {letter.signature.practice}"

    date = doc.add_paragraph(letter.date_text)
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    recipient = doc.add_paragraph()
    for i, line in enumerate(letter.recipient_lines):
        run = recipient.add_run(line)
        if i < len(letter.recipient_lines) - 1:
            run.add_break()
    doc.add_heading(letter.title, level=0)
    re_line = doc.add_paragraph()
    re_line.add_run("Re: ").bold = True
    re_line.add_run(letter.re_line)
    doc.add_paragraph(letter.salutation)
    for section in letter.sections:
        doc.add_heading(section.heading, level=1)
        for block in section.blocks:
            _block(doc, block)
    if letter.request is not None:
        doc.add_heading("Request", level=2)
        doc.add_paragraph(letter.request.question)
        if letter.request.respond_by_text:
            by = doc.add_paragraph("Please reply by ")
            by.add_run(letter.request.respond_by_text).bold = True
            by.add_run(".")
        if letter.request.how_to_reply:
            _small(doc.add_paragraph(), letter.request.how_to_reply, size=9)
    sig = letter.signature
    signoff = doc.add_paragraph(sig.signoff)
    signoff.paragraph_format.space_before = Pt(10)
    signoff.paragraph_format.space_after = Pt(24)
    signoff.paragraph_format.keep_with_next = True
    sig_lines = doc.add_paragraph()
    name = sig_lines.add_run(f"{sig.name}, {sig.credentials}" if sig.credentials else sig.name)
    name.bold = True
    for line in (sig.role, sig.practice, " · ".join(sig.contact_lines)):
        if line:
            sig_lines.add_run().add_break()
            sig_lines.add_run(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
