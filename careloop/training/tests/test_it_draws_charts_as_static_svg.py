"""Charts are pure functions from points to a static SVG that scales to its container."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from decimal import Decimal
from pathlib import Path

from careloop.training.charts import (
    HEIGHT,
    WIDTH,
    LoadPoint,
    PainPoint,
    chart_stylesheet,
    load_chart_svg,
    pain_chart_svg,
)

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _pain(n):
    return [PainPoint(START + dt.timedelta(days=3 * i), 4 - i % 3, 2) for i in range(n)]


def test_it_draws_pain_on_a_zero_to_ten_scale_with_no_script_or_fetch():
    svg = pain_chart_svg(_pain(12))
    assert svg.startswith("<svg") and f'viewBox="0 0 {WIDTH} {HEIGHT}"' in svg
    assert "<script" not in svg and 'xlink:href="http' not in svg
    assert re.search(r"<svg[^>]* width=", svg) is None  # scales with the page
    labels = re.findall(r'<text[^>]*class="[^"]*"[^>]*>(\d+)</text>', svg)
    assert "0" in labels and "10" in labels
    assert "Before" in svg and "After" in svg


def test_it_labels_dates_in_the_practice_time_zone():
    late = [PainPoint(dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC), 3, 2)]
    svg = pain_chart_svg(late, tz=zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert "3 Mar" in svg and "2 Mar" not in svg


def test_it_draws_load_with_a_round_axis_from_zero():
    points = [LoadPoint(START + dt.timedelta(days=7 * i), Decimal(20 + 2.5 * i)) for i in range(6)]
    svg = load_chart_svg(points, unit="kg", title="Load: Leg press")
    assert "Load (kg)" in svg and "Load: Leg press" in svg and "<script" not in svg


def test_it_says_so_when_there_is_nothing_to_draw():
    assert "No sessions yet" in pain_chart_svg([])


def test_it_draws_without_inline_style_and_ships_the_look_as_a_static_stylesheet():
    # The Content-Security-Policy refuses inline <style> and style="...": the chart carries
    # neither, and training/charts.css is exactly what pygal would have put inline.
    svg = pain_chart_svg(_pain(3)) + load_chart_svg([], unit="kg")
    assert "<style" not in svg and " style=" not in svg
    assert "cl-chart-pain" in svg and "cl-chart-load" in svg
    shipped = (
        Path(__file__).resolve().parents[1] / "static" / "training" / "charts.css"
    ).read_text(encoding="utf-8")
    assert shipped == chart_stylesheet(), "regenerate it: python -m careloop.training.charts"
    assert ".pygal-chart.cl-chart-pain .color-1" in shipped
