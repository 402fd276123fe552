"""The case's pain chart: a static SVG (no script, no inline style, so the
Content-Security-Policy accepts it), pain 0-10 against the day from day 0.

Drawn by hand rather than with pygal: it is a handful of lines and circles, and the day
axis is a number, not a date (a case holds no dates).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import escape

WIDTH, HEIGHT = 340, 190
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 12, 40
SERIES = (
    ("before", "Before a session", "#0b6e69"),
    ("after", "After a session", "#c2410c"),
    ("report", "Reported", "#1d4ed8"),
)


def pain_chart_svg(points: Sequence[dict[str, Any]]) -> str:
    """``points`` as in the case document's ``pain_series`` (day, value, kind)."""
    if not points:
        return ""
    days = [p["day"] for p in points]
    first, last = min(days), max(days)
    span = max(1, last - first)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: int) -> float:
        return round(LEFT + (day - first) / span * plot_w, 1)

    def y(value: int) -> float:
        return round(TOP + (10 - value) / 10 * plot_h, 1)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'class="case-chart" role="img" aria-label="Pain (0-10) by day">'
    ]
    for value in (0, 5, 10):
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value)}" y2="{y(value)}" '
            'stroke="#c5d0db" stroke-dasharray="3,3"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4}" text-anchor="end" font-size="12" '
            f'fill="#1f2933">{value}</text>'
        )
    # The first label starts at its point, the last one ends at its point: both stay
    # inside the picture.
    for day, anchor in ((first, "start"), (last, "end")):
        if anchor == "end" and last == first:
            break
        out.append(
            f'<text x="{x(day)}" y="{HEIGHT - BOTTOM + 16}" text-anchor="{anchor}" '
            f'font-size="12" fill="#1f2933">day {day}</text>'
        )
    legend_x = LEFT
    for kind, label, colour in SERIES:
        series = [p for p in points if p["kind"] == kind]
        if not series:
            continue
        coords = " ".join(f"{x(p['day'])},{y(p['value'])}" for p in series)
        out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out += [
            f'<circle cx="{x(p["day"])}" cy="{y(p["value"])}" r="3.5" fill="{colour}">'
            f"<title>day {p['day']}: {p['value']}/10 ({escape(label.lower())})</title></circle>"
            for p in series
        ]
        out.append(
            f'<rect x="{legend_x}" y="{HEIGHT - 14}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{legend_x + 14}" y="{HEIGHT - 5}" font-size="11" fill="#1f2933">'
            f"{escape(label)}</text>"
        )
        legend_x += 104
    out.append("</svg>")
    return "".join(out)
