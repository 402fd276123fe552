"""The codes and labels offered to forms are exactly the schema's."""

from __future__ import annotations

import pytest

from careloop import triage
from careloop.triage import (
    ACTION_LABELS,
    ACTIONS,
    CARE_SETTING_LABELS,
    CHARACTER_LABELS,
    RED_FLAG_LABELS,
    REGION_LABELS,
)
from careloop.triage.testing import schema


def test_codes_match_the_input_schema() -> None:
    spec = schema("pain-report.schema.json")
    report = spec["properties"]["report"]["properties"]
    assert list(triage.REGIONS) == spec["$defs"]["region"]["enum"]
    assert list(triage.RED_FLAGS) == spec["$defs"]["red_flag"]["enum"]
    assert list(triage.ACTIONS) == spec["$defs"]["action"]["enum"]
    assert list(triage.CHARACTERS) == report["character"]["items"]["enum"]
    assert list(triage.TRENDS) == report["trend"]["enum"]
    assert list(triage.SWELLINGS) == report["swelling"]["enum"]
    assert list(triage.ADL_LIMITATIONS) == report["adl_limitation"]["enum"]
    assert list(triage.REPORT_SOURCES) == report["source"]["enum"]


def test_codes_match_the_result_schema() -> None:
    spec = schema("triage-result.schema.json")["properties"]
    assert [*triage.CARE_SETTINGS, None] == spec["care_setting"]["enum"]
    assert list(triage.PROGRAM_LABELS) == spec["program"]["enum"]
    assert list(triage.NOTIFY_LABELS) == spec["notify_referral_source"]["enum"]


@pytest.mark.parametrize(
    ("labels", "codes"),
    [
        (REGION_LABELS, triage.REGIONS),
        (RED_FLAG_LABELS, triage.RED_FLAGS),
        (CHARACTER_LABELS, triage.CHARACTERS),
        (ACTION_LABELS, ACTIONS),
        (CARE_SETTING_LABELS, triage.CARE_SETTINGS),
        (triage.TREND_LABELS, triage.TRENDS),
        (triage.SWELLING_LABELS, triage.SWELLINGS),
        (triage.ADL_LIMITATION_LABELS, triage.ADL_LIMITATIONS),
        (triage.REPORT_SOURCE_LABELS, triage.REPORT_SOURCES),
    ],
)
def test_every_code_has_a_plain_label_in_schema_order(
    labels: dict[str, str], codes: tuple[str, ...]
) -> None:
    assert list(labels) == list(codes)
    assert all(label and label[0].isupper() and "_" not in label for label in labels.values())


def test_paired_regions_carry_their_side() -> None:
    assert REGION_LABELS["knee_right"] == "Right knee"
    assert REGION_LABELS["wrist_hand_left"] == "Left wrist or hand"
    assert REGION_LABELS["lower_back"] == "Lower back"


def test_red_flag_labels_read_as_the_client_would_say_them() -> None:
    assert RED_FLAG_LABELS["chest_pain_or_pressure"] == "Chest pain or pressure"
    assert RED_FLAG_LABELS["one_sided_leg_swelling"] == "Calf or thigh swollen on one side"


def test_public_api_is_exported() -> None:
    for name in triage.__all__:
        assert hasattr(triage, name), name
