"""Program items as plain values, and the plain-words summary of what changed between two
versions. No database access here: services and the episodes workflow build on it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from careloop.core.durations import describe_duration
from careloop.training.models import Exercise, ProgramExercise, Side

# Fields of a prescription that a new version copies (everything but the version and order).
ITEM_FIELDS = (
    "sets",
    "reps",
    "load",
    "load_unit",
    "duration_seconds",
    "range_of_motion",
    "tempo",
    "side",
    "notes",
)


@dataclass(frozen=True)
class ItemSpec:
    """One prescribed exercise, in program order. `dataclasses.replace` makes a modified
    copy (the episodes workflow lowers a load this way before calling `program_modify`)."""

    exercise: Exercise
    sets: int | None = None
    reps: int | None = None
    load: Decimal | None = None
    load_unit: str = "kg"
    duration_seconds: int | None = None
    range_of_motion: str = ""
    tempo: str = ""
    side: str = ""
    notes: str = ""

    @classmethod
    def from_row(cls, row: ProgramExercise) -> ItemSpec:
        return cls(exercise=row.exercise, **{name: getattr(row, name) for name in ITEM_FIELDS})

    @classmethod
    def coerce(cls, value: ItemSpec | dict[str, Any]) -> ItemSpec:
        if isinstance(value, ItemSpec):
            return value
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in value.items() if k in known}
        for text in ("range_of_motion", "tempo", "side", "notes"):
            data[text] = data.get(text) or ""
        if data.get("load") is not None:
            data["load"] = Decimal(str(data["load"]))
        return cls(**data)


def format_number(value: Decimal | int | float | None) -> str:
    """40.00 -> "40", 17.50 -> "17.5" (loads are stored with two decimals)."""
    if value is None:
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    return text


def minutes_from_seconds(seconds: int | None) -> Decimal | None:
    """Stored seconds as the minutes a practitioner types and reads (45 -> 0.75)."""
    if seconds is None:
        return None
    return (Decimal(seconds) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def minutes_input(seconds: int | None) -> str | None:
    """Stored seconds as a form's minutes field shows them: 900 -> "15", 45 -> "0.75"."""
    minutes = minutes_from_seconds(seconds)
    return None if minutes is None else format_number(minutes)


def describe_minutes(seconds: int | None) -> str:
    """Durations read the same everywhere (careloop.core.durations): 600 -> "10 min",
    45 -> "0:45 min"."""
    return describe_duration(seconds)


def describe_load(load: Decimal | None, unit: str) -> str:
    return f"{format_number(load)} {unit}" if load is not None else "no load"


def describe_item(item: ItemSpec) -> str:
    """'3 x 10 at 20 kg, 0:30 min, left side': the short form used in lists."""
    if item.sets and item.reps:
        main = f"{item.sets} x {item.reps}"
    elif item.sets:
        main = f"{item.sets} sets"
    elif item.reps:
        main = f"{item.reps} reps"
    else:
        main = ""
    if item.load is not None:
        main = f"{main} at {describe_load(item.load, item.load_unit)}".strip()
    extras = [main]
    if item.duration_seconds:
        extras.append(describe_minutes(item.duration_seconds))
    if item.side:
        extras.append(Side(item.side).label.lower())
    return ", ".join(part for part in extras if part)


def _match(
    old: Sequence[ItemSpec], new: Sequence[ItemSpec]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair old and new items: same exercise and side first, then same exercise."""
    pairs: list[tuple[int, int]] = []
    free_old = list(range(len(old)))
    unmatched_new: list[int] = []
    pending = list(range(len(new)))
    for strict in (True, False):
        still: list[int] = []
        for j in pending:
            found = next(
                (
                    i
                    for i in free_old
                    if old[i].exercise.pk == new[j].exercise.pk
                    and (not strict or old[i].side == new[j].side)
                ),
                None,
            )
            if found is None:
                still.append(j)
            else:
                free_old.remove(found)
                pairs.append((found, j))
        pending = still
    unmatched_new = pending
    return sorted(pairs, key=lambda p: p[1]), free_old, unmatched_new


def _changes(a: ItemSpec, b: ItemSpec) -> list[str]:
    out = []
    if (a.load, a.load_unit) != (b.load, b.load_unit) and not (a.load is None and b.load is None):
        if a.load_unit == b.load_unit and a.load is not None and b.load is not None:
            out.append(f"load {format_number(a.load)} -> {format_number(b.load)} {b.load_unit}")
        else:
            out.append(
                f"load {describe_load(a.load, a.load_unit)} -> {describe_load(b.load, b.load_unit)}"
            )
    for name, label in (("sets", "sets"), ("reps", "reps")):
        before, after = getattr(a, name), getattr(b, name)
        if before != after:
            out.append(
                f"{label} {'none' if before is None else before} -> "
                f"{'none' if after is None else after}"
            )
    if a.duration_seconds != b.duration_seconds:
        out.append(
            f"duration {describe_minutes(a.duration_seconds) or 'none'} -> "
            f"{describe_minutes(b.duration_seconds) or 'none'}"
        )
    for name, label in (("range_of_motion", "range of motion"), ("tempo", "tempo")):
        before, after = getattr(a, name), getattr(b, name)
        if before != after:
            out.append(f"{label} {before or 'none'} -> {after or 'none'}")
    if a.side != b.side:
        out.append(f"side {Side(a.side).label.lower()} -> {Side(b.side).label.lower()}")
    if a.notes != b.notes:
        out.append("notes changed")
    return out


def change_summary(old: Iterable[ItemSpec], new: Iterable[ItemSpec]) -> str:
    """What changed, in plain words: "Added Wall sit; Leg press load 40 -> 30 kg; Removed
    Step-up". Empty when the two lists prescribe the same thing in the same order."""
    old, new = list(old), list(new)
    pairs, removed, added = _match(old, new)
    parts: list[str] = []
    for j in added:
        parts.append(f"Added {new[j].exercise.name}")
    for i, j in pairs:
        changes = _changes(old[i], new[j])
        if changes:
            parts.append(f"{new[j].exercise.name} {', '.join(changes)}")
    for i in removed:
        parts.append(f"Removed {old[i].exercise.name}")
    old_order = [i for i, _ in pairs]
    if old_order != sorted(old_order):
        parts.append("Changed the order")
    return "; ".join(parts)
