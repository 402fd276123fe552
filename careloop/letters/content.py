"""A composed letter: plain text in sections, ready for any renderer.

:func:`careloop.letters.compose.compose` turns an episode document into a
:class:`LetterContent`; the renderers turn a ``LetterContent`` into HTML, PDF, DOCX or
text. Everything a person may edit is plain text (paragraphs and bullet items): an edited
letter is stored as this same model and renders the same way. Tables and the pain chart
are data drawn from the record, not prose, so an edit keeps them as they were (see
:func:`section_text` and :func:`with_section_text`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

LetterKind = Literal["sbar", "followup", "progress"]
LETTER_KINDS: tuple[LetterKind, ...] = ("sbar", "followup", "progress")


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Paragraph(_Part):
    kind: Literal["paragraph"] = "paragraph"
    text: str


class Bullets(_Part):
    kind: Literal["bullets"] = "bullets"
    items: list[str]


class Table(_Part):
    kind: Literal["table"] = "table"
    caption: str = ""
    columns: list[str]
    rows: list[list[str]]
    widths: list[int] = Field(default_factory=list, description="Relative column widths")
    notes: list[str] = Field(
        default_factory=list,
        description="Small print beneath each row's last cell (e.g. a rule's basis), by row",
    )


class ChartPoint(_Part):
    at: AwareDatetime
    value: int = Field(ge=0, le=10)
    kind: Literal["session", "report"] = Field(description="Sets the marker shape")
    label: str = Field(default="", description='When, as text: "Tue 3 Mar 2026, 16:00"')
    what: str = Field(default="", description='"before session", "after session", "reported"')


class ChartTick(_Part):
    at: AwareDatetime
    label: str


class ChartMarker(_Part):
    """A dated event drawn as a vertical line, e.g. "hold" or "cleared"."""

    at: AwareDatetime
    label: str


class Chart(_Part):
    kind: Literal["chart"] = "chart"
    title: str
    points: list[ChartPoint]
    ticks: list[ChartTick] = Field(default_factory=list)
    markers: list[ChartMarker] = Field(default_factory=list)
    caption: str = ""
    # The same values as words, for text output and screen readers.
    summary: str = ""


Block = Annotated[Paragraph | Bullets | Table | Chart, Field(discriminator="kind")]


class Section(_Part):
    key: str = Field(description="Stable name, e.g. situation, used to store edits")
    heading: str
    blocks: list[Block] = Field(default_factory=list)


class Letterhead(_Part):
    name: str
    tagline: str = ""
    address_lines: list[str] = Field(default_factory=list)
    contact_lines: list[str] = Field(default_factory=list)


class Signature(_Part):
    signoff: str
    name: str
    credentials: str = ""
    role: str = ""
    practice: str = ""
    contact_lines: list[str] = Field(default_factory=list)


class Request(_Part):
    question: str
    respond_by: dt.date | None = Field(default=None, description="None: no reply needed")
    respond_by_text: str = ""
    how_to_reply: str = ""


class LetterContent(_Part):
    kind: LetterKind
    title: str
    date: dt.date
    date_text: str
    paper_size: Literal["A4", "Letter"] = "A4"
    letterhead: Letterhead
    recipient_lines: list[str]
    re_line: str
    running_head: str = Field(description="Header of the second and later pages")
    salutation: str
    sections: list[Section]
    request: Request | None = None
    signature: Signature
    footer_note: str = ""

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)


# ---- editing ---------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"^\[\[(table|chart) (\d+)\]\]$")


def section_text(section: Section) -> str:
    """The section as one editable text: blank lines between paragraphs, "- " bullets, and
    a ``[[table 1]]`` line where each table or chart stands (keep it to keep the table)."""
    parts: list[str] = []
    counters = {"table": 0, "chart": 0}
    for block in section.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Bullets):
            parts.append("\n".join(f"- {item}" for item in block.items))
        else:
            counters[block.kind] += 1
            parts.append(f"[[{block.kind} {counters[block.kind]}]]")
    return "\n\n".join(parts)


def with_section_text(letter: LetterContent, key: str, text: str) -> LetterContent:
    """The letter with section ``key`` replaced by an edited :func:`section_text`.

    Text is plain: markup is kept as typed and escaped by every renderer. A table or chart
    whose placeholder was removed is kept at the end of the section, since it is part of
    the record rather than of the wording.
    """
    original = letter.section(key)
    data: dict[tuple[str, int], Block] = {}
    counters = {"table": 0, "chart": 0}
    for block in original.blocks:
        if isinstance(block, Table | Chart):
            counters[block.kind] += 1
            data[(block.kind, counters[block.kind])] = block
    blocks: list[Block] = []
    used: set[tuple[str, int]] = set()
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = [line.rstrip() for line in chunk.strip().split("\n") if line.strip()]
        if not lines:
            continue
        match = _PLACEHOLDER.match(lines[0].strip()) if len(lines) == 1 else None
        if match and (match[1], int(match[2])) in data:
            ref = (match[1], int(match[2]))
            if ref not in used:
                blocks.append(data[ref])
                used.add(ref)
            continue
        if all(line.lstrip().startswith(("- ", "* ")) for line in lines):
            blocks.append(Bullets(items=[line.lstrip()[2:].strip() for line in lines]))
        else:
            blocks.append(Paragraph(text=" ".join(line.strip() for line in lines)))
    blocks += [block for ref, block in data.items() if ref not in used]
    sections = [
        s.model_copy(update={"blocks": blocks}) if s.key == key else s for s in letter.sections
    ]
    return letter.model_copy(update={"sections": sections})
