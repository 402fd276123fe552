"""The bulk export's readers for episodes: pain reports, holds, follow-ups, the
communication log, final letters and decisions (see :mod:`careloop.fhir.sources`)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import OuterRef, Subquery

from careloop.episodes.models import Clearance, Decision, FollowUp, Hold, PainReport
from careloop.fhir import resources as r
from careloop.fhir import workflow as w
from careloop.fhir.sources import Resource, Scope, _name, _patient, _site, chunks
from careloop.letters.models import Communication, Letter

LETTER_TITLES = dict(Letter.Kind.choices)


def pain_reports(scope: Scope) -> Iterator[Resource]:
    fields = (
        "client_id",
        "reported_at",
        "pain_now",
        "region",
        "session_id",
        "client_statement",
        "practitioner_observation",
        "recorded_by__full_name",
        "recorded_by__email",
        "voided_at",
    )
    for rows in scope.rows(PainReport, "recorded_at", *fields):
        for p in rows:
            if p["voided_at"] is not None:  # recorded in error: not part of the record
                continue
            notes = [f"Client reports: {p['client_statement']}"] if p["client_statement"] else []
            if p["practitioner_observation"]:
                notes.append(f"Observed: {p['practitioner_observation']}")
            yield r.pain_observation(
                id=f"PR-{p['pk']}",
                patient=_patient(p["client_id"]),
                value=p["pain_now"],
                kind="report",
                at=p["reported_at"],
                body_site=_site(p["region"]),
                performer_name=_name(p["recorded_by__full_name"], p["recorded_by__email"]),
                notes=notes,
            )


def holds(scope: Scope) -> Iterator[Resource]:
    cleared_by = Subquery(
        Clearance.objects.filter(hold_id=OuterRef("pk"))
        .order_by("-cleared_at", "-pk")
        .values("cleared_by_name")[:1]
    )
    query = Hold.objects.filter(practice_id__in=scope.practice_ids)
    if scope.since is not None:
        query = query.filter(started_at__gte=scope.since)
    fields = ("client_id", "started_at", "reason", "lifted_at", "started_by_id")
    for rows in chunks(query.annotate(cleared_by=cleared_by).values("pk", "cleared_by", *fields)):
        for h in rows:
            yield w.hold_flag(
                id=f"hold-{h['pk']}",
                patient=_patient(h["client_id"]),
                since=h["started_at"],
                reason=h["reason"],
                lifted_at=h["lifted_at"],
                cleared_by=h["cleared_by"] or "",
            )


def follow_ups(scope: Scope) -> Iterator[Resource]:
    fields = (
        "client_id",
        "kind",
        "due_at",
        "completed_at",
        "cancelled",
        "note",
        "created_at",
        "episode_id",
    )
    labels = dict(FollowUp.Kind.choices)
    for rows in scope.rows(FollowUp, "created_at", *fields):
        for f in rows:
            status = "cancelled" if f["cancelled"] else "done" if f["completed_at"] else "pending"
            yield w.follow_up_task(
                id=f"follow-up-{f['pk']}",
                patient=_patient(f["client_id"]),
                kind=f["kind"],
                label=labels.get(f["kind"], f["kind"]),
                status=status,
                due_at=f["due_at"],
                authored_on=f["created_at"],
                completed_at=f["completed_at"],
                note=f["note"],
            )


def communications(scope: Scope) -> Iterator[Resource]:
    fields = (
        "client_id",
        "at",
        "channel",
        "direction",
        "party",
        "summary",
        "kind",
        "by__full_name",
        "by__email",
        "letter_id",
    )
    kinds = dict(Communication.Kind.choices)
    for rows in scope.rows(Communication, "at", *fields):
        for c in rows:
            by = _name(c["by__full_name"], c["by__email"]) if c["by__email"] else ""
            yield w.communication(
                id=f"communication-{c['pk']}",
                patient=_patient(c["client_id"]),
                at=c["at"],
                channel=c["channel"],
                direction=c["direction"],
                party=c["party"],
                by=by,
                summary=c["summary"] or kinds.get(c["kind"], c["kind"]),
                document=f"DocumentReference/letter-{c['letter_id']}" if c["letter_id"] else None,
            )


def letters(scope: Scope, url_base: str) -> Iterator[Resource]:
    """Final letters: a DocumentReference pointing at the PDF's URL (rendering every PDF
    into the export would cost a second per letter; the episode Bundle carries it inline),
    and a Communication for the letter itself."""
    fields = (
        "client_id",
        "kind",
        "version",
        "status",
        "finalised_at",
        "sent_at",
        "superseded_at",
        "recipient_id",
        "recipient__name",
        "finalised_by__full_name",
        "finalised_by__email",
    )
    query = Letter.objects.filter(practice_id__in=scope.practice_ids).exclude(status="draft")
    if scope.since is not None:
        query = query.filter(finalised_at__gte=scope.since)
    for rows in chunks(query.values("pk", *fields)):
        for x in rows:
            patient = _patient(x["client_id"])
            title = f"{LETTER_TITLES.get(x['kind'], x['kind'])}, version {x['version']}"
            author = _name(x["finalised_by__full_name"], x["finalised_by__email"])
            document = f"DocumentReference/letter-{x['pk']}"
            yield w.letter_document(
                id=f"letter-{x['pk']}",
                patient=patient,
                title=title,
                date=x["finalised_at"],
                author_name=author,
                superseded=x["superseded_at"] is not None,
                url=f"{url_base}/letters/{x['pk']}/pdf",
            )
            yield w.communication(
                id=f"letter-{x['pk']}-sent",
                patient=patient,
                at=x["sent_at"] or x["finalised_at"],
                channel="letter",
                direction="outgoing",
                party=x["recipient__name"] or "",
                by=author,
                summary=title,
                party_ref=f"Practitioner/referrer-{x['recipient_id']}"
                if x["recipient_id"]
                else None,
                document=document,
                status="completed" if x["sent_at"] else "preparation",
            )


def decisions(scope: Scope) -> Iterator[Resource]:
    fields = (
        "triage_record__pain_report_id",
        "recommended_action",
        "chosen_action",
        "reason",
        "decided_at",
        "decided_by__full_name",
        "decided_by__email",
        "practice_id",
    )
    for rows in scope.rows(Decision, "decided_at", *fields):
        for d in rows:
            report = f"Observation/PR-{d['triage_record__pain_report_id']}"
            yield w.decision_provenance(
                id=f"decision-{d['pk']}",
                targets=[report],
                decided_at=d["decided_at"],
                decided_by=_name(d["decided_by__full_name"], d["decided_by__email"]),
                decided_by_ref=None,
                recommended_action=d["recommended_action"],
                action=d["chosen_action"],
                reason=d["reason"],
                organization=f"Organization/practice-{d['practice_id']}",
                source=report,
            )
