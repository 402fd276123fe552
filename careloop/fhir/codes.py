"""Code systems the FHIR export uses, each named by its canonical URI, and CareLoop's maps to them.

Only codes that mean exactly what CareLoop recorded are used: a LOINC code for the 0-10
pain rating, SNOMED CT body structures for the regions that have a single one (a region
such as "wrist or hand" has none, so it goes as text only), UCUM units for loads and times.
Nothing here is a diagnosis: the referrer's diagnosis is carried as their text only.
"""

from __future__ import annotations

from typing import Any, Final

LOINC: Final = "http://loinc.org"
SNOMED: Final = "http://snomed.info/sct"
UCUM: Final = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
FLAG_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/flag-category"
PARTICIPATION_MODE: Final = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode"
PROVENANCE_PARTICIPANT: Final = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
# CareLoop's own code systems: body regions as the practice records them (with their side),
# the triage actions and the measures of an exercise set. They name what was recorded; none
# is a finding or a diagnosis.
CARELOOP: Final = "https://careloop.app/fhir/CodeSystem"
CARELOOP_REGION: Final = f"{CARELOOP}/region"
CARELOOP_ACTION: Final = f"{CARELOOP}/triage-action"
CARELOOP_EXERCISE_MEASURE: Final = f"{CARELOOP}/exercise-measure"
CARELOOP_IDENTIFIER: Final = "https://careloop.app/fhir/NamingSystem"

# LOINC 72514-3: "Pain severity - 0-10 verbal numeric rating [Score] - Reported".
PAIN_SEVERITY: Final = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
# LOINC 51852-2: "Letter" (a document of kind letter).
LETTER_DOCUMENT: Final = {"system": LOINC, "code": "51852-2", "display": "Letter"}
# SNOMED CT 229065009 |Exercise therapy (regime/therapy)|: what a session and a referral are for.
EXERCISE_THERAPY: Final = {
    "system": SNOMED,
    "code": "229065009",
    "display": "Exercise therapy (regime/therapy)",
}

# SNOMED CT body structures per CareLoop region (its side is in the text and CareLoop's code).
_BODY_STRUCTURES: Final[dict[str, tuple[str, str]]] = {
    "neck": ("45048000", "Neck structure"),
    "chest": ("51185008", "Thoracic structure"),
    "lower_back": ("37822005", "Lower back structure"),
    "abdomen": ("113345001", "Abdominal structure"),
    "pelvis": ("12921003", "Pelvic structure"),
    "head": ("69536005", "Head structure"),
    "shoulder": ("16982005", "Shoulder region structure"),
    "upper_arm": ("40983000", "Upper arm structure"),
    "elbow": ("127949000", "Elbow region structure"),
    "forearm": ("14975008", "Forearm structure"),
    "hip": ("29836001", "Hip region structure"),
    "thigh": ("68367000", "Thigh structure"),
    "knee": ("72696002", "Knee region structure"),
    "lower_leg": ("30021000", "Lower leg structure"),
}

# UCUM: kilograms and avoirdupois pounds, seconds, and an annotation for a score.
LOAD_UNITS: Final = {"kg": ("kg", "kg"), "lb": ("[lb_av]", "lb")}
SCORE_UNIT: Final = {"unit": "{score}", "system": UCUM, "code": "{score}"}

# The communication log's channels as HL7 v3 participation modes.
CHANNEL_MODES: Final = {
    "phone": ("PHONE", "telephone"),
    "email": ("EMAILWRIT", "email"),
    "fax": ("FAXWRIT", "telefax"),
    "letter": ("MAILWRIT", "mail"),
    "message": ("ONLINEWRIT", "online written"),
    "portal": ("ONLINEWRIT", "online written"),
    "in_person": ("FACE", "face-to-face"),
}


def body_site(region: str, label: str) -> dict[str, Any]:
    """A CodeableConcept for a CareLoop region: SNOMED CT where one structure fits, always
    CareLoop's own code (which keeps the side) and the words the practice sees."""
    coding: list[dict[str, Any]] = []
    part = region.removesuffix("_left").removesuffix("_right")
    if part in _BODY_STRUCTURES:
        code, display = _BODY_STRUCTURES[part]
        coding.append({"system": SNOMED, "code": code, "display": display})
    coding.append({"system": CARELOOP_REGION, "code": region, "display": label})
    return {"coding": coding, "text": label}


def category(system: str, code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": system, "code": code, "display": display}]}]
