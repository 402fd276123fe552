"""The episode document as a FHIR R4 Bundle (type ``collection``): ``bundle_from_document``.

Reads only the episode document (:mod:`careloop.record`), so it runs without a database
(``careloop fhir bundle EPISODE.json``) and says what the letters say. Final letters are
not part of the document: a caller that has them (the API, the bulk export) passes them
as :class:`FinalLetter`, with the PDF where it has one.

Entries are identified by ``urn:uuid:`` full URLs derived from the resource's type and id
(uuid5, stable for the same document), and refer to each other by those URLs.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from careloop.fhir import codes
from careloop.fhir import resources as r
from careloop.fhir import workflow as w
from careloop.record.document import EpisodeDocument, Prescription, Session
from careloop.triage.codes import REGION_LABELS

# Namespace of the urn:uuid full URLs (uuid5 of "careloop-fhir").
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://careloop.app/fhir")


@dataclass(frozen=True)
class FinalLetter:
    """A letter that is no longer a draft, as the Bundle shows it."""

    id: str
    title: str
    finalised_at: dt.datetime
    sent_at: dt.datetime | None = None
    superseded: bool = False
    pdf: bytes | None = None
    url: str = ""


def full_url(resource_type: str, resource_id: str, scope: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{scope}/{resource_type}/{resource_id}')}"


def prescription_text(p: Prescription) -> str:
    """The prescription in words, e.g. "3 x 12, 40 kg, 0-90° knee flexion"."""
    parts: list[str] = []
    if p.sets and p.reps:
        parts.append(f"{p.sets} x {p.reps}")
    elif p.sets:
        parts.append(f"{p.sets} set{'s' if p.sets > 1 else ''}")
    if p.seconds:
        parts.append(f"{p.seconds} s")
    if p.load:
        parts.append(f"{p.load.value:g} {p.load.unit}")
    parts += [x for x in (p.resistance, p.range_of_motion, p.tempo) if x]
    if p.rest_seconds is not None:
        parts.append(f"rest {p.rest_seconds} s")
    if p.notes:
        parts.append(p.notes)
    return ", ".join(parts)


class _Builder:
    def __init__(self, doc: EpisodeDocument, patient_id: str | None) -> None:
        self.doc = doc
        self.scope = doc.episode.id if doc.episode else f"progress-{doc.generated_at.isoformat()}"
        self.entries: list[dict[str, Any]] = []
        self.patient_id = patient_id or r.fhir_id("patient", self.scope)

    def add(self, resource: dict[str, Any]) -> str:
        url = self.url(resource["resourceType"], resource["id"])
        self.entries.append({"fullUrl": url, "resource": resource})
        return url

    def url(self, resource_type: str, resource_id: str) -> str:
        return full_url(resource_type, resource_id, self.scope)

    @property
    def patient(self) -> str:
        return self.url("Patient", self.patient_id)

    def site(self, region: str | None) -> dict[str, Any] | None:
        return codes.body_site(region, REGION_LABELS[region]) if region else None  # type: ignore[index]


def bundle_from_document(
    document: EpisodeDocument,
    *,
    patient_id: str | None = None,
    letters: Sequence[FinalLetter] = (),
) -> dict[str, Any]:
    """The episode as a Bundle of FHIR R4 resources (a JSON-ready dict). ``patient_id``
    names the Patient (default: derived from the episode id); ``letters``: final letters."""
    b = _Builder(document, patient_id)
    doc = document
    organization = b.add(
        r.organization(
            id="practice",
            name=doc.practice.name,
            phone=doc.practice.phone,
            fax=doc.practice.fax,
            email=doc.practice.email,
            address=doc.practice.address,
        )
    )
    a = doc.author
    author = b.add(
        r.practitioner(
            id="author",
            name=a.name,
            credentials=a.credentials,
            role=a.role,
            phone=a.phone,
            email=a.email,
        )
    )
    s = doc.recipient
    referrer = b.add(
        r.practitioner(
            id="referrer",
            name=s.name,
            credentials=s.credentials,
            role=s.specialty,
            phone=s.phone,
            fax=s.fax,
            email=s.email,
            address=s.address,
        )
    )
    c = doc.client
    b.add(
        r.patient(
            id=b.patient_id,
            name=c.name,
            given_name=c.given_name,
            birth_date=c.date_of_birth,
            sex=c.sex,
            identifiers=[(i.system, i.value, i.assigner) for i in c.identifiers],
            organization=organization,
            general_practitioner=referrer,
        )
    )
    region = c.referral.region if c.referral else None
    referral = _referral(b, referrer, author) if c.referral else None
    plan = _program(b, referral, author)
    for session in doc.sessions:
        _session(b, session, region, plan)
    reports = _pain_reports(b, region)
    follow_up_refs, hold = _hold_and_follow_ups(b, author)
    _communications(b, author, referrer, organization, letters)
    for i, decision in enumerate(doc.decisions):
        targets = [reports[decision.pain_report_id]]
        if hold and decision.action != "continue":
            targets.append(hold)
        if plan and decision.action == "modify":
            targets.append(plan)
        targets += follow_up_refs if decision.action != "continue" else []
        b.add(
            w.decision_provenance(
                id=r.fhir_id("decision", decision.pain_report_id, i),
                targets=targets,
                decided_at=decision.decided_at,
                decided_by=decision.decided_by,
                decided_by_ref=author if decision.decided_by == a.name else None,
                recommended_action=decision.recommended_action,
                action=decision.action,
                reason=decision.reason,
                actions_taken=decision.actions_taken,
                organization=organization,
                source=reports[decision.pain_report_id],
            )
        )
    return {
        "resourceType": "Bundle",
        "id": r.fhir_id("episode", b.scope),
        "meta": {"lastUpdated": r.instant(doc.generated_at)},
        "type": "collection",
        "timestamp": r.instant(doc.generated_at),
        "entry": b.entries,
    }


def _referral(b: _Builder, referrer: str, author: str) -> str:
    ref = b.doc.client.referral
    assert ref is not None
    notes = [
        f"Surgery: {s.procedure}, {REGION_LABELS[s.region]}, {s.date.isoformat()}"
        for s in ref.surgeries
    ]
    notes += [f"Precaution: {p}" for p in ref.precautions]
    notes += [f"Contraindication: {p}" for p in ref.contraindications]
    episode = b.doc.episode
    return b.add(
        r.service_request(
            id="referral",
            patient=b.patient,
            requester=referrer,
            requester_name=b.doc.recipient.name,
            authored_on=ref.date,
            reason=ref.reason,
            diagnosis=ref.diagnosis,
            body_site=b.site(ref.region),
            notes=notes,
            performer=author,
            active=not (episode and episode.status == "resolved"),
        )
    )


def _program(b: _Builder, referral: str | None, author: str) -> str | None:
    program = b.doc.program
    if program is None:
        return None
    notes = [
        f"Version {ch.version}, {ch.changed_at.date().isoformat()}, {ch.changed_by}: "
        f"{'; '.join(ch.changes)}. Reason: {ch.reason}"
        for ch in b.doc.program_changes
    ]
    notes += [f"Condition of clearance: {x}" for x in program.conditions]
    if program.sessions_per_week:
        notes.insert(0, f"{program.sessions_per_week} sessions per week")
    return b.add(
        r.care_plan(
            id=f"program-v{program.version}",
            patient=b.patient,
            title=program.name,
            version=program.version,
            status=program.status,
            start=program.start_date,
            based_on=referral,
            author=author,
            goals=program.goals,
            activities=[(e.name, prescription_text(e.prescribed)) for e in program.exercises],
            notes=notes,
        )
    )


def _session(b: _Builder, s: Session, region: str | None, plan: str | None) -> None:
    end = s.started_at + dt.timedelta(minutes=s.duration_minutes)
    notes = [f"Observed: {s.practitioner_observations}"] if s.practitioner_observations else []
    notes += [f"Client reports: {s.client_statements}"] if s.client_statements else []
    if s.rpe is not None:
        notes.append(f"Session RPE (CR-10): {s.rpe:g}")
    procedure = b.add(
        r.session_procedure(
            id=r.fhir_id(s.id),
            patient=b.patient,
            start=s.started_at,
            end=end,
            performer_name=s.practitioner,
            based_on=plan,
            notes=notes,
        )
    )
    ratings: list[tuple[str, int | None, dict[str, Any]]] = [
        ("before", s.pain_before, {"at": s.started_at}),
        ("during_max", s.pain_during_max, {"period": (s.started_at, end)}),
        ("after", s.pain_after, {"at": end}),
        ("2h", s.pain_2h, {"at": end + dt.timedelta(hours=2)}),
    ]
    for kind, value, when in ratings:
        if value is None:
            continue
        b.add(
            r.pain_observation(
                id=r.fhir_id(s.id, "pain", kind),
                patient=b.patient,
                value=value,
                kind=kind,
                body_site=b.site(region),
                performer_name=s.practitioner,
                part_of=procedure,
                **when,
            )
        )
    for i, ex in enumerate(s.exercises, start=1):
        sets = [
            (x.reps, x.seconds, x.load.value if x.load else None, x.load.unit if x.load else None)
            for x in ex.sets
        ]
        prescribed = prescription_text(ex.prescribed)
        notes = [f"Prescribed: {prescribed}"] if prescribed else []
        notes += [ex.notes] if ex.notes else []
        b.add(
            r.exercise_observation(
                id=r.fhir_id(s.id, "exercise", i),
                patient=b.patient,
                procedure=procedure,
                at=s.started_at,
                name=ex.name,
                sets=sets,
                pain_during=ex.pain_during,
                notes=notes,
            )
        )


def _pain_reports(b: _Builder, referral_region: str | None) -> dict[str, str]:
    """Each pain report's rating, and check-in ratings of the pain series; returns the
    Observation's URL per report id (the decisions point at them)."""
    urls: dict[str, str] = {}
    for report in b.doc.pain_reports:
        notes = [f"Client reports: {report.client_statement}"] if report.client_statement else []
        if report.practitioner_observation:
            notes.append(f"Observed: {report.practitioner_observation}")
        session = b.doc.session(report.session_id)
        if session is not None:
            notes.append(f"Follows the session of {session.started_at.date().isoformat()}")
        urls[report.id] = b.add(
            r.pain_observation(
                id=r.fhir_id(report.id),
                patient=b.patient,
                value=report.pain_now,
                kind="report",
                at=report.reported_at,
                body_site=b.site(report.region),
                performer_name=report.recorded_by,
                notes=notes,
            )
        )
    for i, point in enumerate(p for p in b.doc.pain_series if p.kind == "check_in"):
        b.add(
            r.pain_observation(
                id=r.fhir_id("check-in", i),
                patient=b.patient,
                value=point.value,
                kind="check_in",
                at=point.at,
                body_site=b.site(referral_region),
            )
        )
    return urls


def _hold_and_follow_ups(b: _Builder, author: str) -> tuple[list[str], str | None]:
    hold = b.doc.hold
    flag = None
    if hold is not None:
        clearance = hold.clearance
        flag = b.add(
            w.hold_flag(
                id="hold",
                patient=b.patient,
                since=hold.since,
                reason=hold.reason,
                lifted_at=clearance.cleared_at if clearance else None,
                cleared_by=clearance.cleared_by if clearance else "",
                author=author,
            )
        )
    tasks = [
        b.add(
            w.follow_up_task(
                id=r.fhir_id("follow-up", i),
                patient=b.patient,
                kind=f.kind,
                label=f.label,
                status=f.status,
                due_at=f.due_at,
                completed_at=f.completed_at,
                note=f.note,
                focus=flag,
            )
        )
        for i, f in enumerate(b.doc.follow_ups, start=1)
    ]
    return tasks, flag


def _communications(
    b: _Builder, author: str, referrer: str, organization: str, letters: Sequence[FinalLetter]
) -> None:
    for i, entry in enumerate(b.doc.communications, start=1):
        b.add(
            w.communication(
                id=r.fhir_id("communication", i),
                patient=b.patient,
                at=entry.at,
                channel=entry.channel,
                direction=entry.direction,
                party=entry.party,
                by=entry.by,
                summary=entry.summary,
                practice_member=author if entry.by == b.doc.author.name else None,
                party_ref=referrer if entry.party == b.doc.recipient.name else None,
            )
        )
    for letter in letters:
        document = b.add(
            w.letter_document(
                id=r.fhir_id("letter", letter.id),
                patient=b.patient,
                title=letter.title,
                date=letter.finalised_at,
                author=author,
                custodian=organization,
                superseded=letter.superseded,
                pdf=letter.pdf,
                url=letter.url,
            )
        )
        b.add(
            w.communication(
                id=r.fhir_id("letter", letter.id, "sent"),
                patient=b.patient,
                at=letter.sent_at or letter.finalised_at,
                channel="letter",
                direction="outgoing",
                party=b.doc.recipient.name,
                by=b.doc.author.name,
                summary=letter.title,
                practice_member=author,
                party_ref=referrer,
                document=document,
                status="completed" if letter.sent_at else "preparation",
            )
        )
