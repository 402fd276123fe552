"""File names of letters: the client's name kept in any script, a draft named as a draft.

``sbar-ñúñez-øster-2026-03-11-v1.pdf`` for a final letter,
``DRAFT-sbar-ñúñez-øster-2026-03-11-v1.pdf`` for a draft, so a draft saved to disk or
forwarded is never mistaken for the letter that was sent. Browsers get the Unicode name
through RFC 5987/6266 ``filename*`` and an ASCII transliteration in ``filename`` for
the few clients that ignore it ("nunez-oster").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from urllib.parse import quote

# Letters NFKD does not take apart into a base letter and a mark.
_ASCII_LETTERS = str.maketrans(
    {
        "Ø": "O",
        "ø": "o",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ß": "ss",
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Þ": "Th",
        "þ": "th",
        "Ð": "D",
        "ð": "d",
        "\u0131": "i",  # dotless i
    }
)


def name_part(name: str) -> str:
    """A client's name for a file name: letters and digits of any script, lower case,
    words joined by hyphens ("Ñúñez-Øster" -> "ñúñez-øster"); emoji and punctuation go."""
    text = unicodedata.normalize("NFC", name).casefold()
    words = re.findall(r"[^\W_]+", text)
    return "-".join(words) or "client"


def ascii_part(text: str) -> str:
    """The ASCII fallback: accents dropped, "ø" as "o"; scripts without a Latin spelling
    (CJK) drop out ("王秀英 Ñúñez" -> "nunez")."""
    plain = unicodedata.normalize("NFKD", text.translate(_ASCII_LETTERS))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    words = re.findall(r"[A-Za-z0-9]+", plain.encode("ascii", "ignore").decode())
    return "-".join(words)


def letter_file_name(
    *, kind: str, client_name: str, on: dt.date, version: int, fmt: str, draft: bool
) -> str:
    prefix = "DRAFT-" if draft else ""
    return f"{prefix}{kind}-{name_part(client_name)}-{on:%Y-%m-%d}-v{version}.{fmt}"


def content_disposition(file_name: str, *, inline: bool = False) -> str:
    """``attachment; filename="nunez-oster.pdf"; filename*=UTF-8''%C3%B1u...`` (RFC 6266)."""
    stem, dot, ext = file_name.rpartition(".")
    fallback = ascii_part(stem) or "letter"
    if stem.startswith("DRAFT-") and not fallback.startswith("DRAFT"):
        fallback = f"DRAFT-{fallback}"
    fallback = f"{fallback}{dot}{ext}" if dot else fallback
    disposition = "inline" if inline else "attachment"
    header = f'{disposition}; filename="{fallback}"'
    if fallback != file_name:
        header += f"; filename*=UTF-8''{quote(file_name, safe='')}"
    return header
