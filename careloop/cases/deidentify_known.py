"""Identifiers the record itself holds, and the forms they may take in free text.

From the episode document: the client (full name, given name, first name alone, surname
alone, initials with the surname), the referral source and their organisation, the practice
(name, address, phone, e-mail, website), its staff (the author and everyone who recorded,
decided, cleared or changed anything), the client's identifiers and the document's own
ids. The web flow adds what the document does not carry (emergency contacts, every staff
member of the practice) as ``Extra``.

Matching is on a folded copy of the text (lower case, accents stripped, same length), so
"ELLIS", "ellis", "Éllis" and "Ellis's" all match "Ellis".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from careloop.cases.deidentify_patterns import Span
from careloop.record.document import EpisodeDocument

TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "dame"})

# Words of organisation names and addresses that say what, not who or where: "Riverside
# Medical Exercise" is removed as a phrase and by "Riverside", never by "Exercise".
GENERIC_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "for",
        "at",
        "in",
        "on",
        "medical",
        "medicine",
        "exercise",
        "exercises",
        "clinic",
        "clinics",
        "hospital",
        "hospitals",
        "general",
        "health",
        "healthcare",
        "physio",
        "physiotherapy",
        "therapy",
        "therapies",
        "centre",
        "center",
        "rehab",
        "rehabilitation",
        "practice",
        "sports",
        "sport",
        "orthopaedic",
        "orthopaedics",
        "orthopedic",
        "orthopedics",
        "outpatients",
        "outpatient",
        "department",
        "dept",
        "university",
        "royal",
        "trust",
        "nhs",
        "group",
        "ltd",
        "limited",
        "inc",
        "llc",
        "plc",
        "care",
        "wellness",
        "fitness",
        "performance",
        "studio",
        "gym",
        "pain",
        "spine",
        "knee",
        "hip",
        "shoulder",
        "back",
        "neck",
        "road",
        "street",
        "lane",
        "avenue",
        "drive",
        "way",
        "close",
        "court",
        "place",
        "square",
        "north",
        "south",
        "east",
        "west",
        "new",
        "upper",
        "lower",
        "st",
        "saint",
        "house",
        "building",
        "suite",
        "floor",
        "unit",
        "surgery",
        "surgical",
        "centre",
        "community",
        "primary",
        "family",
        "partners",
        "associates",
        "services",
        "service",
        "team",
        "consultant",
        "consultants",
        "specialist",
        "specialists",
        "training",
        "trainer",
        "personal",
        "strength",
        "conditioning",
        "movement",
        "body",
        "joint",
        "joints",
        "muscle",
        "bone",
        "bones",
        "and",
        "kingdom",
        "united",
        "states",
        "america",
        "england",
        "scotland",
        "wales",
        "ireland",
    ]
)

# Words of a party or role, not a name ("Orthopaedic outpatients secretary").
ROLE_WORDS = frozenset(
    [
        "secretary",
        "reception",
        "receptionist",
        "office",
        "desk",
        "admin",
        "administrator",
        "nurse",
        "doctor",
        "gp",
        "ward",
        "team",
        "manager",
        "on",
        "call",
        "duty",
    ]
)


def fold(text: str) -> str:
    """Lower case with accents stripped, one character for one (indexes stay valid)."""
    out = []
    for char in text.replace("\u2019", "'"):
        base = unicodedata.normalize("NFKD", char)[:1] or char
        out.append(base.lower() if len(base.lower()) == 1 else char)
    return "".join(out)


def name_words(name: str) -> list[str]:
    words = [w.strip("'.-") for w in re.findall(r"[a-z][a-z'.-]*", fold(name))]
    words = [re.sub(r"'s?$", "", w) for w in words]
    return [w for w in words if len(w) >= 2 and w not in TITLES]


@dataclass
class Extra:
    """Identifiers of the client that the episode document does not hold."""

    contact_names: list[str] = field(default_factory=list)
    staff_names: list[str] = field(default_factory=list)
    other_terms: list[str] = field(default_factory=list)


@dataclass
class KnownTerms:
    """Folded terms by kind, longest first when matched."""

    terms: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, term: str) -> None:
        key = " ".join(fold(term).split())
        if len(key) >= 2 and key not in self.terms:
            self.terms[key] = kind

    def add_person(self, kind: str, name: str) -> None:
        words = [w for w in name_words(name) if w not in GENERIC_WORDS and w not in ROLE_WORDS]
        if words:
            self.add(kind, " ".join(words))
        for word in words:
            self.add(kind, word)
            for part in word.split("-"):
                if len(part) >= 2:
                    self.add(kind, part)

    def add_organisation(self, kind: str, name: str) -> None:
        for phrase in re.split(r"[,\n;]", name):
            if phrase.strip():
                self.add(kind, phrase.strip())
            for word in name_words(phrase):
                if word not in GENERIC_WORDS and len(word) >= 3:
                    self.add(kind, word)

    def add_address(self, address: str) -> None:
        for line in address.splitlines():
            if line.strip():
                self.add("address", line.strip())
            for word in name_words(line):
                if word not in GENERIC_WORDS and len(word) >= 3:
                    self.add("place", word)

    def pattern(self) -> re.Pattern[str] | None:
        if not self.terms:
            return None
        parts = [
            r"[\s.,'-]+".join(re.escape(w) for w in term.split())
            for term in sorted(self.terms, key=len, reverse=True)
        ]
        # A possessive ("Ellis's", "Ellis'") goes with the name.
        return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(parts)})(?:'s?)?(?![a-z0-9])")

    def find(self, text: str) -> list[Span]:
        pattern = self.pattern()
        if pattern is None:
            return []
        folded = fold(text)
        return [Span(m.start(), m.end(), self._kind(m.group())) for m in pattern.finditer(folded)]

    def _kind(self, matched: str) -> str:
        key = " ".join(re.sub(r"'s?$", "", matched).replace("-", " ").split())
        if key in self.terms:
            return self.terms[key]
        squeezed = re.sub(r"[\s.,'-]+", " ", key)
        return next(
            (kind for term, kind in self.terms.items() if re.sub(r"[-]", " ", term) == squeezed),
            "person_name",
        )


def known_terms(doc: EpisodeDocument, extra: Extra | None = None) -> KnownTerms:
    known = KnownTerms()
    client = doc.client
    known.add_person("client_name", client.name)
    if client.given_name:
        known.add_person("client_name", client.given_name)
    for identifier in client.identifiers:
        known.add("record_number", identifier.value)
    known.add_person("referrer_name", doc.recipient.name)
    if doc.recipient.salutation:
        known.add_person("referrer_name", doc.recipient.salutation)
    for text in (doc.recipient.organisation, doc.practice.name):
        known.add_organisation("practice_name", text)
    for address in (doc.practice.address, doc.recipient.address):
        known.add_address(address)
    for contact in _contact_values(doc):
        known.add("phone" if "@" not in contact else "email", contact)
    for name in _staff_names(doc):
        known.add_person("staff_name", name)
    for ident in _ids(doc):
        known.add("record_number", ident)
    if extra:
        for name in extra.contact_names:
            known.add_person("contact_name", name)
        for name in extra.staff_names:
            known.add_person("staff_name", name)
        for term in extra.other_terms:
            known.add("record_number", term)
    return known


def _contact_values(doc: EpisodeDocument) -> Iterable[str]:
    for part in (doc.practice, doc.recipient):
        yield from (v for v in (part.phone, part.fax, part.email) if v)
    yield from (v for v in (doc.author.phone, doc.author.email) if v)
    if doc.practice.website:
        yield doc.practice.website


def _staff_names(doc: EpisodeDocument) -> Iterable[str]:
    yield doc.author.name
    yield from (s.practitioner for s in doc.sessions)
    yield from (r.recorded_by for r in doc.pain_reports if r.recorded_by)
    yield from (d.decided_by for d in doc.decisions)
    yield from (c.changed_by for c in doc.program_changes)
    yield from (c.by for c in doc.communications if c.by)
    yield from (c.party for c in doc.communications if c.party)
    yield from (v.measured_by for v in doc.vitals if v.measured_by)
    yield from (a.recorded_by for a in doc.care_actions if a.recorded_by)
    if doc.hold and doc.hold.clearance:
        yield doc.hold.clearance.cleared_by


def _ids(doc: EpisodeDocument) -> Iterable[str]:
    if doc.episode:
        yield doc.episode.id
    yield from (s.id for s in doc.sessions)
    yield from (r.id for r in doc.pain_reports)
