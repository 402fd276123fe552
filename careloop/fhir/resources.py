"""FHIR R4 resources as plain dicts, from plain values: shared by the episode Bundle (built
from the episode document) and the bulk export (built from database rows), so both say the
same thing the same way.

Each builder takes references already formed (``"Patient/client-7"`` in the bulk export,
``"urn:uuid:..."`` inside a Bundle) and leaves out what is unknown rather than inventing it.
Times are ISO 8601 with their UTC offset, as FHIR's dateTime and instant require.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from typing import Any

from careloop.fhir import codes

Resource = dict[str, Any]

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9\-.]+")

PAIN_KIND_TEXT = {
    "before": "Pain intensity before the session",
    "during_max": "Highest pain intensity during the session",
    "after": "Pain intensity after the session",
    "2h": "Pain intensity 2 hours after the session",
    "report": "Pain intensity reported",
    "check_in": "Pain intensity at a check-in",
    "exercise": "Pain intensity during the exercise",
}
PROGRAM_STATUS = {
    "active": "active",
    "modified": "active",
    "on_hold": "on-hold",
    "completed": "completed",
}
FOLLOW_UP_STATUS = {
    "pending": "requested",
    "done": "completed",
    "missed": "failed",
    "cancelled": "cancelled",
}
GENDER = {"female": "female", "male": "male", "other": "other", "not_stated": "unknown"}


def fhir_id(*parts: object) -> str:
    """A FHIR id (``[A-Za-z0-9-.]{1,64}``) from CareLoop's ids, stable for the same parts."""
    text = "-".join(_ID_UNSAFE.sub("-", str(p)).strip("-") for p in parts if str(p))
    if 0 < len(text) <= 64:
        return text
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def instant(value: dt.datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def ref(reference: str | None, display: str = "") -> dict[str, str] | None:
    """A Reference to a resource, or only a name when no resource stands for it."""
    if reference:
        return {"reference": reference, **({"display": display} if display else {})}
    return {"display": display} if display else None


def _drop_empty(resource: Resource) -> Resource:
    """FHIR forbids empty elements: leave out keys whose value is None, "", [] or {}.
    Shallow, for speed (the bulk export builds millions): builders call it again on the
    nested parts that may hold an empty value, and the tests validate every resource."""
    return {key: value for key, value in resource.items() if value not in _EMPTY}


_EMPTY: tuple[Any, ...] = (None, "", [], {})


def _telecom(phone: str = "", fax: str = "", email: str = "") -> list[dict[str, str]]:
    pairs = (("phone", phone), ("fax", fax), ("email", email))
    return [{"system": system, "value": value} for system, value in pairs if value]


def _address(text: str) -> list[dict[str, Any]]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [{"text": ", ".join(lines), "line": lines}] if lines else []


# ---- who ------------------------------------------------------------------------------


def patient(
    *,
    id: str,
    name: str,
    given_name: str = "",
    birth_date: dt.date,
    sex: str,
    identifiers: Sequence[tuple[str, str, str]] = (),
    organization: str | None = None,
    general_practitioner: str | None = None,
) -> Resource:
    """``identifiers``: (what kind, e.g. "MRN"; value; who issued it)."""
    return _drop_empty(
        {
            "resourceType": "Patient",
            "id": id,
            "identifier": [
                _drop_empty(
                    {"type": {"text": kind}, "value": value, "assigner": ref(None, assigner)}
                )
                for kind, value, assigner in identifiers
            ],
            "name": [
                {"use": "official", "text": name, "given": [given_name] if given_name else []}
            ],
            "gender": GENDER.get(sex, "unknown"),
            "birthDate": birth_date.isoformat(),
            "generalPractitioner": [ref(general_practitioner)] if general_practitioner else [],
            "managingOrganization": ref(organization),
        }
    )


def practitioner(
    *,
    id: str,
    name: str,
    credentials: str = "",
    role: str = "",
    phone: str = "",
    fax: str = "",
    email: str = "",
    address: str = "",
) -> Resource:
    qualification = [{"code": {"text": text}} for text in (credentials, role) if text]
    return _drop_empty(
        {
            "resourceType": "Practitioner",
            "id": id,
            "name": [{"text": name}],
            "telecom": _telecom(phone, fax, email),
            "address": _address(address),
            "qualification": qualification,
        }
    )


def organization(
    *, id: str, name: str, phone: str = "", fax: str = "", email: str = "", address: str = ""
) -> Resource:
    return _drop_empty(
        {
            "resourceType": "Organization",
            "id": id,
            "active": True,
            "name": name,
            "telecom": _telecom(phone, fax, email),
            "address": _address(address),
        }
    )


# ---- the referral and the program -----------------------------------------------------


def service_request(
    *,
    id: str,
    patient: str,
    requester: str | None,
    requester_name: str,
    authored_on: dt.date,
    reason: str,
    diagnosis: str = "",
    body_site: dict[str, Any] | None = None,
    notes: Sequence[str] = (),
    performer: str | None = None,
    active: bool = True,
) -> Resource:
    """The referral: the referrer's reason and diagnosis exactly as written, as text only
    (``reasonCode.text``; no code is chosen for them, CareLoop does not diagnose)."""
    return _drop_empty(
        {
            "resourceType": "ServiceRequest",
            "id": id,
            "status": "active" if active else "completed",
            "intent": "order",
            "code": {"coding": [codes.EXERCISE_THERAPY], "text": "Medical exercise referral"},
            "subject": ref(patient),
            "authoredOn": authored_on.isoformat(),
            "requester": ref(requester, requester_name),
            "performer": [ref(performer)] if performer else [],
            "reasonCode": [{"text": text} for text in (reason, diagnosis) if text],
            "bodySite": [body_site] if body_site else [],
            "note": [{"text": text} for text in notes if text],
        }
    )


def care_plan(
    *,
    id: str,
    patient: str,
    title: str,
    version: int,
    status: str,
    start: dt.date,
    based_on: str | None = None,
    author: str | None = None,
    goals: Sequence[str] = (),
    activities: Sequence[tuple[str, str]] = (),
    notes: Sequence[str] = (),
) -> Resource:
    """A program version. ``activities``: (exercise name, the prescription in words)."""
    fhir_status = PROGRAM_STATUS.get(status, "unknown")
    detail_status = {"active": "in-progress", "on-hold": "on-hold", "completed": "completed"}
    return _drop_empty(
        {
            "resourceType": "CarePlan",
            "id": id,
            "identifier": [
                {
                    "system": f"{codes.CARELOOP_IDENTIFIER}/program-version",
                    "value": id,
                }
            ],
            "status": fhir_status,
            "intent": "plan",
            "title": f"{title} (version {version})",
            "description": "; ".join(goals) and f"Goals: {'; '.join(goals)}",
            "subject": ref(patient),
            "period": {"start": start.isoformat()},
            "basedOn": [ref(based_on)] if based_on else [],
            "author": ref(author),
            "activity": [
                {
                    "detail": _drop_empty(
                        {
                            "kind": "ServiceRequest",
                            "code": {"text": name},
                            "status": detail_status.get(fhir_status, "unknown"),
                            "description": prescription,
                        }
                    )
                }
                for name, prescription in activities
            ],
            "note": [{"text": text} for text in notes if text],
        }
    )


# ---- what was measured and done -------------------------------------------------------


def pain_observation(
    *,
    id: str,
    patient: str,
    value: int,
    kind: str,
    at: dt.datetime | None = None,
    period: tuple[dt.datetime, dt.datetime] | None = None,
    body_site: dict[str, Any] | None = None,
    performer: str | None = None,
    performer_name: str = "",
    part_of: str | None = None,
    notes: Sequence[str] = (),
) -> Resource:
    """One 0-10 pain rating (LOINC 72514-3), at a time or over a period (during a session)."""
    return _drop_empty(
        {
            "resourceType": "Observation",
            "id": id,
            "status": "final",
            "category": codes.category(codes.OBSERVATION_CATEGORY, "survey", "Survey"),
            "code": {"coding": [codes.PAIN_SEVERITY], "text": PAIN_KIND_TEXT[kind]},
            "subject": ref(patient),
            "partOf": [ref(part_of)] if part_of else [],
            "effectiveDateTime": instant(at) if at else None,
            "effectivePeriod": (
                {"start": instant(period[0]), "end": instant(period[1])} if period else None
            ),
            "performer": [ref(performer, performer_name)] if performer or performer_name else [],
            "valueQuantity": {"value": value, **codes.SCORE_UNIT},
            "bodySite": body_site,
            "note": [{"text": text} for text in notes if text],
        }
    )


def session_procedure(
    *,
    id: str,
    patient: str,
    start: dt.datetime,
    end: dt.datetime,
    performer_name: str,
    based_on: str | None = None,
    notes: Sequence[str] = (),
) -> Resource:
    """A training session: exercise therapy over its time; each exercise is an Observation
    that is ``partOf`` it."""
    return _drop_empty(
        {
            "resourceType": "Procedure",
            "id": id,
            "status": "completed",
            "code": {"coding": [codes.EXERCISE_THERAPY], "text": "Medical exercise session"},
            "subject": ref(patient),
            "basedOn": [ref(based_on)] if based_on else [],
            "performedPeriod": {"start": instant(start), "end": instant(end)},
            "performer": [{"actor": ref(None, performer_name)}] if performer_name else [],
            "note": [{"text": text} for text in notes if text],
        }
    )


def _measure(code: str, text: str, quantity: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": {
            "coding": [{"system": codes.CARELOOP_EXERCISE_MEASURE, "code": code}],
            "text": text,
        },
        "valueQuantity": quantity,
    }


def exercise_observation(
    *,
    id: str,
    patient: str,
    procedure: str,
    at: dt.datetime,
    name: str,
    sets: Sequence[tuple[int | None, int | None, float | None, str | None]],
    pain_during: int | None = None,
    notes: Sequence[str] = (),
) -> Resource:
    """An exercise as performed: one component per measure of each set (reps, seconds,
    load in UCUM kg or [lb_av]) and the pain during it (LOINC 72514-3).
    ``sets``: (reps, seconds, load value, load unit) each."""
    components: list[dict[str, Any]] = []
    for number, (reps, seconds, load, unit) in enumerate(sets, start=1):
        if reps is not None:
            components.append(
                _measure(
                    "reps",
                    f"Set {number}: repetitions",
                    {"value": reps, "unit": "repetitions", "system": codes.UCUM, "code": "1"},
                )
            )
        if seconds is not None:
            components.append(
                _measure(
                    "duration",
                    f"Set {number}: duration",
                    {"value": seconds, "unit": "s", "system": codes.UCUM, "code": "s"},
                )
            )
        if load is not None and unit in codes.LOAD_UNITS:
            ucum, shown = codes.LOAD_UNITS[unit]
            components.append(
                _measure(
                    "load",
                    f"Set {number}: load",
                    {"value": load, "unit": shown, "system": codes.UCUM, "code": ucum},
                )
            )
    if pain_during is not None:
        components.append(
            {
                "code": {"coding": [codes.PAIN_SEVERITY], "text": PAIN_KIND_TEXT["exercise"]},
                "valueQuantity": {"value": pain_during, **codes.SCORE_UNIT},
            }
        )
    return _drop_empty(
        {
            "resourceType": "Observation",
            "id": id,
            "status": "final",
            "category": codes.category(codes.OBSERVATION_CATEGORY, "activity", "Activity"),
            "code": {"text": name},
            "subject": ref(patient),
            "partOf": [ref(procedure)],
            "effectiveDateTime": instant(at),
            "component": components,
            "note": [{"text": text} for text in notes if text],
        }
    )
