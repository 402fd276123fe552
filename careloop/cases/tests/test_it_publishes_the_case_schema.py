"""The committed JSON Schema of the case document matches the model."""

from __future__ import annotations

import datetime as dt

import pytest

from careloop.cases.build import age_band
from careloop.cases.chart import pain_chart_svg
from careloop.cases.schema import SCHEMA_PATH, case_json_schema_text
from careloop.cases.templatetags.cases_tags import removed


def test_the_committed_schema_matches_the_model() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == case_json_schema_text(), (
        "run python -m careloop.cases.schema"
    )


@pytest.mark.parametrize(
    ("born", "on", "band"),
    [
        (dt.date(1957, 2, 12), dt.date(2026, 2, 11), "65-69"),
        (dt.date(1961, 2, 12), dt.date(2026, 2, 11), "60-64"),
        (dt.date(1961, 2, 12), dt.date(2026, 2, 12), "65-69"),
        (dt.date(1936, 3, 1), dt.date(2026, 2, 28), "85-89"),
        (dt.date(1936, 3, 1), dt.date(2026, 3, 1), "90 or over"),
        (dt.date(1920, 1, 1), dt.date(2026, 1, 1), "90 or over"),
    ],
)
def test_ages_are_5_year_bands_and_90_or_over(born, on, band) -> None:
    assert age_band(born, on) == band


def test_the_pain_chart_is_a_static_svg_of_the_days() -> None:
    svg = pain_chart_svg(
        [
            {"day": 0, "value": 2, "kind": "before"},
            {"day": 0, "value": 3, "kind": "after"},
            {"day": 1, "value": 7, "kind": "report"},
        ]
    )
    assert svg.startswith("<svg") and "<script" not in svg and "style=" not in svg
    assert "day 0" in svg and "day 1" in svg and "7/10" in svg
    assert pain_chart_svg([]) == ""


def test_removals_are_marked_and_the_rest_escaped() -> None:
    assert removed("<b>[CLIENT]</b> said") == (
        '&lt;b&gt;<mark class="case-removed">[CLIENT]</mark>&lt;/b&gt; said'
    )
