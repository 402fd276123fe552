"""Clinical content survives de-identification word for word: pain numbers, loads, exercise
names, rule ids, weeks post-op, body regions, procedures."""

from __future__ import annotations

import pytest

from careloop.cases.deidentify import Scrubber
from careloop.cases.deidentify_known import KnownTerms

CLINICAL_TEXTS = [
    "Pain 7/10 the day after step-downs at 20 cm; 3/10 at rest.",
    "Leg press progressed from 37.5 kg to 40 kg, 3x10, tempo 2-0-2, rest 90 s.",
    "Goblet squat 3 x 12 at 16 kg; farmer carry 2x24 kg for 30 m.",
    "Deadlift 135 lb x 5, RPE 7, HR 128 bpm, BP 142/88 mmHg, SpO2 97%.",
    "Rules H1, H3 and E10 matched; PE rule M2 did not.",
    "6 weeks post-op R TKA; 12 weeks after ACL reconstruction; week 3 of the program.",
    "L4/L5 and C5-C6 levels; T12 tender; knee flexion 0-90°.",
    "Copenhagen plank, Nordic hamstring curl, Bulgarian split squat, Pallof press.",
    "Romanian deadlift with a kettlebell; Thomas test positive; Lachman negative.",
    "Right total knee arthroplasty; left total hip replacement; rotator cuff repair.",
    "Swelling on the medial knee, worse at night, eased by ice for 15 min.",
    "Walked 30 minutes without a stick; climbed 2 flights of stairs step-over-step.",
    "Will it hurt tomorrow? Grace and control on the 3rd set; mark the line at 45 cm.",
    "Reading glasses off; bath at home; March on the spot for 2 min.",
    "The surgeon said to hold until the 6-week review in 2026.",
]


@pytest.mark.parametrize("text", CLINICAL_TEXTS)
def test_it_leaves_clinical_sentences_as_they_are(text: str) -> None:
    assert Scrubber(KnownTerms()).scrub(text).text == text
