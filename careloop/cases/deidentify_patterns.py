"""Pattern finders: identifiers nobody entered in the record, found by their shape.

Each finder takes the text and returns ``Span`` s (start, end, kind). They are written to
leave clinical content alone: pain ratings ("7/10"), loads ("40 kg", "3x10"), tempo
("2-0-2"), ranges ("0-90°"), rule ids ("H1", "E10"), spinal levels ("L4/L5") and years
stay; anything else that looks like a number or code long enough to single a person out
goes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import phonenumbers

from careloop.cases import deidentify_lists as lists


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


Finder = Callable[[str], list[Span]]


def _spans(pattern: re.Pattern[str], text: str, kind: str, group: int = 0) -> list[Span]:
    return [Span(m.start(group), m.end(group), kind) for m in pattern.finditer(text)]


EMAIL_RE = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
URL_RE = re.compile(
    r"\b(?:https?://|ftp://|www\.)\S+"
    r"|\b(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|uk|us|io|co|info|biz|nhs|au|ca|nz|ie|de|fr|"
    r"es|it|nl|eu|health|clinic|test|app|me)(?:/\S*)?\b",
    re.IGNORECASE,
)
IPV4_RE = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
IPV6_RE = re.compile(
    r"\b[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){3,7}\b"
    r"|(?:\b[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*\b)?",
    re.IGNORECASE,
)


def emails(text: str) -> list[Span]:
    return _spans(EMAIL_RE, text, "email")


def urls(text: str) -> list[Span]:
    return _spans(URL_RE, text, "url")


def ip_addresses(text: str) -> list[Span]:
    return _spans(IPV4_RE, text, "ip_address") + _spans(IPV6_RE, text, "ip_address")


# ---- phone numbers ---------------------------------------------------------------------

# A run of digits, brackets, spaces, dots and dashes holding at least 7 digits: the only
# places a phone number can be, so the matcher (slow across every region) reads only these.
PHONE_CANDIDATE_RE = re.compile(r"\+?\(?\d[\d\s().\-/]{5,}\d")
PHONE_RUN_RE = re.compile(r"\+?\(?\d{2,}\)?(?:[\s.\-]\(?\d{2,}\)?)+")


def phones(text: str) -> list[Span]:
    """``phonenumbers``' matcher for every region it knows, then any run of digit groups
    with 7 or more digits and a group of 3 or more (a phone number in a format no region
    accepts, or a fax, account or record number: none of them is clinical)."""
    found: list[Span] = []
    for candidate in PHONE_CANDIDATE_RE.finditer(text):
        if sum(c.isdigit() for c in candidate.group()) < 7:
            continue
        start = max(0, candidate.start() - 1)
        window = text[start : candidate.end() + 1]
        found += [Span(start + a, start + b, "phone") for a, b in _matched(window)]
    for run in PHONE_RUN_RE.finditer(text):
        digits = re.findall(r"\d+", run.group())
        if sum(len(d) for d in digits) >= 7 and max(len(d) for d in digits) >= 3:
            found.append(Span(run.start(), run.end(), "phone"))
    return found


@functools.lru_cache(maxsize=4096)
def _matched(window: str) -> frozenset[tuple[int, int]]:
    """Where the matcher finds a number, trying region after region until one reads all
    the digits of the window (the usual case: one region is enough)."""
    digits = sum(c.isdigit() for c in window)
    found: set[tuple[int, int]] = set()
    for region in _regions():
        for match in phonenumbers.PhoneNumberMatcher(window, region):
            found.add((match.start, match.end))
            if sum(c.isdigit() for c in match.raw_string) == digits:
                return frozenset(found)
    return frozenset(found)


def _regions() -> Iterator[str]:
    # "ZZ" reads only numbers written with a country code (+44 ...).
    yield "ZZ"
    yield from sorted(phonenumbers.SUPPORTED_REGIONS)


# ---- dates -----------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May)|may(?=\s*\d)|june?|"
    r"july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
WORD_DATE_RE = re.compile(
    rf"\b(?:{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{2,4}})?"
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+\d{{2,4}})?"
    rf"|{_MONTH},?\s+\d{{4}})\b",
    re.IGNORECASE,
)
NUMERIC_DATE_RE = re.compile(r"\b(\d{1,4})([/.-])(\d{1,2})\2(\d{2,4})\b")
ISO_DATE_RE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
CUED_DATE_RE = re.compile(
    r"\b(?:on|since|from|until|till|by|dated|dob|d\.o\.b\.?|born|before|after)\s+"
    r"(?:the\s+)?((?:3[01]|[12]\d|0?[1-9])[/.](?:1[0-2]|0?[1-9])(?![/.\d])"
    r"(?!\s*(?:kg|lb|cm|mm|m\b|%|°|x\b|reps?\b|sets?\b))"
    r"|\d{1,2}(?:st|nd|rd|th)\b(?!\s+(?:set|rep|session|week|day|time|exercise|round)))",
    re.IGNORECASE,
)
# A year after "born" or "DOB" gives the age away, which Safe Harbor forbids above 89.
BIRTH_YEAR_RE = re.compile(
    r"\b(?:born|dob|d\.o\.b\.?|birth)\b\D{0,20}?((?:19|20)\d{2})\b", re.IGNORECASE
)


def dates(text: str) -> list[Span]:
    found = _spans(WORD_DATE_RE, text, "date") + _spans(ISO_DATE_RE, text, "date")
    for m in NUMERIC_DATE_RE.finditer(text):
        a, b, c = int(m.group(1)), int(m.group(3)), int(m.group(4))
        year_first = len(m.group(1)) == 4 and 1 <= b <= 12 and 1 <= c <= 31
        year_last = len(m.group(4)) in (2, 4) and (
            (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)
        )
        if year_first or year_last:
            found.append(Span(m.start(), m.end(), "date"))
    found += _spans(CUED_DATE_RE, text, "date", group=1)
    found += _spans(BIRTH_YEAR_RE, text, "date", group=1)
    return found


# ---- places ----------------------------------------------------------------------------

_STREET_TYPES = (
    r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|close|"
    r"crescent|cres|place|pl|terrace|square|sq|gardens|grove|parkway|pkwy|highway|hwy|"
    r"row|mews|walk|hill|park|view|rise"
)
STREET_RE = re.compile(
    rf"\b\d{{1,5}}[a-z]?,?\s+(?:(?-i:[A-Z])[\w'\u2019-]*\s+){{1,3}}(?:{_STREET_TYPES})\b\.?",
    re.IGNORECASE,
)
UNIT_RE = re.compile(r"\b(?:flat|apt|apartment|unit|suite|po box|p\.o\. box)\s*#?\d+[a-z]?\b", re.I)
UK_POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
CA_POSTCODE_RE = re.compile(r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b", re.IGNORECASE)
US_ZIP_RE = re.compile(r"\b(?:zip|zip code|postcode|post code)\s*:?\s*(\d{4,5}(?:-\d{4})?)\b", re.I)
STATE_ZIP_RE = re.compile(r"\b[A-Z]{2}\s+(\d{5}(?:-\d{4})?)\b")


def addresses(text: str) -> list[Span]:
    return _spans(STREET_RE, text, "address") + _spans(UNIT_RE, text, "address")


def postcodes(text: str) -> list[Span]:
    found = _spans(UK_POSTCODE_RE, text, "postcode") + _spans(CA_POSTCODE_RE, text, "postcode")
    found += _spans(US_ZIP_RE, text, "postcode", group=1)
    return found + _spans(STATE_ZIP_RE, text, "postcode", group=1)


CAPITALISED_RUN_RE = re.compile(r"\b[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2}")


def towns(text: str) -> list[Span]:
    """Capitalised words (one to three) that are the name of a town of 15,000 or more."""
    known = lists.towns()
    found: list[Span] = []
    for run in CAPITALISED_RUN_RE.finditer(text):
        words = list(re.finditer(r"[\w'\u2019.-]+", run.group()))
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                start, end = words[i].start(), words[j - 1].end()
                name = run.group()[start:end].rstrip(".")
                end = start + len(name)
                key = name.lower()
                if key in known:
                    found.append(Span(run.start() + start, run.start() + end, "place"))
                    break
    return found


# ---- numbers and codes -----------------------------------------------------------------

RECORD_RE = re.compile(
    r"\b(?:MRN|NHS|CHI|SSN|NI|medicare|medicaid|record|chart|plan|policy|account|acct|"
    r"member|membership|licen[cs]e|driving licen[cs]e|registration|reg|plate|vehicle|VIN|"
    r"serial|device|implant|pacemaker|lot|ref|reference|id|insurance|claim|case|patient|"
    r"client|certificate|cert|passport|beneficiary|hospital)\b\s*"
    r"(?:no\b\.?|number|num|#|id\b)?\s*[:#]?\s*"
    r"((?=[A-Z0-9/-]*\d)[A-Z0-9][A-Z0-9/-]*(?:\s\d[A-Z0-9/-]*)*)",
    re.IGNORECASE,
)
UK_PLATE_RE = re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b")
TOKEN_RE = re.compile(r"(?<![\w/-])[A-Za-z0-9][A-Za-z0-9/._-]*[A-Za-z0-9](?![\w/-])")
# Numbers with a unit, sets x reps, spinal levels, rule ids: clinical, kept.
CLINICAL_TOKEN_RE = re.compile(
    r"^(?:\d+(?:[.,]\d+)?(?:x\d+(?:[.,]\d+)?)*-?"
    r"(?:kg|kgs|lb|lbs|g|cm|mm|m|km|mi|s|sec|secs|min|mins|h|hr|hrs|x|st|nd|rd|th|bpm|mmhg|"
    r"ml|mg|mcg|kcal|cal|reps?|sets?|steps?|wk|wks|weeks?|days?|months?|years?|yo|yrs?|"
    r"hours?|minutes?|seconds?|metres?|meters?|rpm|w|watts|deg|degrees?|ft|in|pct|point|"
    r"session|sessions|times?|fold|year-old|weekly|daily)?"
    r"|[CTLS]\d{1,2}(?:[/-][CTLS]?\d{1,2})?|[A-Z]{1,3}\d{1,2}|\d{1,3}(?:[-/]\d{1,3}){1,3}"
    r"|spo2|vo2(?:max)?|hba1c|t1|t2|a1c|covid-?19)$",
    re.IGNORECASE,
)
LONG_NUMBER_RE = re.compile(r"\b\d{5,}\b")


def record_numbers(text: str) -> list[Span]:
    found = [
        Span(m.start(1), m.end(1), "record_number")
        for m in RECORD_RE.finditer(text)
        if len(re.sub(r"\W", "", m.group(1))) >= 3 or "#" in m.group(0)
    ]
    return found + _spans(UK_PLATE_RE, text, "record_number")


def codes(text: str) -> list[Span]:
    """Any other unique number or code: 5 digits or more, or letters mixed with digits
    that are not a clinical measure ("AB-12345", "EP-2026-014", "X7Y9Q")."""
    found = _spans(LONG_NUMBER_RE, text, "number")
    for m in TOKEN_RE.finditer(text):
        token = m.group()
        has_digit = any(c.isdigit() for c in token)
        if not has_digit or CLINICAL_TOKEN_RE.match(token):
            continue
        alnum = re.sub(r"[^A-Za-z0-9]", "", token)
        if len(alnum) >= 4 and any(c.isalpha() for c in alnum):
            found.append(Span(m.start(), m.end(), "record_number"))
    return found


PATTERN_FINDERS: tuple[Finder, ...] = (
    emails,
    urls,
    ip_addresses,
    dates,
    phones,
    postcodes,
    addresses,
    record_numbers,
    codes,
    towns,
)
