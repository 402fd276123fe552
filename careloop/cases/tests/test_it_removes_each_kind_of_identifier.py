"""One sentence per identifier form, with the placeholder each becomes."""

from __future__ import annotations

import pytest

from careloop.cases.deidentify import Scrubber
from careloop.cases.deidentify_known import Extra, known_terms
from careloop.letters.tests.conftest import KNEE_HOLD
from careloop.record.parsing import load_document

DOC = load_document(KNEE_HOLD)  # client Margaret Ellis, referrer Dr Anjali Patel, staff Sam Okafor
SCRUBBER = Scrubber(known_terms(DOC, Extra(contact_names=["Jo Brennan-Ellis"])))

FORMS = [
    ("MARGARET said it eased", "[CLIENT] said it eased"),
    ("ellis rang", "[CLIENT] rang"),
    ("M. Ellis rang", "[CLIENT] rang"),
    ("Ellis's knee and Ellis\u2019 hip", "[CLIENT] knee and [CLIENT] hip"),
    ("Mrs Ellis rang", "[CLIENT] rang"),
    ("Ellis, Margaret", "[CLIENT], [CLIENT]"),
    ("Jo phoned; Brennan-Ellis too", "[CONTACT] phoned; [CONTACT] too"),
    ("Dr Patel agreed", "[REFERRER] agreed"),
    ("Anjali's letter", "[REFERRER] letter"),
    ("Sam Okafor supervised", "[STAFF] supervised"),
    ("At Riverside Medical Exercise", "At [ORGANISATION]"),
    ("Lives at 14 Acacia Avenue", "Lives at [ADDRESS]"),
    ("From Nottingham by car", "From [PLACE] by car"),
    ("Postcode NG7 2UH", "Postcode [POSTCODE]"),
    ("Seen 18/11/2025 and 2025-11-19", "Seen [DATE] and [DATE]"),
    ("Since 18 November 2025", "Since [DATE]"),
    ("Ring +44 20 7946 0958", "Ring [PHONE]"),
    ("Cell (212) 555-0199", "Cell [PHONE]"),
    ("Mail m.walsh@example.com", "Mail [EMAIL]"),
    ("See https://portal.example.org/p/1", "See [URL]"),
    ("From 192.168.10.24", "From [IP]"),
    ("MRN 12345678", "MRN [ID]"),
    ("Licence DL-4471-XK", "Licence [ID]"),
    ("Her husband Tomasz drove", "Her husband [PERSON] drove"),
    ("Seen by Dr Moreau", "Seen by [PERSON]"),
    ("Ticket 123456", "Ticket [NUMBER]"),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_it_replaces_the_identifier_with_its_placeholder(text: str, expected: str) -> None:
    assert SCRUBBER.scrub(text).text == expected


def test_it_says_what_kind_it_removed_never_the_text() -> None:
    scrubbed = SCRUBBER.scrub("Margaret Ellis, DOB 12/02/1957, ring 07700 900123")
    assert scrubbed.kinds == ("client_name", "date", "phone")
    assert "Ellis" not in repr(scrubbed.kinds)
