"""The check-in's questions in plain words (reading age about 12), each mapped to the code
the triage engine reads.

Every red flag of the rules is asked as its own yes/no question. The list is keyed by the
engine's own red-flag codes (``careloop.triage.RED_FLAGS``): a red flag added to the rules
without a question here fails tests/test_it_asks_every_red_flag.py.
"""

from __future__ import annotations

from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from careloop.triage import RedFlag

RED_FLAG_QUESTIONS: Final[dict[RedFlag, Promise]] = {
    "chest_pain_or_pressure": _("Do you have chest pain or pressure right now?"),
    "shortness_of_breath_at_rest": _("Are you short of breath while resting?"),
    "fainting_or_near_fainting": _("Have you fainted, or nearly fainted?"),
    "irregular_or_racing_heartbeat": _("Is your heart racing or beating unevenly?"),
    "stroke_signs": _(
        "Is one side of your face drooping, is one arm weak, or is your speech slurred?"
    ),
    "sudden_severe_headache": _("Did a very bad headache start suddenly?"),
    "coughing_blood": _("Are you coughing up blood?"),
    "saddle_numbness": _("Is the skin numb between your legs or around your bottom?"),
    "bladder_or_bowel_change": _("Do you have new trouble controlling your bladder or bowels?"),
    "progressive_weakness": _("Is an arm or leg getting weaker?"),
    "dark_urine": _("Is your urine (pee) very dark, like cola?"),
    "tense_swollen_limb": _("Is an arm or leg tight, swollen and much more painful than expected?"),
    "cannot_bear_weight": _("Are you unable to put weight on your leg or foot?"),
    "deformity_or_pop": _("Does a joint look out of shape, or did you feel a pop?"),
    "one_sided_leg_swelling": _("Is one calf or thigh swollen, sore or warm, but not the other?"),
    "new_breathlessness_on_exertion": _(
        "Do you get out of breath more than usual with light effort, like stairs?"
    ),
    "fever_or_chills": _("Do you have a fever or chills?"),
    "wound_changes": _("Has your wound or scar become red, leaky or opened?"),
}

REGION_NAMES: Final[dict[str, Promise]] = {
    "neck": _("Neck"),
    "upper_back": _("Upper back"),
    "chest": _("Chest"),
    "lower_back": _("Lower back"),
    "abdomen": _("Belly"),
    "pelvis": _("Pelvis"),
    "head": _("Head"),
    "shoulder_left": _("Left shoulder"),
    "shoulder_right": _("Right shoulder"),
    "upper_arm_left": _("Left upper arm"),
    "upper_arm_right": _("Right upper arm"),
    "elbow_left": _("Left elbow"),
    "elbow_right": _("Right elbow"),
    "forearm_left": _("Left forearm"),
    "forearm_right": _("Right forearm"),
    "wrist_hand_left": _("Left wrist or hand"),
    "wrist_hand_right": _("Right wrist or hand"),
    "hip_left": _("Left hip"),
    "hip_right": _("Right hip"),
    "thigh_left": _("Left thigh"),
    "thigh_right": _("Right thigh"),
    "knee_left": _("Left knee"),
    "knee_right": _("Right knee"),
    "lower_leg_left": _("Left lower leg"),
    "lower_leg_right": _("Right lower leg"),
    "ankle_foot_left": _("Left ankle or foot"),
    "ankle_foot_right": _("Right ankle or foot"),
}

FEELS_LIKE: Final[dict[str, Promise]] = {
    "dull_ache": _("A dull ache"),
    "diffuse": _("Spread over a wide area"),
    "stiffness": _("Stiff"),
    "sharp": _("Sharp or stabbing"),
    "localized": _("In one small spot"),
    "burning": _("Burning"),
    "throbbing": _("Throbbing"),
    "radiating": _("Spreading down an arm or leg"),
}

TREND_CHOICES: Final[list[tuple[str, Promise]]] = [
    ("improving", _("Getting better")),
    ("unchanged", _("About the same")),
    ("worsening", _("Getting worse")),
]
SWELLING_CHOICES: Final[list[tuple[str, Promise]]] = [
    ("none", _("No swelling")),
    ("mild", _("A little swelling")),
    ("marked", _("A lot of swelling")),
]
ADL_CHOICES: Final[list[tuple[str, Promise]]] = [
    ("none", _("Everything I usually do")),
    ("instrumental", _("Not everyday jobs like cooking, shopping or cleaning")),
    ("self_care", _("Not even washing, dressing or eating on my own")),
]
YES_NO: Final[list[tuple[str, Promise]]] = [("yes", _("Yes")), ("no", _("No"))]
