"""The identifier guard: what must never be posted to the network.

Pure functions over the text and a `Vocabulary` of the author's own practice records
(clients' names and dates of birth, referral sources' names), which the caller loads
through `selectors.guard_vocabulary` scoped to the author's current practice. A finding
names only its kind and the text the author typed: never which record matched.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

import phonenumbers

from careloop.network.markdown import LINK_RE


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str

    @property
    def message(self) -> str:
        return KIND_MESSAGES[self.kind]

    @property
    def confirmable(self) -> bool:
        """Whether the author may confirm it is not client information (a name can be a
        false positive: their own surname, a place, a common word)."""
        return self.kind in CONFIRMABLE_KINDS


# Only name matches can be false positives the author may override. Dates of birth,
# phone numbers, e-mail and street addresses and record numbers are never posted.
CONFIRMABLE_KINDS = frozenset({"client_name", "source_name"})


def term_key(text: str) -> str:
    """How a confirmed name is compared with a finding: case, spacing, titles and
    possessives ignored ("Bob Baker's" is the "Bob Baker" the author confirmed)."""
    return " ".join(name_words(text))


def excuse(findings: list[Finding], confirmed: set[str]) -> tuple[list[Finding], list[Finding]]:
    """Split findings into (still refused, excused): a confirmable finding is excused
    when the author confirmed its text is not client information."""
    keys = {term_key(t) for t in confirmed}
    refused = [f for f in findings if not (f.confirmable and term_key(f.text) in keys)]
    excused = [f for f in findings if f not in refused]
    return refused, excused


KIND_MESSAGES = {
    "client_name": "a name of one of your clients",
    "source_name": "a name of one of your referral sources",
    "client_dob": "a date of birth of one of your clients",
    "date_of_birth": "a date of birth",
    "phone": "a phone number",
    "email": "an e-mail address",
    "address": "a street address or postcode",
    "record_number": "a record number",
    "link": "a link (new members cannot post links until a moderator approved a few posts)",
}


@dataclass(frozen=True)
class Vocabulary:
    """Names are stored as tuples of normalised words; dates as dates."""

    client_names: frozenset[tuple[str, ...]] = frozenset()
    source_names: frozenset[tuple[str, ...]] = frozenset()
    client_dobs: frozenset[dt.date] = frozenset()
    phone_regions: tuple[str, ...] = ("GB", "US")
    extra: dict[str, str] = field(default_factory=dict)


TITLES = {"dr", "mr", "mrs", "ms", "miss", "prof", "professor", "mx", "sir"}


def normalise(text: str) -> str:
    # A typographic apostrophe would vanish in the ASCII fold (Ellis + U+2019 + s -> "elliss").
    text = text.replace("\u2019", "'")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.lower()


POSSESSIVE_RE = re.compile(r"'s?$")


def name_words(name: str) -> tuple[str, ...]:
    # A possessive is the same name: "Ellis's knee", "Ellis' knee".
    words = [POSSESSIVE_RE.sub("", w) for w in re.findall(r"[a-z][a-z'-]*", normalise(name))]
    while words and words[0].rstrip(".") in TITLES:
        words = words[1:]
    return tuple(words)


def client_name_forms(first: str, last: str) -> set[tuple[str, ...]]:
    """'Margaret Ellis', 'Ellis Margaret' and 'Mrs Ellis' style forms (the last is added
    by the matcher for any title + surname)."""
    f, la = name_words(first), name_words(last)
    forms: set[tuple[str, ...]] = set()
    if f and la:
        forms.add(f + la)
        forms.add(la + f)
        forms.add((f[0], *la))
    return forms


EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
STREET_RE = re.compile(
    # Street names are capitalised ("42 Mill Lane"); "3 sets on the way" is not one.
    r"\b\d{1,5}[a-z]?\s+(?:(?-i:[A-Z])[\w'-]*\s+){1,3}"
    r"(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|close|"
    r"crescent|place|pl|terrace|square|sq|gardens|grove|parkway|pkwy|highway|hwy)\b\.?",
    re.IGNORECASE,
)
UK_POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
US_ZIP_RE = re.compile(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")
RECORD_RE = re.compile(
    r"\b(?:MRN|NHS|chart|record|patient|client|case|file|member|id)\s*"
    r"(?:no\.?|number|num|#|id)?\s*[:#]?\s*(?=[A-Z\-]*\d)([A-Z0-9][A-Z0-9-]{3,})\b",
    re.IGNORECASE,
)
NHS_NUMBER_RE = re.compile(r"\b\d{3}\s?\d{3}\s?\d{4}\b")
DOB_CUE_RE = re.compile(r"\b(?:dob|d\.o\.b\.?|born|date of birth|birthday)\b", re.IGNORECASE)
MONTHS = {
    m: i + 1
    for i, ms in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
    for m in (ms, normalise(dt.date(2000, i + 1, 1).strftime("%B")))
}
NUMERIC_DATE_RE = re.compile(r"\b(\d{1,4})[/.-](\d{1,2})[/.-](\d{2,4})\b")
WORD_DATE_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b"
    r"|\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"
)


def _dates(text: str) -> list[tuple[str, list[dt.date], int]]:
    """Every date-looking span with the dates it could mean (day/month order varies)."""
    found: list[tuple[str, list[dt.date], int]] = []
    for m in NUMERIC_DATE_RE.finditer(text):
        a, b, c = (int(x) for x in m.groups())
        candidates = []
        if len(m.group(1)) == 4:
            candidates.append((a, b, c))
        else:
            year = c + (1900 if c >= 30 else 2000) if len(m.group(3)) == 2 else c
            candidates += [(year, b, a), (year, a, b)]
        found.append((m.group(0), _valid(candidates), m.start()))
    for m in WORD_DATE_RE.finditer(text):
        if m.group(1):
            day_text, month_name, year_text = m.group(1), m.group(2), m.group(3)
        else:
            month_name, day_text, year_text = m.group(4), m.group(5), m.group(6)
        month = MONTHS.get(normalise(month_name)[:3]) if month_name else None
        if month:
            when = _valid([(int(year_text), month, int(day_text))])
            found.append((m.group(0), when, m.start()))
    return found


def _valid(candidates: list[tuple[int, int, int]]) -> list[dt.date]:
    dates = []
    for y, mo, d in candidates:
        try:
            dates.append(dt.date(y, mo, d))
        except ValueError:
            continue
    return dates


def _name_findings(text: str, vocab: Vocabulary) -> list[Finding]:
    findings: list[Finding] = []
    tokens = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[A-Za-z][\w'-]*\.?", text)]
    words = [name_words(t)[0] if name_words(t) else "" for t, _, _ in tokens]
    raw_words = [normalise(t).rstrip(".") for t, _, _ in tokens]
    surnames = {n[-1] for n in vocab.client_names} | {n[-1] for n in vocab.source_names}

    def span(i: int, j: int) -> str:
        return text[tokens[i][1] : tokens[j - 1][2]].rstrip(".")

    for kind, names in (("client_name", vocab.client_names), ("source_name", vocab.source_names)):
        for n in names:
            size = len(n)
            for i in range(len(words) - size + 1):
                if tuple(words[i : i + size]) == n:
                    findings.append(Finding(kind, span(i, i + size)))
    # A title followed by a surname of a client or source ("Mrs Ellis", "Dr Natarajan").
    for i in range(len(raw_words) - 1):
        if raw_words[i] in TITLES and words[i + 1] in surnames:
            surname = words[i + 1]
            kind = (
                "client_name"
                if any(n[-1] == surname for n in vocab.client_names)
                else "source_name"
            )
            findings.append(Finding(kind, span(i, i + 2)))
    return findings


def check(text: str, vocab: Vocabulary, *, links_allowed: bool = True) -> list[Finding]:
    """Everything in `text` that must come out before it is published (in text order,
    without repeats)."""
    findings: list[Finding] = _name_findings(text, vocab)
    for date_text, dates, start in _dates(text):
        if any(d in vocab.client_dobs for d in dates):
            findings.append(Finding("client_dob", date_text))
        elif DOB_CUE_RE.search(text[max(0, start - 30) : start]):
            findings.append(Finding("date_of_birth", date_text))
    for m in EMAIL_RE.finditer(text):
        findings.append(Finding("email", m.group(0)))
    for region in vocab.phone_regions:
        for match in phonenumbers.PhoneNumberMatcher(text, region):
            findings.append(Finding("phone", match.raw_string))
    for regex in (STREET_RE, UK_POSTCODE_RE, US_ZIP_RE):
        for m in regex.finditer(text):
            findings.append(Finding("address", m.group(0).strip()))
    for m in RECORD_RE.finditer(text):
        findings.append(Finding("record_number", m.group(0)))
    for m in NHS_NUMBER_RE.finditer(text):
        findings.append(Finding("record_number", m.group(0)))
    if not links_allowed:
        for m in LINK_RE.finditer(text):
            findings.append(Finding("link", m.group(0)))
    return _dedupe(findings, text)


def _dedupe(findings: list[Finding], text: str) -> list[Finding]:
    seen: set[str] = set()
    unique: list[Finding] = []
    for f in sorted(findings, key=lambda f: text.find(f.text)):
        if f.text.lower() in seen:
            continue
        # A phone-shaped record number or a number inside an e-mail is reported once.
        if any(f.text in u.text and f.text != u.text for u in unique):
            continue
        seen.add(f.text.lower())
        unique.append(f)
    return unique
