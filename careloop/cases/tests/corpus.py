"""A corpus of episodes with identifiers planted in every free-text field.

Each example episode document (careloop/letters/examples) is copied once per planted form;
the form is appended to every free-text string of the copy, after a clinical sentence
whose numbers must come through untouched. The known identifiers use the example's own
client, referrer, practice and staff, in every variant the issue lists.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[2] / "letters" / "examples"

CLINICAL = "Pain 7/10 after 3x10 step-ups at 20 kg, 2-0-2 tempo, H1 and E10, 6 weeks post-op TKR."
CLINICAL_PARTS = ("7/10", "3x10", "20 kg", "2-0-2", "H1", "E10", "6 weeks", "TKR", "step-ups")

# Keys of the episode document that hold free text (anywhere but in the people's own
# sections, whose names and numbers are the known identifiers).
FREE_TEXT_KEYS = frozenset(
    [
        "reason",
        "diagnosis",
        "procedure",
        "precautions",
        "contraindications",
        "name",
        "notes",
        "resistance",
        "range_of_motion",
        "tempo",
        "goals",
        "conditions",
        "changes",
        "practitioner_observations",
        "client_statements",
        "client_statement",
        "practitioner_observation",
        "outcome",
        "actions_taken",
        "summary",
        "note",
        "label",
        "context",
        "question",
        "questions_for_physician",
    ]
)
# Fields too short for the clinical sentence: they get the identifier alone.
SHORT_KEYS = {"tempo": 40, "resistance": 100, "range_of_motion": 100}
NOT_PLANTED_UNDER = frozenset({"practice", "author", "recipient", "identifiers", "medications"})


@dataclass(frozen=True)
class Plant:
    form: str  # what the issue calls it
    text: str  # what is written into the free text
    secrets: tuple[str, ...]  # what must not appear in the case (case-insensitive)


def _first_last(name: str) -> tuple[str, str]:
    words = [w for w in name.split() if w.rstrip(".") not in {"Dr", "Mr", "Mrs", "Ms"}]
    return words[0], words[-1]


def plants(doc: dict[str, Any]) -> list[Plant]:
    first, last = _first_last(doc["client"]["name"])
    ref_first, ref_last = _first_last(doc["recipient"]["name"])
    staff_first, staff_last = _first_last(doc["author"]["name"])
    practice = doc["practice"]["name"]
    return [
        Plant("client full name", f"Seen with {first} {last}.", (f"{first} {last}",)),
        Plant("client first name alone", f"{first} said it eased.", (first,)),
        Plant("client surname alone", f"Spoke to {last} again.", (last,)),
        Plant("client name upper case", f"{first.upper()} {last.upper()} ok.", (last.upper(),)),
        Plant("client name lower case", f"{first.lower()} {last.lower()} ok.", (last.lower(),)),
        Plant("client initial with surname", f"{first[0]}. {last} rang.", (last, f"{first[0]}. ")),
        Plant("client surname, first name", f"{last}, {first} notes.", (last, first)),
        Plant("client possessive", f"{last}'s knee and {first}\u2019s hip.", (last, first)),
        Plant("client with title", f"Mrs {last} rang.", (last,)),
        Plant(
            "referral source", f"Dr {ref_last} agreed; {ref_first} {ref_last} wrote.", (ref_last,)
        ),
        Plant("practice name", f"Back at {practice} on Friday.", (practice,)),
        Plant("staff name", f"{staff_first} {staff_last} supervised.", (staff_last,)),
        Plant(
            "emergency contact", "Called Oluwaseun Adebayo-Hart, her son.", ("Adebayo", "Oluwaseun")
        ),
        Plant("other person with title", "Seen by Mrs Okonkwo-Baines.", ("Okonkwo",)),
        Plant("other person by relation", "Her husband Tomasz drove.", ("Tomasz",)),
        Plant("other person by first name", "Priya Raghunathan helped.", ("Priya", "Raghunathan")),
        Plant("street address", "Lives at 14 Acacia Avenue.", ("Acacia",)),
        Plant("flat number", "Flat 12B, stairs.", ("12B",)),
        Plant("town", "Drove from Nottingham.", ("Nottingham",)),
        Plant("UK postcode", "Postcode NG7 2UH.", ("NG7", "2UH")),
        Plant("US ZIP code", "Moved to NY 10027.", ("10027",)),
        Plant("date d/m/y", "Seen 18/11/2025.", ("18/11",)),
        Plant("ISO date", "Seen 2025-11-18.", ("2025-11-18",)),
        Plant("date in words", "Since 18 November 2025.", ("18 November",)),
        Plant("month and day", "Since Nov 18th.", ("Nov 18",)),
        Plant("day and month cued", "Pain since 18/11 only.", ("18/11",)),
        Plant("date of birth", "DOB 12.02.1957.", ("12.02", "1957")),
        Plant("phone UK", "Ring +44 20 7946 0958.", ("7946 0958",)),
        Plant("phone UK national", "Mobile 07700 900123.", ("900123",)),
        Plant("phone US", "Cell (212) 555-0199.", ("555-0199",)),
        Plant("phone FR", "Tel +33 1 42 68 53 00.", ("42 68 53",)),
        Plant("fax", "Fax 0161 496 0000.", ("496 0000",)),
        Plant("e-mail", "Mail m.walsh77@example.com.", ("walsh77", "example.com")),
        Plant("URL", "See https://portal.example.org/p/8841.", ("portal.example", "8841")),
        Plant("bare web address", "Blog at www.walshfamily.net.", ("walshfamily",)),
        Plant("IPv4 address", "Logged from 192.168.10.24.", ("192.168",)),
        Plant("IPv6 address", "Logged from 2001:db8::ff00:42:8329.", ("2001:db8", "8329")),
        Plant("medical record number", "MRN 12345678.", ("12345678",)),
        Plant("NHS number", "NHS no 943 476 5919.", ("943 476", "5919")),
        Plant("health plan number", "Plan #A77-3321.", ("A77", "3321")),
        Plant("account number", "Account 00123456.", ("00123456",)),
        Plant("licence number", "Licence DL-4471-XK.", ("4471",)),
        Plant("vehicle registration", "Car reg AB12 CDE.", ("AB12",)),
        Plant("device serial", "Implant serial SN-88213-Q.", ("88213",)),
        Plant("other unique code", "Code ZX9Q7P noted.", ("ZX9Q7P",)),
        Plant("long number", "Ticket 55512345.", ("55512345",)),
    ]


def _walk(value: Any, key: str, parent: str, visit: Callable[[str, str], str]) -> Any:
    if isinstance(value, dict):
        if key in NOT_PLANTED_UNDER:
            return value
        return {k: _walk(v, k, key, visit) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, key, parent, visit) for v in value]
    if (
        isinstance(value, str)
        and key in FREE_TEXT_KEYS
        and not (key == "name" and parent == "client")
    ):
        return visit(key, value)
    return value


def planted(doc: dict[str, Any], plant: Plant) -> tuple[dict[str, Any], int]:
    """A copy of ``doc`` with the plant in every free text; and how many texts got it."""
    count = 0

    def visit(key: str, text: str) -> str:
        nonlocal count
        limit = SHORT_KEYS.get(key)
        if limit is None:
            count += 1
            return f"{text[:40]} {CLINICAL} {plant.text}"
        if len(plant.text) > limit:  # too long for a tempo: left as it was
            return text
        count += 1
        return plant.text

    return _walk(copy.deepcopy(doc), "", "", visit), count


def corpus() -> Iterator[tuple[str, dict[str, Any], Plant, int]]:
    for path in sorted(EXAMPLES.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for plant in plants(doc):
            episode, fields = planted(doc, plant)
            yield path.stem, episode, plant, fields
