"""Recording a pain report: build the engine's input from the record, triage, keep both."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from datetime import UTC, timedelta
from typing import Any, Final

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from careloop.audit.services import audit_log
from careloop.clients.models import Client, Referral
from careloop.clients.selectors import current_referral
from careloop.core.clock import FUTURE_TOLERANCE
from careloop.episodes.inputs import PainReportInput, as_sentence
from careloop.episodes.models import Episode, FollowUp, PainReport, TriageRecord
from careloop.episodes.services.common import lock_client
from careloop.episodes.services.rulesets import ruleset_for_practice
from careloop.training.models import Session
from careloop.triage import ACTION_SEVERITY, InputError, parse_report, triage
from careloop.triage import PainReport as TriageInput
from careloop.triage.models import Report

ONE_WEEK = timedelta(days=7)
WEEK_WINDOW = timedelta(days=2)


class _Latest(enum.Enum):
    SESSION = "latest"


# ``pain_report_create(session=LATEST_SESSION)``: link the report to the client's most recent
# session that ended by the report's time, if there is one. ``session=None`` links none.
LATEST_SESSION: Final = _Latest.SESSION


def default_session(client: Client, before: dt.datetime | None = None) -> Session | None:
    """The most recent session (ended by ``before`` when given)."""
    sessions = Session.objects.live().filter(client=client)
    if before is not None:
        sessions = sessions.filter(ended_at__lte=before)
    return sessions.order_by("-started_at", "-pk").first()


def session_one_week_earlier(session: Session) -> Session | None:
    """The session closest to seven days before ``session``, within two days either side."""
    target = session.started_at - ONE_WEEK
    candidates = (
        Session.objects.live()
        .filter(
            client_id=session.client_id,
            started_at__gte=target - WEEK_WINDOW,
            started_at__lte=target + WEEK_WINDOW,
        )
        .exclude(pk=session.pk)
    )
    return min(
        candidates,
        key=lambda s: (abs((s.started_at - target).total_seconds()), -s.pk),
        default=None,
    )


def effective_action(report: PainReport) -> str:
    """What was done about a report: the decision's action, else the recommendation."""
    record = report.triage_record
    decision = getattr(record, "decision", None)
    return decision.chosen_action if decision is not None else record.action


def _previous_reports(episode: Episode | None) -> list[PainReport]:
    if episode is None:
        return []
    return list(
        PainReport.objects.filter(episode=episode, voided_at__isnull=True)
        .select_related("triage_record__decision")
        .order_by("reported_at", "pk")
    )


def build_triage_input(
    *,
    report: Report,
    session: Session | None,
    previous: Sequence[PainReport] = (),
    referral: Referral | None = None,
    week_before: Session | None = None,
) -> TriageInput:
    """The engine's input (pain-report.schema.json) from the report and the stored record.

    Only what the record holds is set, so ``model_dump(mode="json", exclude_unset=True)``
    is the document as the engine was given it (what the triage record keeps)."""
    document: dict[str, Any] = {"report": report}
    if session is not None:
        session_part = {"ended_at": session.ended_at.astimezone(UTC)}
        for name in ("pain_before", "pain_during_max", "pain_after", "pain_2h"):
            value = getattr(session, name)
            if value is not None:
                session_part[name] = value
        document["session"] = session_part
    # Without a session the engine reads hours and delta cautiously (rules 2026.2).
    client_part: dict[str, Any] = {}
    if referral is not None:
        if referral.region:
            client_part["referral_region"] = referral.region
        if referral.surgery_region and referral.surgery_date:
            surgery: dict[str, Any] = {
                "region": referral.surgery_region,
                "date": referral.surgery_date,
            }
            if referral.surgery_procedure:
                surgery["procedure"] = referral.surgery_procedure[:200]
            client_part["surgery"] = surgery
    if client_part:
        document["client"] = client_part
    history: dict[str, Any] = {}
    if previous:
        history["previous_reports"] = [
            {
                "reported_at": p.reported_at.astimezone(UTC),
                "pain_now": p.pain_now,
                "action": effective_action(p),
            }
            for p in previous
        ]
    if week_before is not None:
        history["pain_before_one_week_ago"] = week_before.pain_before
    if history:
        document["history"] = history
    return parse_report(document)


def _field_errors(problems: Iterable[tuple[str, str]]) -> ValidationError:
    """The engine's problems keyed by the report's field (``report.pain_now``: pain_now);
    the session's are about the linked session, the rest about the report as a whole."""
    errors: dict[str, list[str]] = {}
    for path, message in problems:
        head, _, rest = path.partition(".")
        name = rest.split(".")[0]
        # The engine words a problem after its path ("must be ..."); shown to a person it
        # becomes a sentence about the answer, the linked session or the report.
        if head == "report" and name in PainReportInput.model_fields:
            key = name
            message = as_sentence("This answer", message)
        elif head == "session":
            key = "session"
            message = as_sentence(f"The linked session's {rest.replace('_', ' ')}", message)
        else:
            key = NON_FIELD_ERRORS
            message = as_sentence(f"The report's {path.replace('_', ' ')}", message)
        errors.setdefault(key, []).append(message)
    return ValidationError(errors)


def pain_report_create(
    *,
    client: Client,
    recorded_by: Any,
    report: PainReportInput,
    session: Session | _Latest | None = LATEST_SESSION,
    follow_up: FollowUp | None = None,
) -> PainReport:
    """Record a pain report, triage it and keep the triage record; open an episode or add
    to the client's unresolved one. Raises ValidationError keyed by form field.

    ``report`` is what the client reported (:class:`~careloop.episodes.inputs.PainReportInput`,
    built by every way in: the form, a check-in, a correction, the API). ``session`` is the
    session the pain follows: by default the client's latest that ended by the report's
    time; ``None`` when the report is not linked to one (before a first session, or pain
    the practitioner does not tie to a session): it is triaged all the same, red flags
    included. ``follow_up`` is the check-in this report completes, if any."""
    now = timezone.now()
    reported_at = report.reported_at
    if reported_at > now + FUTURE_TOLERANCE:
        raise ValidationError(
            {"reported_at": "The report time is in the future: enter when the client told you."}
        )
    if reported_at.date() < client.date_of_birth:
        raise ValidationError(
            {"reported_at": "The report time is before the client was born: check the year."}
        )
    with transaction.atomic():
        client = lock_client(client)
        if session is LATEST_SESSION:
            session = default_session(client, before=reported_at)
        assert not isinstance(session, _Latest)
        if session is not None and session.client_id != client.pk:
            raise ValidationError(
                {"session": "The session chosen is not one of this client's sessions."}
            )
        if session is not None and session.voided_at is not None:
            raise ValidationError(
                {
                    "session": "The session chosen was voided: choose the session the pain "
                    "follows, or none."
                }
            )
        if session is not None and session.ended_at > reported_at:
            raise ValidationError(
                {
                    "reported_at": "The report time is before the linked session ended: check the "
                    "time, or choose another session or none."
                }
            )
        episode = Episode.objects.filter(client=client).exclude(status="resolved").first()
        previous = _previous_reports(episode)
        practice_ruleset, ruleset = ruleset_for_practice(client.practice_id)
        try:
            engine_input = build_triage_input(
                report=report.engine_report(),
                session=session,
                previous=previous,
                referral=current_referral(client),
                week_before=None if session is None else session_one_week_earlier(session),
            )
        except InputError as exc:
            raise _field_errors(exc.problems) from None
        result = triage(engine_input, ruleset)
        if episode is None:
            # The episode starts when the client reported the pain, not when it was typed in.
            episode = Episode.objects.create(
                practice_id=client.practice_id,
                client=client,
                opened_at=min(reported_at, now),
                opened_by=recorded_by,
            )
            audit_log(actor=recorded_by, practice=client.practice_id, action="create", obj=episode)
        elif episode.status != Episode.Status.OPEN:
            # A new report needs a decision: the episode needs attention again.
            episode.status = Episode.Status.OPEN
            episode.save(update_fields=["status"])
        fields = report.record_fields()
        fields["not_asked"] = sorted(set(report.not_asked))
        fields["client_statement"] = report.client_statement.strip()
        fields["practitioner_observation"] = report.practitioner_observation.strip()
        row = PainReport(
            practice_id=client.practice_id,
            episode=episode,
            client=client,
            session=session,
            recorded_by=recorded_by,
            recorded_at=now,
            **fields,
        )
        row.full_clean(exclude=["episode", "client", "session", "practice", "recorded_by"])
        row.save()
        last_action = effective_action(previous[-1]) if previous else ""
        escalated_from = (
            last_action
            if last_action and ACTION_SEVERITY[result.action] > ACTION_SEVERITY[last_action]  # type: ignore[index]
            else ""
        )
        record = TriageRecord.objects.create(
            practice_id=client.practice_id,
            pain_report=row,
            episode=episode,
            input=engine_input.model_dump(mode="json", exclude_unset=True),
            result=result.model_dump(mode="json"),
            ruleset_name=result.ruleset.name,
            ruleset_version=result.ruleset.version,
            practice_ruleset=practice_ruleset,
            action=result.action,
            care_setting=result.care_setting or "",
            escalated_from=escalated_from,
            created_at=now,
        )
        detail = "check-in" if follow_up is not None else ""
        audit_log(
            actor=recorded_by,
            practice=client.practice_id,
            action="create",
            obj=row,
            detail=detail,
        )
        audit_log(
            actor=recorded_by,
            practice=client.practice_id,
            action="create",
            obj=record,
            detail=f"ruleset {result.ruleset.name} {result.ruleset.version}",
        )
    return row
