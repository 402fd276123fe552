"""The codes of the triage input and output, with plain-English labels for forms.

The codes are those of the pain-report JSON Schema (``careloop/triage/tests/schemas/``) and
``triage-result.schema.json``; a test checks that the two stay the same. Each ``*_LABELS``
dict is ordered as a form should list it, so ``list(REGION_LABELS.items())`` can serve as
Django ``choices``. Labels are written to read well both on their own ("Chest pain or
pressure") and inside a sentence, lower-cased by :func:`phrase`.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

Region = Literal[
    "neck",
    "upper_back",
    "chest",
    "lower_back",
    "abdomen",
    "pelvis",
    "head",
    "shoulder_left",
    "shoulder_right",
    "upper_arm_left",
    "upper_arm_right",
    "elbow_left",
    "elbow_right",
    "forearm_left",
    "forearm_right",
    "wrist_hand_left",
    "wrist_hand_right",
    "hip_left",
    "hip_right",
    "thigh_left",
    "thigh_right",
    "knee_left",
    "knee_right",
    "lower_leg_left",
    "lower_leg_right",
    "ankle_foot_left",
    "ankle_foot_right",
]
RedFlag = Literal[
    "chest_pain_or_pressure",
    "shortness_of_breath_at_rest",
    "fainting_or_near_fainting",
    "irregular_or_racing_heartbeat",
    "stroke_signs",
    "sudden_severe_headache",
    "coughing_blood",
    "saddle_numbness",
    "bladder_or_bowel_change",
    "progressive_weakness",
    "dark_urine",
    "tense_swollen_limb",
    "cannot_bear_weight",
    "deformity_or_pop",
    "one_sided_leg_swelling",
    "new_breathlessness_on_exertion",
    "fever_or_chills",
    "wound_changes",
]
Character = Literal[
    "dull_ache",
    "diffuse",
    "stiffness",
    "sharp",
    "localized",
    "burning",
    "throbbing",
    "radiating",
]
Trend = Literal["improving", "unchanged", "worsening"]
Swelling = Literal["none", "mild", "marked"]
AdlLimitation = Literal["none", "instrumental", "self_care"]
ReportSource = Literal[
    "client_call", "client_message", "client_in_person", "check_in_link", "observed"
]
# Least severe first, so that an action's index is its severity.
Action = Literal["continue", "modify", "hold_and_contact", "emergency"]
# Most urgent first, as docs/rules.md orders them.
CareSetting = Literal[
    "call_emergency_services", "emergency_department", "same_day_medical_evaluation"
]
Program = Literal["continue", "modify", "hold"]
Notify = Literal["none", "routine", "same_day", "immediately"]

REGIONS: Final[tuple[Region, ...]] = get_args(Region)
RED_FLAGS: Final[tuple[RedFlag, ...]] = get_args(RedFlag)
CHARACTERS: Final[tuple[Character, ...]] = get_args(Character)
TRENDS: Final[tuple[Trend, ...]] = get_args(Trend)
SWELLINGS: Final[tuple[Swelling, ...]] = get_args(Swelling)
ADL_LIMITATIONS: Final[tuple[AdlLimitation, ...]] = get_args(AdlLimitation)
REPORT_SOURCES: Final[tuple[ReportSource, ...]] = get_args(ReportSource)
ACTIONS: Final[tuple[Action, ...]] = get_args(Action)
CARE_SETTINGS: Final[tuple[CareSetting, ...]] = get_args(CareSetting)

ACTION_SEVERITY: Final[dict[Action, int]] = {a: i for i, a in enumerate(ACTIONS)}
CARE_SETTING_URGENCY: Final[dict[CareSetting, int]] = {
    c: len(CARE_SETTINGS) - i for i, c in enumerate(CARE_SETTINGS)
}


def _side(part: str, code: str) -> str:
    return f"{'Left' if code.endswith('_left') else 'Right'} {part}"


_PAIRED_PARTS = {
    "shoulder": "shoulder",
    "upper_arm": "upper arm",
    "elbow": "elbow",
    "forearm": "forearm",
    "wrist_hand": "wrist or hand",
    "hip": "hip",
    "thigh": "thigh",
    "knee": "knee",
    "lower_leg": "lower leg",
    "ankle_foot": "ankle or foot",
}
_SINGLE_REGIONS = {
    "neck": "Neck",
    "upper_back": "Upper back",
    "chest": "Chest",
    "lower_back": "Lower back",
    "abdomen": "Abdomen",
    "pelvis": "Pelvis",
    "head": "Head",
}
REGION_LABELS: Final[dict[Region, str]] = {
    code: _SINGLE_REGIONS.get(code) or _side(_PAIRED_PARTS[code.rsplit("_", 1)[0]], code)
    for code in REGIONS
}

RED_FLAG_LABELS: Final[dict[RedFlag, str]] = {
    "chest_pain_or_pressure": "Chest pain or pressure",
    "shortness_of_breath_at_rest": "Short of breath at rest",
    "fainting_or_near_fainting": "Fainting or nearly fainting",
    "irregular_or_racing_heartbeat": "Irregular or racing heartbeat",
    "stroke_signs": "Signs of stroke (face drooping, arm weakness, slurred speech)",
    "sudden_severe_headache": "Sudden, severe headache",
    "coughing_blood": "Coughing up blood",
    "saddle_numbness": "Numbness in the groin or buttocks (saddle area)",
    "bladder_or_bowel_change": "New bladder or bowel problems",
    "progressive_weakness": "Weakness getting worse",
    "dark_urine": "Dark (cola-coloured) urine",
    "tense_swollen_limb": "Limb tense and swollen, pain out of proportion",
    "cannot_bear_weight": "Cannot bear weight",
    "deformity_or_pop": "Visible deformity, or felt a pop",
    "one_sided_leg_swelling": "Calf or thigh swollen on one side",
    "new_breathlessness_on_exertion": (
        "New or unusual breathlessness on light effort (such as stairs)"
    ),
    "fever_or_chills": "Fever or chills",
    "wound_changes": "Changes at the wound (redness, discharge, opening)",
}
CHARACTER_LABELS: Final[dict[Character, str]] = {
    "dull_ache": "Dull ache",
    "diffuse": "Diffuse (spread out)",
    "stiffness": "Stiffness",
    "sharp": "Sharp",
    "localized": "Localized (one spot)",
    "burning": "Burning",
    "throbbing": "Throbbing",
    "radiating": "Radiating (spreading along a limb)",
}
TREND_LABELS: Final[dict[Trend, str]] = {
    "improving": "Improving",
    "unchanged": "Unchanged",
    "worsening": "Worsening",
}
SWELLING_LABELS: Final[dict[Swelling, str]] = {
    "none": "No swelling",
    "mild": "Mild swelling",
    "marked": "Marked swelling",
}
ADL_LIMITATION_LABELS: Final[dict[AdlLimitation, str]] = {
    "none": "No limitation of daily activities",
    "instrumental": "Limits everyday tasks (meals, shopping, phone, money)",
    "self_care": "Limits self-care (bathing, dressing, feeding, toileting)",
}
REPORT_SOURCE_LABELS: Final[dict[ReportSource, str]] = {
    "client_call": "Client called",
    "client_message": "Client sent a message",
    "client_in_person": "Client told us in person",
    "check_in_link": "Client check-in link",
    "observed": "Observed by the practitioner",
}
ACTION_LABELS: Final[dict[Action, str]] = {
    "continue": "Continue the program",
    "modify": "Modify the program",
    "hold_and_contact": "Hold the program and contact the referral source",
    # Without its care setting (a decision the practitioner made against a milder
    # recommendation); with one, action_label() names it, as letters do.
    "emergency": "Emergency: get medical care now",
}
CARE_SETTING_LABELS: Final[dict[CareSetting, str]] = {
    "call_emergency_services": "Call emergency services",
    "emergency_department": "Go to an emergency department",
    "same_day_medical_evaluation": "See a doctor the same day",
}


def action_label(action: str, care_setting: str | None = None) -> str:
    """The action as a person reads it: an emergency names where the client goes
    ("Emergency: call emergency services"), never a vague "send for urgent care"."""
    if action == "emergency" and care_setting in CARE_SETTING_LABELS:
        return f"Emergency: {CARE_SETTING_LABELS[care_setting].lower()}"  # type: ignore[index]
    return ACTION_LABELS[action]  # type: ignore[index]


PROGRAM_LABELS: Final[dict[Program, str]] = {
    "continue": "Continue (progression allowed)",
    "modify": "Modify (reduce load, range or volume; avoid the provoking exercise)",
    "hold": "Hold until the referral source clears it",
}
NOTIFY_LABELS: Final[dict[Notify, str]] = {
    "none": "No message now; include in the next progress report",
    "routine": "Routine note within 72 h or with the next progress report",
    "same_day": "Contact directly the same day, then a letter",
    "immediately": "Immediately, once care is arranged",
}


def phrase(label: str) -> str:
    """A label as it reads inside a sentence: "Chest pain" -> "chest pain"."""
    return label[:1].lower() + label[1:]
