"""The training panel's charts as server-side SVG (pygal): pure functions from points to an
SVG string (the panel reads the points; letters draw their own chart). pygal's JavaScript is
disabled (`js=[]`): the SVG is a static picture and nothing is fetched. The picture scales
to its container (viewBox only); the sizes below are chosen so text stays legible when the
chart is squeezed to a 360 px phone screen.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pygal
from pygal.style import Style

# Drawn at 380 x 250 user units and scaled to fit: about 320 px wide on a 360 px phone
# (16-unit text shows at ~13 px), at most 480 px on a desktop (~20 px).
WIDTH, HEIGHT = 380, 250
BEFORE_COLOUR, AFTER_COLOUR, LOAD_COLOUR = "#0b6e69", "#c2410c", "#1d4ed8"


@dataclass(frozen=True)
class PainPoint:
    at: dt.datetime
    before: int | None
    after: int | None


@dataclass(frozen=True)
class LoadPoint:
    at: dt.datetime
    load: Decimal | float


def _style(*colours: str) -> Style:
    return Style(
        background="transparent",
        plot_background="transparent",
        foreground="#1f2933",
        foreground_strong="#1f2933",
        foreground_subtle="#d9e2ec",
        colors=colours,
        font_family="system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
        label_font_size=16,
        major_label_font_size=16,
        legend_font_size=16,
        title_font_size=16,
        value_font_size=14,
        tooltip_font_size=14,
        no_data_font_size=18,
        guide_stroke_color="#c5d0db",
        major_guide_stroke_color="#c5d0db",
        guide_stroke_dasharray="3,3",
        major_guide_stroke_dasharray="3,3",
        stroke_opacity=1,
        stroke_opacity_hover=1,
        opacity=1,
    )


def _local(at: dt.datetime, tz: zoneinfo.ZoneInfo | None) -> dt.datetime:
    # pygal reads naive datetimes as UTC and prints them back the same way: hand it wall
    # time in the practice's zone and the labels come out in that zone.
    if at.tzinfo is not None:
        at = at.astimezone(tz) if tz else at
        return at.replace(tzinfo=None)
    return at


def _date_label(at: dt.datetime) -> str:
    return f"{at.day} {at:%b}"


def _static_only(kind: str) -> Any:
    """An xml filter leaving a static picture that our Content-Security-Policy accepts.

    pygal writes its config into a <script> even with js=[], and its look into a <style>
    and a few style attributes; the CSP allows no inline script or style, so all of it
    goes. The look comes back from training/charts.css (see `chart_stylesheet`), keyed by
    the `cl-chart-<kind>` class added here.
    """

    def strip(root: Any) -> Any:
        for parent in root.iter():
            for child in list(parent):
                if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] in _INLINE:
                    parent.remove(child)
        for element in root.iter():
            element.attrib.pop("style", None)
        root.set("class", f"{root.get('class', '')} cl-chart-{kind}".strip())
        return root

    return strip


_INLINE = {"script", "style"}
_CHART_ID = re.compile(r"#chart-[0-9a-f-]{36}")
_STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)


def _x_labels(times: Sequence[dt.datetime], most: int = 4) -> list[dt.datetime]:
    """Up to `most` dates, evenly spread and at least a day apart, so labels never overlap."""
    if not times:
        return []
    first, last = min(times), max(times)
    days = (last.date() - first.date()).days
    count = max(1, min(most, days + 1))
    if count == 1:
        return [first]
    step = (last - first) / (count - 1)
    return [first + step * i for i in range(count)]


def _chart(title: str, colours: Sequence[str], **config: object) -> pygal.DateTimeLine:
    return pygal.DateTimeLine(
        js=[],
        width=WIDTH,
        height=HEIGHT,
        style=_style(*colours),
        title=title,
        disable_xml_declaration=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        legend_box_size=14,
        show_x_guides=False,
        show_y_guides=True,
        dots_size=4,
        stroke_style={"width": 3},
        x_value_formatter=_date_label,
        x_label_rotation=0,
        truncate_label=-1,
        margin=6,
        margin_right=26,
        spacing=8,
        no_data_text="No sessions yet",
        **config,
    )


def _render(chart: pygal.DateTimeLine, kind: str) -> str:
    chart.add_xml_filter(_static_only(kind))
    return str(chart.render(is_unicode=True))


def _pygal_css(chart: pygal.DateTimeLine, kind: str) -> str:
    """The CSS pygal would have put inline, for charts of this kind, as one static rule set."""
    svg = str(chart.render(is_unicode=True))
    css = "\n".join(html.unescape(block) for block in _STYLE_ELEMENT.findall(svg))
    return _CHART_ID.sub(f".pygal-chart.cl-chart-{kind}", css).strip()


def chart_stylesheet() -> str:
    """training/charts.css: the styles pygal writes inline, for both kinds of chart.

    Static so the Content-Security-Policy needs no 'unsafe-inline'. A test compares the
    shipped file with this; after changing the chart style or pygal, regenerate it with
    `python -m careloop.training.charts > careloop/training/static/training/charts.css`.
    """
    point = [PainPoint(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 1, 1)]
    parts = [
        "/* Generated by careloop.training.charts.chart_stylesheet(); do not edit by hand. */",
        _pygal_css(_pain_chart(point, tz=None, title=""), "pain"),
        _pygal_css(_load_chart([], unit="kg", tz=None, title="", series=""), "load"),
        # pygal hides its (script-driven) tooltip with a style attribute, stripped above.
        ".pygal-chart .tooltip{opacity:0}",
    ]
    return "\n".join(parts) + "\n"


def pain_chart_svg(
    points: Sequence[PainPoint], *, tz: zoneinfo.ZoneInfo | None = None, title: str = ""
) -> str:
    """Pain before and after each session (NPRS, always drawn on a 0-10 axis)."""
    return _render(_pain_chart(points, tz=tz, title=title), "pain")


def _pain_chart(
    points: Sequence[PainPoint], *, tz: zoneinfo.ZoneInfo | None, title: str
) -> pygal.DateTimeLine:
    chart = _chart(
        title,
        (BEFORE_COLOUR, AFTER_COLOUR),
        range=(0, 10),
        y_labels=[0, 2, 4, 6, 8, 10],
        y_title="Pain 0-10",
    )
    ordered = sorted(points, key=lambda p: p.at)
    chart.x_labels = _x_labels([_local(p.at, tz) for p in ordered])
    chart.add(
        "Before",
        [(_local(p.at, tz), p.before) for p in ordered if p.before is not None],
    )
    chart.add(
        "After",
        [(_local(p.at, tz), p.after) for p in ordered if p.after is not None],
        stroke_style={"width": 3, "dasharray": "8, 4"},
    )
    return chart


def load_chart_svg(
    points: Sequence[LoadPoint],
    *,
    unit: str,
    tz: zoneinfo.ZoneInfo | None = None,
    title: str = "",
    series: str = "Heaviest set",
) -> str:
    """The load of one exercise over time; the y axis starts at 0 so changes keep scale."""
    chart = _load_chart(points, unit=unit, tz=tz, title=title, series=series)
    return _render(chart, "load")


def _load_chart(
    points: Sequence[LoadPoint],
    *,
    unit: str,
    tz: zoneinfo.ZoneInfo | None,
    title: str,
    series: str,
) -> pygal.DateTimeLine:
    values = [float(p.load) for p in points]
    top = max(values, default=0.0)
    chart = _chart(
        title,
        (LOAD_COLOUR,),
        range=(0, _nice_top(top)),
        y_title=f"Load ({unit})",
        show_legend=False,
    )
    ordered = sorted(points, key=lambda p: p.at)
    chart.x_labels = _x_labels([_local(p.at, tz) for p in ordered])
    chart.add(series, [(_local(p.at, tz), float(p.load)) for p in ordered])
    return chart


def _nice_top(top: float) -> float:
    """A round upper bound a little above the heaviest load (5, 10, 20, 25, 50 ...)."""
    if top <= 0:
        return 10.0
    for step in (1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500):
        bound = step * 5
        if top * 1.1 <= bound:
            return float(bound)
    return float(int(top * 1.2) + 1)


if __name__ == "__main__":
    print(chart_stylesheet(), end="")
