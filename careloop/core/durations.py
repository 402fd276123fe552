"""How a duration reads, the same on the program, the session page and in letters.

One unit, minutes, and no decimals: "10 min", "1:30 min", "0:45 min". Decimal minutes
("0.75 min") make a reader work out the seconds, and a mix of units ("45 s" in a letter,
"0.75 min" on the program) makes the same hold look like two. Minutes and seconds as
m:ss is how a timed hold is read off a clock.
"""

from __future__ import annotations


def describe_duration(seconds: int | None) -> str:
    """600 -> "10 min", 90 -> "1:30 min", 45 -> "0:45 min"; None -> ""."""
    if seconds is None:
        return ""
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes} min" if rest == 0 else f"{minutes}:{rest:02d} min"
