"""The greeting of a letter to a referral source ("Dear Dr Ó Sé,").

The practitioner confirms it on the referral source (``ReferralSource.salutation``); this
module only suggests one from the name. A surname may have several words ("Ó Sé",
"Te Rangi-Moreau", "de la Cruz"), so the particles that begin one are kept with it, and a
name whose given name cannot be told apart keeps all its words after the title.
"""

from __future__ import annotations

TITLES = {"dr": "Dr", "mr": "Mr", "mrs": "Mrs", "ms": "Ms", "miss": "Miss", "mx": "Mx"}
TITLES |= {"prof": "Prof", "professor": "Professor"}
# Words that begin a surname (Irish, Scottish, Maori, Romance, Dutch, German, Arabic ...).
PARTICLES = frozenset(
    [
        "ó",
        "o'",
        "ní",
        "nic",
        "mac",
        "mc",
        "ua",
        "uí",
        "te",
        "de",
        "del",
        "della",
        "der",
        "den",
        "di",
        "da",
        "do",
        "dos",
        "das",
        "du",
        "la",
        "le",
        "van",
        "von",
        "ter",
        "ten",
        "bin",
        "binti",
        "ibn",
        "al",
        "el",
        "st",
        "st.",
        "san",
        "santa",
    ]
)


def suggest_salutation(name: str) -> str:
    """ "Dr Anjali Patel" -> "Dr Patel"; "Mr Ó Sé" -> "Mr Ó Sé"; "Dr Te Rangi-Moreau" ->
    "Dr Te Rangi-Moreau"; a name without a title is used whole."""
    words = name.split()
    if not words or words[0].rstrip(".").casefold() not in TITLES:
        return " ".join(words)
    title, rest = TITLES[words[0].rstrip(".").casefold()], words[1:]
    start = max(len(rest) - 1, 0)
    while start > 0 and rest[start - 1].casefold() in PARTICLES:
        start -= 1
    return " ".join([title, *rest[start:]])
