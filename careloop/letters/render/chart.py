"""A small pain-over-time line chart as inline SVG, drawn on the server (no JavaScript).

Every text in the SVG is escaped here, since the result is inserted into the page as is.
The same markup serves the HTML preview and the PDF (WeasyPrint draws inline SVG).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from careloop.letters.content import Chart, ChartTick

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 30, 14, 30, 24
INK, MUTED, GRID = "#1f2933", "#52606d", "#d9e2ec"
SESSION, REPORT, EVENT = "#0b6e69", "#b42318", "#8a5300"
FONT = "Liberation Sans, Noto Sans, DejaVu Sans, sans-serif"  # dates and numbers only
MIN_TICK_GAP = 44  # a label like "12 Mar" is about 34 units wide at font-size 11


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _spaced(ticks: list[ChartTick], x_of: Callable[[dt.datetime], float]) -> list[ChartTick]:
    """Ticks far enough apart for their labels not to touch; the last one always stays."""
    kept: list[ChartTick] = []
    for tick in ticks:
        if kept and x_of(tick.at) - x_of(kept[-1].at) < MIN_TICK_GAP:
            if tick is ticks[-1]:
                kept[-1] = tick
            continue
        kept.append(tick)
    return kept


def chart_svg(chart: Chart) -> str:
    x0, x1 = LEFT, WIDTH - RIGHT
    y0, y1 = TOP, HEIGHT - BOTTOM
    moments = [p.at for p in chart.points] + [m.at for m in chart.markers]
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pain-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'font-family="{FONT}" font-size="11" aria-label="{escape(chart.summary)}">',
        f"<title>{escape(chart.title)}</title>",
    ]
    for v in range(0, 11, 2):
        y = y1 - v / 10 * (y1 - y0)
        parts.append(
            f'<line x1="{x0}" y1="{_fmt(y)}" x2="{x1}" y2="{_fmt(y)}" stroke="{GRID}" '
            f'stroke-width="{1 if v else 1.2}"/>'
            f'<text x="{x0 - 6}" y="{_fmt(y + 4)}" text-anchor="end" fill="{MUTED}">{v}</text>'
        )
    if not moments:
        parts.append(
            f'<text x="{(x0 + x1) / 2}" y="{(y0 + y1) / 2}" text-anchor="middle" '
            f'fill="{MUTED}">No pain ratings recorded</text></svg>'
        )
        return "".join(parts)
    start, end = min(moments), max(moments)
    span = (end - start).total_seconds()
    pad = span * 0.03

    def x_of(at: dt.datetime) -> float:
        if span == 0:
            return (x0 + x1) / 2
        return x0 + ((at - start).total_seconds() + pad) / (span + 2 * pad) * (x1 - x0)

    def y_of(value: int) -> float:
        return y1 - value / 10 * (y1 - y0)

    last_label_x = -1000.0
    for marker in chart.markers:
        x = x_of(marker.at)
        # Two close events would print their labels on top of each other: drop one lower.
        label_y = y0 - 6 if x - last_label_x > 56 else y0 + 8
        last_label_x = x
        # Near the right edge the label goes to the left of its line, inside the chart.
        anchor, dx = ("end", -3) if x > x1 - 50 else ("start", 3)
        parts.append(
            f'<line x1="{_fmt(x)}" y1="{y0 - 2}" x2="{_fmt(x)}" y2="{y1}" stroke="{EVENT}" '
            f'stroke-width="1" stroke-dasharray="4 3"/>'
            f'<text x="{_fmt(x + dx)}" y="{label_y}" fill="{EVENT}" font-size="10" '
            f'text-anchor="{anchor}">{escape(marker.label)}</text>'
        )
    if len(chart.points) > 1:
        path = " ".join(f"{_fmt(x_of(p.at))},{_fmt(y_of(p.value))}" for p in chart.points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{SESSION}" stroke-width="1.6" '
            'stroke-linejoin="round" stroke-opacity="0.7"/>'
        )
    for p in chart.points:
        x, y = x_of(p.at), y_of(p.value)
        if p.kind == "report":
            d = 4.5
            parts.append(
                f'<path d="M{_fmt(x)},{_fmt(y - d)} L{_fmt(x + d)},{_fmt(y)} '
                f'L{_fmt(x)},{_fmt(y + d)} L{_fmt(x - d)},{_fmt(y)} Z" fill="{REPORT}"/>'
                f'<text x="{_fmt(x)}" y="{_fmt(y - 8)}" text-anchor="middle" fill="{REPORT}" '
                f'font-size="10" font-weight="bold">{p.value}</text>'
            )
        else:
            parts.append(
                f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="3.2" fill="{SESSION}" '
                'stroke="#fff" stroke-width="0.8"/>'
            )
    for tick in _spaced(chart.ticks, x_of):
        x = x_of(tick.at)
        parts.append(
            f'<line x1="{_fmt(x)}" y1="{y1}" x2="{_fmt(x)}" y2="{y1 + 4}" stroke="{MUTED}"/>'
            f'<text x="{_fmt(x)}" y="{y1 + 16}" text-anchor="middle" fill="{MUTED}">'
            f"{escape(tick.label)}</text>"
        )
    legend_x = x0
    parts.append(
        f'<circle cx="{legend_x + 4}" cy="10" r="3.2" fill="{SESSION}"/>'
        f'<text x="{legend_x + 12}" y="14" fill="{INK}">Session (before, after)</text>'
    )
    if any(p.kind == "report" for p in chart.points):
        lx = legend_x + 150
        parts.append(
            f'<path d="M{lx + 4},5.5 L{lx + 8.5},10 L{lx + 4},14.5 L{lx - 0.5},10 Z" '
            f'fill="{REPORT}"/><text x="{lx + 14}" y="14" fill="{INK}">Client report</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
