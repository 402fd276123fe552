"""How facts read in a letter: dates, times, loads, exercise parameters, pain ratings.

Dates are written out ("11 March 2026"), which reads the same on both sides of the
Atlantic; times use the 24-hour clock in the practice's time zone. Loads are shown as
recorded, with the practice's unit added when it differs.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence

from careloop.core.durations import describe_duration
from careloop.record.document import ExercisePerformed, Load, PerformedSet, Prescription, Unit

KG_PER_LB = 0.45359237
TIMES = "\u00d7"  # the multiplication sign of "3 x 12", written so in letters


def join_words(words: Iterable[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    items = [w for w in words if w]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def lower_first(text: str) -> str:
    """ "Program put on hold" -> "program put on hold"; "SBAR sent" stays as it is."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    """Capitalised and ending in a full stop (or the punctuation it already has)."""
    text = text.strip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def long_date(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def short_date(d: dt.date) -> str:
    return f"{d.day} {d:%b %Y}"


def local(at: dt.datetime, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    return at.astimezone(tz)


def day_time(at: dt.datetime, tz: zoneinfo.ZoneInfo) -> str:
    """ "Wed 11 Mar 2026, 18:30" in the practice's time zone."""
    t = local(at, tz)
    return f"{t:%a} {t.day} {t:%b %Y}, {t:%H:%M}"


def day_at(at: dt.datetime, tz: zoneinfo.ZoneInfo) -> str:
    """ "Wed 11 Mar 2026 at 18:30", for sentences."""
    t = local(at, tz)
    return f"{t:%a} {t.day} {t:%b %Y} at {t:%H:%M}"


def day(at: dt.datetime, tz: zoneinfo.ZoneInfo) -> str:
    t = local(at, tz)
    return f"{t:%a} {t.day} {t:%b %Y}"


def clock(at: dt.datetime, tz: zoneinfo.ZoneInfo) -> str:
    return f"{local(at, tz):%H:%M}"


def age_on(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def hours_between(start: dt.datetime, end: dt.datetime) -> str:
    """Elapsed time as a person says it: "25 h", "40 min", "3 days".

    Whole hours, truncated as the triage engine counts them, so a report at 23.9 h reads
    "23 h" and never "24 h" beside a ">= 24 h" rule that did not match.
    """
    hours = (end - start).total_seconds() / 3600
    if hours < 1:
        return f"{int(hours * 60 + 1e-9)} min"
    if hours >= 72:
        return f"{int(hours / 24)} days"
    return f"{int(hours + 1e-9)} h"


def number(value: float) -> str:
    """40.0 -> "40", 37.5 -> "37.5", 2.25 -> "2.25"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def load(value: Load, units: Unit) -> str:
    text = f"{number(value.value)} {value.unit}"
    if value.unit != units and value.value > 0:
        other = value.value / KG_PER_LB if units == "lb" else value.value * KG_PER_LB
        text += f" ({number(round(other))} {units})"
    return text


def duration_seconds(seconds: int) -> str:
    """As the app shows it (careloop.core.durations): "10 min", "0:45 min"."""
    return describe_duration(seconds)


def prescription(p: Prescription, units: Unit) -> str:
    """Like "3 x 12 @ 40 kg; range 0-90° knee flexion; tempo 2-0-2; rest 1:30 min"."""
    dose = ""
    amount = str(p.reps) if p.reps else (duration_seconds(p.seconds) if p.seconds else "")
    if p.sets and amount:
        dose = f"{p.sets} {TIMES} {amount}" if p.sets > 1 or p.reps else amount
    elif p.sets:
        dose = f"{p.sets} sets"
    else:
        dose = amount
    resistance = load(p.load, units) if p.load else p.resistance
    if resistance:
        dose = f"{dose} @ {resistance}" if dose else resistance
    parts = [dose] if dose else []
    if p.range_of_motion:
        parts.append(f"range {p.range_of_motion}")
    if p.tempo:
        parts.append(f"tempo {p.tempo}")
    if p.rest_seconds:
        parts.append(f"rest {duration_seconds(p.rest_seconds)}")
    if p.notes:
        parts.append(p.notes)
    return "; ".join(parts) or "as prescribed"


def prescribed_volume(p: Prescription, units: Unit) -> str:
    """The dose of a prescription without its range, tempo and rest: "3 x 12 @ 40 kg"."""
    dose = Prescription(
        sets=p.sets, reps=p.reps, seconds=p.seconds, load=p.load, resistance=p.resistance
    )
    text = prescription(dose, units)
    return "-" if text == "as prescribed" else text


def _set_amount(s: PerformedSet) -> str:
    if s.reps is not None:
        return str(s.reps)
    if s.seconds is not None:
        return duration_seconds(s.seconds)
    return "done"


def performed(sets: Sequence[PerformedSet], units: Unit) -> str:
    """Sets as done: "12, 12, 10 @ 40 kg", or each with its own load when they differ."""
    if not sets:
        return "not recorded"
    loads = {(s.load.value, s.load.unit) if s.load else None for s in sets}
    if len(loads) == 1:
        amounts = ", ".join(_set_amount(s) for s in sets)
        first = sets[0].load
        return f"{amounts} @ {load(first, units)}" if first else amounts
    return ", ".join(
        f"{_set_amount(s)} @ {load(s.load, units)}" if s.load else _set_amount(s) for s in sets
    )


def exercise_volume(e: ExercisePerformed, units: Unit) -> str:
    """What was done, for load tables; unloaded work names its resistance ("@ red band")."""
    text = volume_text(e.sets, units)
    if e.prescribed.resistance and all(s.load is None for s in e.sets) and e.sets:
        text += f" @ {e.prescribed.resistance}"
    return text


def volume_text(sets: Sequence[PerformedSet], units: Unit) -> str:
    """A one-glance summary for load tables: "3 x 12 @ 40 kg" or "12, 12, 10 @ 40 kg"."""
    if not sets:
        return "-"
    amounts = {_set_amount(s) for s in sets}
    loads = {(s.load.value, s.load.unit) if s.load else None for s in sets}
    if len(amounts) == 1 and len(loads) == 1:
        amount = next(iter(amounts))
        dose = f"{len(sets)} {TIMES} {amount}" if len(sets) > 1 else amount
        return f"{dose} @ {load(sets[0].load, units)}" if sets[0].load else dose
    return performed(sets, units)


def nprs(value: int | None) -> str:
    return "not recorded" if value is None else f"{value}/10"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
