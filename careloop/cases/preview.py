"""The case of an episode as its author previews it: built from the stored records,
split into sentences the author may edit, and edits applied (and scrubbed again).

Reads the practice's records; the view audits the reading.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from careloop.accounts.models import Membership
from careloop.cases.build import _Builder, build_case
from careloop.cases.deidentify import PLACEHOLDER_RE, Scrubber
from careloop.cases.deidentify_known import Extra
from careloop.cases.document import CaseDocument
from careloop.record.build import episode_document
from careloop.record.document import EpisodeDocument

SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=\S)")


@dataclass(frozen=True)
class Sentence:
    field: str  # form field name: "<dotted path>~<index>"
    text: str
    parts: list[tuple[str, bool]]  # (text, is a placeholder), for highlighting


@dataclass(frozen=True)
class FreeText:
    path: str
    sentences: list[Sentence]


def extra_for(episode: Any) -> Extra:
    """What the episode document does not carry: the emergency contact and every member
    of the practice (the document names only those who recorded something)."""
    client = episode.client
    staff = Membership.objects.filter(practice_id=episode.practice_id).select_related("user")
    return Extra(
        contact_names=[client.emergency_contact_name] if client.emergency_contact_name else [],
        staff_names=[m.user.full_name for m in staff if m.user.full_name],
        other_terms=[client.emergency_contact_phone] if client.emergency_contact_phone else [],
    )


def source_of(episode: Any, user: Any) -> tuple[EpisodeDocument, Extra]:
    return episode_document(episode, author=user), extra_for(episode)


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END_RE.split(text) if s]


def _parts(text: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    at = 0
    for m in PLACEHOLDER_RE.finditer(text):
        if m.start() > at:
            parts.append((text[at : m.start()], False))
        parts.append((m.group(), True))
        at = m.end()
    if at < len(text):
        parts.append((text[at:], False))
    return parts


def free_texts(case: CaseDocument, edited: dict[str, str] | None = None) -> list[FreeText]:
    """Each free text of ``case`` in sentences; ``edited`` (form field -> text) holds the
    author's scrubbed edits, shown in the original sentence's place, so the form fields
    always follow the case as built from the record."""
    edited = edited or {}
    found = []
    for path, text in case.free_texts():
        slots = []
        for i, sentence in enumerate(sentences(text)):
            field = f"{path}~{i}"
            value = edited.get(field, sentence)
            slots.append(Sentence(field=field, text=value, parts=_parts(value)))
        found.append(FreeText(path=path, sentences=slots))
    return found


def fingerprint(case: CaseDocument) -> str:
    """Changes when the episode's case changes between the preview and the post."""
    return hashlib.sha256(case.model_dump_json().encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Edited:
    case: CaseDocument
    more_removals: int
    sentences: dict[str, str]  # form field -> the edited sentence, scrubbed


def with_edits(
    doc: EpisodeDocument, extra: Extra, case: CaseDocument, edits: dict[str, str]
) -> Edited:
    """``case`` with the author's edited sentences, each scrubbed again (an author may type
    a name back in), and how many more removals the edits caused."""
    data = case.model_dump(mode="json")
    builder = _Builder(doc, Scrubber.for_episode(doc, extra))
    changed: dict[str, str] = {}
    for text_field in free_texts(case):
        parts = []
        for s in text_field.sentences:
            value = edits.get(s.field, s.text).strip()
            if value != s.text:
                value = builder.text(value, text_field.path)
                changed[s.field] = value
            if value:
                parts.append(value)
        if any(s.field in changed for s in text_field.sentences):
            _set(data, text_field.path, " ".join(parts))
    data["removals"] = data["removals"] + [r.model_dump(mode="json") for r in builder.removals]
    return Edited(CaseDocument.model_validate(data), len(builder.removals), changed)


def _set(data: Any, path: str, value: str) -> None:
    keys: list[Any] = [int(k) if k.isdigit() else k for k in path.split(".")]
    for key in keys[:-1]:
        data = data[key]
    data[keys[-1]] = value


def case_of(doc: EpisodeDocument, extra: Extra) -> CaseDocument:
    return build_case(doc, extra)
