"""The training panel of the client page, and the pieces of it other pages reuse.

A fixed number of queries whatever the history holds: the charts draw the last
`CHART_SESSIONS` sessions, and the history lists the last `HISTORY_SESSIONS`.

The panel itself draws no chart: drawing was most of the client page's time, so the two
charts come after the page (htmx, `pain_chart_context` and `load_chart_context` behind
their own URLs); the panel keeps the pain table, readable without them.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from careloop.clients.models import Client
from careloop.training import charts, selectors
from careloop.training.models import Session, SessionExercise
from careloop.training.programs import ItemSpec, describe_item, format_number


@dataclass(frozen=True)
class PerformedRow:
    name: str
    sets_text: str
    pain_during: int | None
    notes: str
    side: str
    duration_seconds: int | None


def sets_text(sets: list[dict[str, Any]], unit: str) -> str:
    """[{"reps": 10, "load": "20"}] x3 -> "3 x 10 at 20 kg"; differing sets are listed."""
    if not sets:
        return ""

    def one(s: dict[str, Any]) -> tuple[str, str]:
        reps = "" if s.get("reps") is None else str(s["reps"])
        load = "" if s.get("load") in (None, "") else f"{format_number(Decimal(s['load']))} {unit}"
        return reps, load

    parts = [one(s) for s in sets]
    if len(set(parts)) == 1:
        reps, load = parts[0]
        head = f"{len(parts)} x {reps}" if reps else f"{len(parts)} sets"
        return f"{head} at {load}" if load else head
    return ", ".join(f"{r or '?'}{f' @ {load}' if load else ''}" for r, load in parts)


def performed_rows(rows: list[SessionExercise]) -> list[PerformedRow]:
    return [
        PerformedRow(
            name=row.exercise.name,
            sets_text=sets_text(row.sets, row.load_unit),
            pain_during=row.pain_during,
            notes=row.notes,
            side=row.get_side_display() if row.side else "",
            duration_seconds=row.duration_seconds,
        )
        for row in rows
    ]


# Charts are pure functions of their points, so a drawn SVG is kept under a hash of them: a
# client page seen again shows the same pictures without drawing them again.
CHART_CACHE_SECONDS = 24 * 3600


def _cached_svg(kind: str, data: Any, draw: Any) -> str:
    key = "training:chart:" + hashlib.sha256(f"{kind}|{data!r}".encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = draw()
        cache.set(key, svg, CHART_CACHE_SECONDS)
    return str(svg)


def _performed_in(client: Client, sessions: list[Session]) -> list[tuple[int, int, str, Any, str]]:
    if not sessions:
        return []
    # By session id alone (the sessions are this client's): with the practice in the filter
    # SQLite walks the practice's index, i.e. every exercise ever done in the practice.
    return list(
        SessionExercise.objects.filter(session_id__in=[s.pk for s in sessions])
        .order_by()
        .values_list("session_id", "exercise_id", "exercise__name", "load_max", "load_unit")
    )


def _load_options(
    performed: list[tuple[int, int, str, Any, str]], program_items: list[ItemSpec]
) -> list[tuple[int, str]]:
    """Exercises with a load in the charted sessions: the program's first, in its order,
    then the others by how often they were done."""
    loaded = Counter((ex_id, name) for _, ex_id, name, load, _ in performed if load is not None)
    names = dict(loaded.keys())  # exercise id -> name
    ordered: list[tuple[int, str]] = []
    for item in program_items:
        if item.exercise.pk in names and (item.exercise.pk, names[item.exercise.pk]) not in ordered:
            ordered.append((item.exercise.pk, names[item.exercise.pk]))
    for (ex_id, name), _count in loaded.most_common():
        if (ex_id, name) not in ordered:
            ordered.append((ex_id, name))
    return ordered


def _load_svg(
    client: Client,
    sessions: list[Session],
    performed: list[tuple[int, int, str, Any, str]],
    exercise_id: int | None,
    name: str,
) -> str:
    when = {s.pk: s.started_at for s in sessions}
    best: dict[int, tuple[Decimal, str]] = {}
    for session_id, ex_id, _name, load, unit in performed:
        if ex_id != exercise_id or load is None:
            continue
        if session_id not in best or load > best[session_id][0]:
            best[session_id] = (load, unit)
    units = Counter(unit for _, unit in best.values())
    unit = units.most_common(1)[0][0] if units else client.practice.units
    points = [
        charts.LoadPoint(at=when[sid], load=load)
        for sid, (load, u) in best.items()
        if u == unit  # a chart has one unit; a practice rarely mixes them
    ]
    tz = client.practice.tz
    return _cached_svg(
        "load",
        (str(tz), unit, [(p.at.isoformat(), str(p.load)) for p in points]),
        lambda: charts.load_chart_svg(points, unit=unit, tz=tz),
    )


def _pick(options: list[tuple[int, str]], wanted: Any) -> tuple[int | None, str]:
    try:
        wanted_id = int(wanted)
    except (TypeError, ValueError):
        wanted_id = None
    for ex_id, name in options:
        if ex_id == wanted_id:
            return ex_id, name
    return options[0] if options else (None, "")


def _pain_svg(sessions: list[Session], tz: Any) -> str:
    points = [charts.PainPoint(s.started_at, s.pain_before, s.pain_after) for s in sessions]
    return _cached_svg(
        "pain",
        (str(tz), [(p.at.isoformat(), p.before, p.after) for p in points]),
        lambda: charts.pain_chart_svg(points, tz=tz),
    )


def _day(at: Any) -> str:
    return f"{at.day} {at:%b %Y}"


def load_chart_context(client: Client, wanted: Any) -> dict[str, Any]:
    sessions = selectors.recent_sessions(client, selectors.CHART_SESSIONS)
    performed = _performed_in(client, sessions)
    options = _load_options(
        performed, selectors.program_items(selectors.program_for_client(client))
    )
    chosen, name = _pick(options, wanted)
    return {
        "load_options": options,
        "load_exercise": chosen,
        "load_name": name,
        "load_svg": _load_svg(client, sessions, performed, chosen, name) if chosen else "",
    }


def pain_chart_context(client: Client) -> dict[str, Any]:
    sessions = selectors.recent_sessions(client, selectors.CHART_SESSIONS)
    return {
        "client": client,
        "session_count": Session.objects.live()
        .filter(practice_id=client.practice_id, client=client)
        .count(),
        "charted": len(sessions),
        "pain_svg": _pain_svg(sessions, client.practice.tz) if sessions else "",
    }


def panel_context(client: Client, wanted_exercise: Any = None) -> dict[str, Any]:
    version = selectors.current_version_of(client)
    program = version.program if version else None
    rows = selectors.version_rows(version)
    items = [ItemSpec.from_row(row) for row in rows]
    sessions = selectors.recent_sessions(client, selectors.CHART_SESSIONS)
    tz = client.practice.tz
    total = Session.objects.live().filter(practice_id=client.practice_id, client=client).count()
    try:
        wanted = int(wanted_exercise) if wanted_exercise not in (None, "") else None
    except (TypeError, ValueError):
        wanted = None
    return {
        "client": client,
        "program": program,
        "version": version,
        "items": [(item, describe_item(item)) for item in items],
        "on_hold": client.status == Client.Status.ON_HOLD,
        "history": sessions[: selectors.HISTORY_SESSIONS],
        "session_count": total,
        "charted": len(sessions),
        "pain_table": [
            (_day(timezone.localtime(s.started_at, tz)), s.pain_before, s.pain_after)
            for s in reversed(sessions)
        ],
        "pain_chart_url": reverse("training_pain_chart", kwargs={"client_id": client.pk}),
        # With the exercise asked for in the page's own URL, if any.
        "load_chart_url": reverse("training_load_chart", kwargs={"client_id": client.pk})
        + (f"?{urlencode({'exercise': wanted})}" if wanted is not None else ""),
    }
