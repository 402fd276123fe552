"""De-identification of free text: HIPAA Safe Harbor's identifiers out, clinical words in.

A :class:`Scrubber` is made once per episode, from the identifiers the record holds
(:mod:`careloop.cases.deidentify_known`), and then cleans each free text:

1. known identifiers, in any case, accent or possessive form;
2. patterns (:mod:`careloop.cases.deidentify_patterns`): e-mail, URLs, IPs, dates, phone
   and fax numbers, postcodes, street addresses, record numbers and other codes, towns;
3. people nobody entered (:mod:`careloop.cases.deidentify_people`).

Overlapping finds are merged into one span; each span becomes a placeholder such as
``[CLIENT]`` or ``[DATE]``. What comes back names the kind and the placeholder of each
removal, never the removed text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from careloop.cases.deidentify_known import Extra, KnownTerms, known_terms
from careloop.cases.deidentify_patterns import PATTERN_FINDERS, Span
from careloop.cases.deidentify_people import people, with_initials
from careloop.record.document import EpisodeDocument

PLACEHOLDERS = {
    "client_name": "[CLIENT]",
    "contact_name": "[CONTACT]",
    "referrer_name": "[REFERRER]",
    "staff_name": "[STAFF]",
    "practice_name": "[ORGANISATION]",
    "person_name": "[PERSON]",
    "address": "[ADDRESS]",
    "place": "[PLACE]",
    "postcode": "[POSTCODE]",
    "phone": "[PHONE]",
    "email": "[EMAIL]",
    "url": "[URL]",
    "ip_address": "[IP]",
    "date": "[DATE]",
    "record_number": "[ID]",
    "number": "[NUMBER]",
}
PERSON_KINDS = frozenset({"client_name", "contact_name", "referrer_name", "staff_name"})
PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))

# When two finds overlap, one placeholder covers both: e-mail, URL and IP first (a name
# inside an address is part of it), names next; phone last, as the phone matcher also
# reads many dates, IP addresses and record numbers as phone numbers.
_FIRST = ["email", "url", "ip_address"]
_LAST = ["phone", "number"]
_PRIORITY = _FIRST + [k for k in PLACEHOLDERS if k not in _FIRST + _LAST] + _LAST


@dataclass(frozen=True)
class Scrubbed:
    text: str
    kinds: tuple[str, ...]  # one per removal, in order


class Scrubber:
    def __init__(self, known: KnownTerms) -> None:
        self.known = known
        self._pattern = known.pattern()

    @classmethod
    def for_episode(cls, doc: EpisodeDocument, extra: Extra | None = None) -> Scrubber:
        return cls(known_terms(doc, extra))

    def spans(self, text: str) -> list[Span]:
        found = [
            with_initials(text, span) if span.kind in PERSON_KINDS else span
            for span in self.known.find(text)
        ]
        for finder in PATTERN_FINDERS:
            found += finder(text)
        found += people(text)
        # Placeholders already in the text (an author editing a preview) are not names.
        kept = [PLACEHOLDER_RE.finditer(text)]
        protected = [(m.start(), m.end()) for it in kept for m in it]
        found = [s for s in found if not any(a <= s.start and s.end <= b for a, b in protected)]
        return _merge(found)

    def scrub(self, text: str) -> Scrubbed:
        if not text:
            return Scrubbed(text, ())
        spans = self.spans(text)
        out: list[str] = []
        at = 0
        for span in spans:
            out.append(text[at : span.start])
            out.append(PLACEHOLDERS[span.kind])
            at = span.end
        out.append(text[at:])
        return Scrubbed("".join(out), tuple(s.kind for s in spans))


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.end <= span.start:
            continue
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            kind = min(last.kind, span.kind, key=_PRIORITY.index)
            merged[-1] = Span(last.start, max(last.end, span.end), kind)
        else:
            merged.append(span)
    return merged
