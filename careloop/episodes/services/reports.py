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
from careloop.episodes.models import Episode, FollowUp, PainReport, TriageRecord
from careloop.episodes.services.common import lock_client
from careloop.episodes.services.rulesets import ruleset_for_practice
from careloop.training.models import Session
from careloop.triage import ACTION_SEVERITY, InputError, parse_report, triage

ONE_WEEK = timedelta(days=7)
WEEK_WINDOW = timedelta(days=2)

# Fields of the form/service that the engine's problem paths name.
_REPORT_FIELDS = {
    "reported_at",
    "source",
    "pain_now",
    "region",
    "character",
    "trend",
    "at_rest",
    "at_night",
    "swelling",
    "limp_or_giving_way",
    "numbness_or_tingling",
    "adl_limitation",
    "red_flags",
}


class _Latest(enum.Enum):
    SESSION = "latest"


# ``pain_report_create(session=LATEST_SESSION)``: link the report to the client's most recent
# session that ended by the report's time, if there is one. ``session=None`` links none.
LATEST_SESSION: Final = _Latest.SESSION


def iso(value: dt.datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


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
    client: Client,
    session: Session | None,
    report: dict[str, Any],
    previous: Sequence[PainReport] = (),
    referral: Referral | None = None,
    week_before: Session | None = None,
) -> dict[str, Any]:
    """The engine's input document (pain-report.schema.json) from the stored record."""
    client_part: dict[str, Any] = {}
    if referral is not None:
        if referral.region:
            client_part["referral_region"] = referral.region
        if referral.surgery_region and referral.surgery_date:
            surgery: dict[str, Any] = {
                "region": referral.surgery_region,
                "date": referral.surgery_date.isoformat(),
            }
            if referral.surgery_procedure:
                surgery["procedure"] = referral.surgery_procedure[:200]
            client_part["surgery"] = surgery
    session_part: dict[str, Any] | None = None
    if session is not None:
        session_part = {"ended_at": iso(session.ended_at), "pain_before": session.pain_before}
        for name in ("pain_during_max", "pain_after", "pain_2h"):
            value = getattr(session, name)
            if value is not None:
                session_part[name] = value
    report_part = {
        "reported_at": iso(report["reported_at"]),
        "source": report["source"],
        "pain_now": report["pain_now"],
        "region": report["region"],
        "character": list(report["character"]),
        "trend": report["trend"],
        "at_rest": report["at_rest"],
        "at_night": report["at_night"],
        "swelling": report["swelling"],
        "limp_or_giving_way": report["limp_or_giving_way"],
        "numbness_or_tingling": report["numbness_or_tingling"],
        "adl_limitation": report["adl_limitation"],
        "red_flags": list(report["red_flags"]),
    }
    history: dict[str, Any] = {}
    if previous:
        history["previous_reports"] = [
            {
                "reported_at": iso(p.reported_at),
                "pain_now": p.pain_now,
                "action": effective_action(p),
            }
            for p in previous
        ]
    if week_before is not None:
        history["pain_before_one_week_ago"] = week_before.pain_before
    # Without a session the engine reads hours and delta cautiously (rules 2026.2).
    document: dict[str, Any] = {"report": report_part}
    if session_part is not None:
        document["session"] = session_part
    if client_part:
        document["client"] = client_part
    if history:
        document["history"] = history
    return document


def _field_errors(problems: Iterable[tuple[str, str]]) -> ValidationError:
    errors: dict[str, list[str]] = {}
    for path, message in problems:
        head, _, rest = path.partition(".")
        name = rest.split(".")[0] if head == "report" else ""
        if name in _REPORT_FIELDS:
            key = name
        elif head == "session":
            key = "session"
            message = f"the linked session's {rest.replace('_', ' ')} {message}"
        else:
            key = NON_FIELD_ERRORS
            message = f"{path} {message}"
        errors.setdefault(key, []).append(message)
    return ValidationError(errors)


def pain_report_create(
    *,
    client: Client,
    recorded_by: Any,
    pain_now: int,
    region: str,
    reported_at: dt.datetime | None = None,
    session: Session | _Latest | None = LATEST_SESSION,
    source: str = "client_call",
    character: Sequence[str] = (),
    trend: str = "unchanged",
    at_rest: bool = False,
    at_night: bool = False,
    swelling: str = "none",
    limp_or_giving_way: bool = False,
    numbness_or_tingling: bool = False,
    adl_limitation: str = "none",
    red_flags: Sequence[str] = (),
    not_asked: Sequence[str] = (),
    client_statement: str = "",
    practitioner_observation: str = "",
    follow_up: FollowUp | None = None,
) -> PainReport:
    """Record a pain report, triage it and keep the triage record; open an episode or add
    to the client's unresolved one. Raises ValidationError keyed by form field.

    ``session`` is the session the pain follows; ``None`` when the report is not linked to
    one (before a first session, or pain the practitioner does not tie to a session): it
    is triaged all the same, red flags included."""
    now = timezone.now()
    reported_at = reported_at or now
    if timezone.is_naive(reported_at):
        raise ValueError("reported_at must carry a time zone")
    if reported_at > now + FUTURE_TOLERANCE:
        raise ValidationError({"reported_at": "is in the future; enter when the client told you."})
    fields = {
        "reported_at": reported_at,
        "source": source,
        "pain_now": pain_now,
        "region": region,
        "character": list(character),
        "trend": trend,
        "at_rest": at_rest,
        "at_night": at_night,
        "swelling": swelling,
        "limp_or_giving_way": limp_or_giving_way,
        "numbness_or_tingling": numbness_or_tingling,
        "adl_limitation": adl_limitation,
        "red_flags": list(red_flags),
    }
    with transaction.atomic():
        client = lock_client(client)
        if session is LATEST_SESSION:
            session = default_session(client, before=reported_at)
        assert not isinstance(session, _Latest)
        if session is not None and session.client_id != client.pk:
            raise ValidationError({"session": "is not one of this client's sessions."})
        if session is not None and session.voided_at is not None:
            raise ValidationError({"session": "was voided; choose the session it follows."})
        if session is not None and session.ended_at > reported_at:
            raise ValidationError(
                {
                    "reported_at": "is before the linked session ended; check the time, or "
                    "choose another session or none."
                }
            )
        episode = Episode.objects.filter(client=client).exclude(status="resolved").first()
        previous = _previous_reports(episode)
        document = build_triage_input(
            client=client,
            session=session,
            report=fields,
            previous=previous,
            referral=current_referral(client),
            week_before=None if session is None else session_one_week_earlier(session),
        )
        practice_ruleset, ruleset = ruleset_for_practice(client.practice_id)
        try:
            result = triage(parse_report(document), ruleset)
        except InputError as exc:
            raise _field_errors(exc.problems) from None
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
        report = PainReport(
            practice_id=client.practice_id,
            episode=episode,
            client=client,
            session=session,
            not_asked=sorted(set(not_asked) & {"trend", "swelling", "adl_limitation"}),
            client_statement=client_statement.strip(),
            practitioner_observation=practitioner_observation.strip(),
            recorded_by=recorded_by,
            recorded_at=now,
            **fields,
        )
        report.full_clean(exclude=["episode", "client", "session", "practice", "recorded_by"])
        report.save()
        last_action = effective_action(previous[-1]) if previous else ""
        escalated_from = (
            last_action
            if last_action and ACTION_SEVERITY[result.action] > ACTION_SEVERITY[last_action]  # type: ignore[index]
            else ""
        )
        record = TriageRecord.objects.create(
            practice_id=client.practice_id,
            pain_report=report,
            episode=episode,
            input=document,
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
            obj=report,
            detail=detail,
        )
        audit_log(
            actor=recorded_by,
            practice=client.practice_id,
            action="create",
            obj=record,
            detail=f"ruleset {result.ruleset.name} {result.ruleset.version}",
        )
    return report
