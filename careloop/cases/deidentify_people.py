"""People named in free text whom the record does not know: a husband, a GP, a friend.

Three cues, each needing a capital letter (a name typed in lower case is not found):
- a title ("Dr Moreau", "Mrs. Okonkwo", "Nurse Abbott");
- a relation or role before a capitalised word ("her husband Tom", "GP Dr Lee", "son, Kwame");
- a first name from the US Census lists ("Priya said", "Tom Briggs"), with the capitalised
  words after it taken as the surname. First names that are everyday words ("Will",
  "Grace") are left out of the list (:mod:`careloop.cases.deidentify_lists`).
An initial before a found name goes with it ("J. Moreau").
"""

from __future__ import annotations

import itertools
import re

from careloop.cases import deidentify_lists as lists
from careloop.cases.deidentify_patterns import Span

_NAME = r"[A-Z][a-z][\w'\u2019-]*"
TITLE_RE = re.compile(
    rf"\b(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Nurse|Sister|Fr|Rev|Sir|Dame|Lady|Lord)\.?"
    rf"\s+(?:[A-Z]\.?\s+)?{_NAME}(?:\s+{_NAME})?"
)
RELATION_RE = re.compile(
    r"\b(?:husband|wife|partner|son|daughter|mother|father|mum|mom|dad|brother|sister|"
    r"friend|neighbou?r|carer|caregiver|colleague|boss|grandson|granddaughter|niece|nephew|"
    r"aunt|uncle|cousin|gp|surgeon|physio|physiotherapist|consultant|doctor|nurse|coach|"
    r"trainer|called|named|told|asked|saw|met)\b[,:]?\s+"
    rf"({_NAME}(?:\s+{_NAME})?)"
)
WORD_RE = re.compile(r"[A-Z][a-z'\u2019-]+")
INITIAL_BEFORE_RE = re.compile(r"(?<![A-Za-z])(?:[A-Z]\.?\s+){1,2}$")
# Capitalised words after a relation that are not names ("her husband Tuesday", "saw GP").
NOT_NAMES = frozenset(
    [
        "I",
        "The",
        "A",
        "An",
        "He",
        "She",
        "They",
        "We",
        "It",
        "His",
        "Her",
        "Their",
        "Our",
        "My",
        "Your",
        "This",
        "That",
        "Then",
        "There",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "GP",
        "A&E",
        "ED",
        "ER",
        "Dr",
        "Mr",
        "Mrs",
        "Ms",
        "Pain",
        "Client",
        "Practitioner",
        "No",
        "Yes",
        "Physio",
        "Today",
        "Tomorrow",
        "Yesterday",
    ]
)


def people(text: str) -> list[Span]:
    found = [Span(m.start(), m.end(), "person_name") for m in TITLE_RE.finditer(text)]
    for m in RELATION_RE.finditer(text):
        name = m.group(1)
        first = name.split()[0]
        if first not in NOT_NAMES and not _is_title(first):
            found.append(Span(m.start(1), m.end(1), "person_name"))
    found += _census_names(text)
    found += _rare_capitalised_pairs(text)
    return [with_initials(text, span) for span in found]


def _is_title(word: str) -> bool:
    return word.rstrip(".") in {"Dr", "Mr", "Mrs", "Ms", "Miss", "Mx", "Prof", "Nurse"}


def _census_names(text: str) -> list[Span]:
    first_names = lists.first_names()
    found: list[Span] = []
    words = list(WORD_RE.finditer(text))
    i = 0
    while i < len(words):
        word = words[i]
        key = re.sub(r"['\u2019]s?$", "", word.group().lower())
        if key in first_names and key not in lists.CLINICAL_EPONYMS:
            end = word.end()
            # The next capitalised word right after it is the surname.
            after = words[i + 1] if i + 1 < len(words) else None
            if after and text[end : after.start()] == " " and after.group() not in NOT_NAMES:
                end = after.end()
                i += 1
            found.append(Span(word.start(), end, "person_name"))
        i += 1
    return found


def _rare_capitalised_pairs(text: str) -> list[Span]:
    """Two capitalised words in a row that are both rare words ("Priya Raghunathan"):
    a name from outside the census lists, most likely."""
    found: list[Span] = []
    words = list(WORD_RE.finditer(text))
    for a, b in itertools.pairwise(words):
        if text[a.end() : b.start()] != " ":
            continue
        if all(lists.rare_word(w.group()) for w in (a, b)):
            found.append(Span(a.start(), b.end(), "person_name"))
    return found


def with_initials(text: str, span: Span) -> Span:
    """The span with the initials before it ("M. " of "M. Ellis")."""
    before = INITIAL_BEFORE_RE.search(text, max(0, span.start - 8), span.start)
    if before is None:
        return span
    return Span(span.start - len(before.group()), span.end, span.kind)
