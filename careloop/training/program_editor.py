"""The program editor's rows between saves: reordering with Up and Down buttons without
JavaScript (the posted rows come back in their new order, nothing saved), and the rows a
template starts from. With JavaScript, careloop/static/careloop/picker.js moves the rows
in the page instead and only the hidden positions are posted."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

# The posted fields of one row (the exercise form's fields and the formset's own).
ROW_FIELDS = (
    "exercise",
    "sets",
    "reps",
    "load",
    "load_unit",
    "duration_minutes",
    "range_of_motion",
    "tempo",
    "side",
    "notes",
    "DELETE",
)
MAX_ROWS = 200


def _position(value: str | None, fallback: int) -> tuple[int, int]:
    try:
        return (int(value or ""), fallback)
    except ValueError:
        return (MAX_ROWS + fallback, fallback)


def posted_rows(post: QueryDict, prefix: str) -> list[dict[str, Any]]:
    """The rows as posted, in their shown order (by position), each with its prefix."""
    try:
        total = max(0, min(int(post.get(f"{prefix}-TOTAL_FORMS", "0")), MAX_ROWS))
    except ValueError:
        total = 0
    rows = []
    for index in range(total):
        key = f"{prefix}-{index}"
        row: dict[str, Any] = {name: post.get(f"{key}-{name}", "") for name in ROW_FIELDS}
        row["DELETE"] = bool(row["DELETE"])
        row["_key"] = key
        row["_position"] = _position(post.get(f"{key}-ORDER"), index)
        rows.append(row)
    # A row added and left empty is dropped, as saving would skip it.
    rows = [r for r in rows if r["exercise"] or r["DELETE"]]
    rows.sort(key=lambda r: r["_position"])
    return rows


def move_row(rows: list[dict[str, Any]], move: str) -> int | None:
    """Apply "items-3:up" (or ":down") in place; the moved row's new index, if it moved."""
    key, _, direction = move.rpartition(":")
    index = next((i for i, r in enumerate(rows) if r["_key"] == key), None)
    if index is None or direction not in ("up", "down"):
        return None
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return index
    rows[index], rows[other] = rows[other], rows[index]
    return other


def as_initial(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as the editor's initial values, numbered 1..n in their order."""
    return [
        {**{k: v for k, v in row.items() if not k.startswith("_")}, "ORDER": position}
        for position, row in enumerate(rows, start=1)
    ]
