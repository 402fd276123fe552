"""The bulk export's readers: each stored kind of record, as FHIR resources, streamed.

Every reader walks its table in primary-key order, ``CHUNK`` rows per query (keyset
pagination: ``pk > last``), as plain ``values()`` rows, and yields one resource at a time,
so memory holds one chunk whatever the size of the practice. Rows a chunk needs from
another table (a session's exercises, a version's items) are read for that chunk only.

Ids match the episode document's where it has them (``S-<pk>`` sessions, ``PR-<pk>`` pain
reports), so a Bundle built from a stored episode and the bulk export name the same things
alike. References are relative (``Patient/client-7``), as bulk NDJSON expects.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Model, OuterRef, QuerySet, Subquery

from careloop.accounts.models import Membership, Practice
from careloop.clients.models import Client, Referral, ReferralSource
from careloop.fhir import codes
from careloop.fhir import resources as r
from careloop.training.models import ProgramExercise, ProgramVersion, Session, SessionExercise
from careloop.triage.codes import REGION_LABELS

CHUNK = 1000
Resource = dict[str, Any]


class Scope:
    """What to export: the practices, and records changed or made since when."""

    def __init__(self, practice_ids: list[int], since: dt.datetime | None) -> None:
        self.practice_ids = practice_ids
        self.since = since

    def rows(self, model: type[Model], time_field: str | None, *fields: str) -> Iterator[Any]:
        """``values()`` rows of ``model`` in the practices (since ``since`` on
        ``time_field``), ``CHUNK`` at a time, in primary-key order."""
        query: QuerySet[Any] = model._default_manager.filter(practice_id__in=self.practice_ids)
        if self.since is not None and time_field:
            query = query.filter(**{f"{time_field}__gte": self.since})
        yield from chunks(query.values("pk", *fields))


def chunks(query: QuerySet[Any], size: int | None = None) -> Iterator[list[dict[str, Any]]]:
    size = size or CHUNK
    last = 0
    while True:
        rows = list(query.filter(pk__gt=last).order_by("pk")[:size])
        if not rows:
            return
        yield rows
        last = rows[-1]["pk"]


def _patient(pk: int) -> str:
    return f"Patient/client-{pk}"


def _site(region: str | None) -> dict[str, Any] | None:
    """The body site of a stored region. A stored value outside today's codes (rows bulk
    inserted without validation, e.g. by ``careloop generate``) keeps its own words."""
    if not region:
        return None
    label = REGION_LABELS.get(region) or region.replace("_", " ").capitalize()  # type: ignore[call-overload]
    return codes.body_site(region, label)


def _name(full_name: str, email: str) -> str:
    return full_name or email or "CareLoop"


# ---- who ------------------------------------------------------------------------------


def organizations(scope: Scope) -> Iterator[Resource]:
    fields = ("name", "phone", "fax", "email", "address")
    for rows in chunks(Practice.objects.filter(pk__in=scope.practice_ids).values("pk", *fields)):
        for p in rows:
            yield r.organization(
                id=f"practice-{p['pk']}",
                name=p["name"],
                phone=p["phone"],
                fax=p["fax"],
                email=p["email"],
                address=p["address"],
            )


def practitioners(scope: Scope) -> Iterator[Resource]:
    members = Membership.objects.filter(practice_id__in=scope.practice_ids)
    for rows in chunks(members.values("pk", "user_id", "user__full_name", "user__email")):
        for m in rows:
            yield r.practitioner(
                id=f"user-{m['user_id']}-m{m['pk']}",
                name=_name(m["user__full_name"], m["user__email"]),
            )
    fields = ("name", "credentials", "specialty", "phone", "fax", "email", "address")
    for rows in scope.rows(ReferralSource, "updated_at", *fields):
        for s in rows:
            yield r.practitioner(
                id=f"referrer-{s['pk']}",
                name=s["name"],
                credentials=s["credentials"],
                role=s["specialty"],
                phone=s["phone"],
                fax=s["fax"],
                email=s["email"],
                address=s["address"],
            )


def patients(scope: Scope) -> Iterator[Resource]:
    fields = ("first_name", "last_name", "date_of_birth", "sex", "practice_id")
    for rows in scope.rows(Client, "updated_at", *fields):
        for c in rows:
            yield r.patient(
                id=f"client-{c['pk']}",
                name=f"{c['first_name']} {c['last_name']}",
                given_name=c["first_name"],
                birth_date=c["date_of_birth"],
                sex=c["sex"],
                organization=f"Organization/practice-{c['practice_id']}",
            )


def referrals(scope: Scope) -> Iterator[Resource]:
    fields = (
        "client_id",
        "source_id",
        "source__name",
        "referral_date",
        "reason",
        "diagnosis",
        "region",
        "surgery_procedure",
        "precautions",
        "contraindications",
    )
    for rows in scope.rows(Referral, "created_at", *fields):
        for x in rows:
            notes = [f"Surgery: {x['surgery_procedure']}"] if x["surgery_procedure"] else []
            notes += [f"Precaution: {line}" for line in x["precautions"].splitlines() if line]
            notes += [
                f"Contraindication: {line}" for line in x["contraindications"].splitlines() if line
            ]
            yield r.service_request(
                id=f"referral-{x['pk']}",
                patient=_patient(x["client_id"]),
                requester=f"Practitioner/referrer-{x['source_id']}",
                requester_name=x["source__name"],
                authored_on=x["referral_date"],
                reason=x["reason"] or "Not stated",
                diagnosis=x["diagnosis"],
                body_site=_site(x["region"] or None),
                notes=notes,
            )


# ---- the program and the sessions -----------------------------------------------------


def care_plans(scope: Scope) -> Iterator[Resource]:
    fields = (
        "program_id",
        "program__client_id",
        "program__version",
        "program__client__status",
        "number",
        "created_at",
        "reason",
        "change_summary",
    )
    for rows in scope.rows(ProgramVersion, "created_at", *fields):
        items: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for item in (
            ProgramExercise.objects.filter(version_id__in=[v["pk"] for v in rows])
            .order_by("version_id", "order")
            .values(
                "version_id",
                "exercise__name",
                "sets",
                "reps",
                "load",
                "load_unit",
                "duration_seconds",
                "range_of_motion",
                "tempo",
                "notes",
            )
        ):
            items[item["version_id"]].append((item["exercise__name"], _prescribed(item)))
        for v in rows:
            current = v["number"] == v["program__version"]
            on_hold = v["program__client__status"] == "on_hold"
            status = ("on_hold" if on_hold else "active") if current else "completed"
            yield r.care_plan(
                id=f"program-{v['program_id']}-v{v['number']}",
                patient=_patient(v["program__client_id"]),
                title="Exercise program",
                version=v["number"],
                status=status,
                start=v["created_at"].date(),
                activities=items[v["pk"]],
                notes=[
                    x for x in (v["change_summary"], v["reason"] and f"Reason: {v['reason']}") if x
                ],
            )


def _prescribed(item: Any) -> str:
    parts = []
    if item["sets"] and item["reps"]:
        parts.append(f"{item['sets']} x {item['reps']}")
    if item["duration_seconds"]:
        parts.append(f"{item['duration_seconds']} s")
    if item["load"] is not None:
        parts.append(f"{item['load']:g} {item['load_unit']}")
    parts += [x for x in (item["range_of_motion"], item["tempo"], item["notes"]) if x]
    return ", ".join(parts)


def sessions(scope: Scope) -> Iterator[Resource]:
    """Each live session: a Procedure, its pain ratings and its exercises (Observations)."""
    region = Subquery(
        Referral.objects.filter(client_id=OuterRef("client_id"))
        .order_by("-referral_date", "-pk")
        .values("region")[:1]
    )
    query = Session.objects.filter(practice_id__in=scope.practice_ids, voided_at__isnull=True)
    if scope.since is not None:
        query = query.filter(started_at__gte=scope.since)
    fields = (
        "client_id",
        "started_at",
        "ended_at",
        "pain_before",
        "pain_during_max",
        "pain_after",
        "pain_2h",
        "rpe",
        "practitioner__full_name",
        "practitioner__email",
    )
    for rows in chunks(query.annotate(region=region).values("pk", "region", *fields)):
        exercises: dict[int, list[Any]] = defaultdict(list)
        for ex in (
            SessionExercise.objects.filter(session_id__in=[s["pk"] for s in rows])
            .order_by("session_id", "order")
            .values(
                "session_id",
                "exercise__name",
                "sets",
                "load_unit",
                "duration_seconds",
                "pain_during",
                "notes",
            )
        ):
            exercises[ex["session_id"]].append(ex)
        for s in rows:
            yield from _session(s, exercises[s["pk"]])


def _session(s: Any, exercises: list[Any]) -> Iterator[Resource]:
    sid, patient = f"S-{s['pk']}", _patient(s["client_id"])
    start, end = s["started_at"], s["ended_at"]
    who = _name(s["practitioner__full_name"], s["practitioner__email"])
    procedure = f"Procedure/{sid}"
    yield r.session_procedure(
        id=sid,
        patient=patient,
        start=start,
        end=end,
        performer_name=who,
        notes=[f"Session RPE (CR-10): {s['rpe']}"] if s["rpe"] is not None else [],
    )
    site = _site(s["region"] or None)
    ratings = (
        ("before", s["pain_before"], {"at": start}),
        ("during_max", s["pain_during_max"], {"period": (start, end)}),
        ("after", s["pain_after"], {"at": end}),
        ("2h", s["pain_2h"], {"at": end + dt.timedelta(hours=2)}),
    )
    for kind, value, when in ratings:
        if value is not None:
            yield r.pain_observation(
                id=r.fhir_id(sid, "pain", kind),
                patient=patient,
                value=value,
                kind=kind,
                body_site=site,
                performer_name=who,
                part_of=procedure,
                **when,  # type: ignore[arg-type]
            )
    for i, ex in enumerate(exercises, start=1):
        sets = [
            (
                _int(x.get("reps")),
                ex["duration_seconds"] or None,
                _number(x.get("load")),
                ex["load_unit"],
            )
            for x in ex["sets"] or []
            if isinstance(x, dict)
        ]
        yield r.exercise_observation(
            id=f"{sid}-exercise-{i}",
            patient=patient,
            procedure=procedure,
            at=start,
            name=ex["exercise__name"],
            sets=sets,
            pain_during=ex["pain_during"],
            notes=[ex["notes"]] if ex["notes"] else [],
        )


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _number(value: Any) -> float | None:
    try:
        number = float(Decimal(str(value))) if value not in (None, "") else None
    except ArithmeticError:
        return None
    return number
