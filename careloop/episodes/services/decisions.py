"""The practitioner's decision on a triage record, and what it sets off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from careloop.audit.services import audit_log
from careloop.episodes.models import (
    Decision,
    EmergencyActionRecord,
    Episode,
    Hold,
    PainReport,
    TriageRecord,
)
from careloop.episodes.services.common import DecisionConflict, WorkflowError, lock_client
from careloop.episodes.services.episodes import close_open_follow_ups
from careloop.episodes.services.follow_ups import follow_ups_create
from careloop.episodes.services.holds import hold_put
from careloop.training.models import Program
from careloop.training.services import program_modify
from careloop.triage import ACTION_LABELS, ACTION_PLANS, ACTIONS, action_label

# Which actions set off a "contact the referral source" task, and how soon.
CONTACT_FOLLOW_UP = {"same_day": "same_day", "immediately": "immediately"}


def _conflict_message(existing: Decision) -> str:
    who = existing.decided_by.full_name or existing.decided_by.email
    at = timezone.localtime(existing.decided_at)
    label = existing.chosen_label
    return (
        f"{who} already decided on this report at {at:%H:%M} ({label}). "
        "Your decision was not recorded and nothing was done twice."
    )


def _modification_reason(record: TriageRecord) -> str:
    rules = ", ".join(rule.id for rule in record.matched_rules)
    at = timezone.localtime(record.pain_report.reported_at)
    return f"Pain report of {at:%d %b %Y %H:%M}; triage rules {rules}."


def _program_modify(
    *, decision: Decision, record: TriageRecord, actor: Any, items: Sequence[Any] | None
) -> None:
    """Make the modification a new program version (training's program_modify) when the
    practitioner changed the prescription; the text stays on the decision either way."""
    if items is None:
        return

    program = Program.objects.filter(client_id=record.pain_report.client_id).first()
    if program is None:
        raise ValidationError({"modification_change": "This client has no program to modify."})
    try:
        version = program_modify(
            program=program,
            actor=actor,
            items=items,
            reason=decision.modification_reason,
            change_summary=decision.modification_change or None,
            based_on_version=program.version,
        )
    except ValidationError as exc:
        raise ValidationError({"modification_change": exc.messages}) from None
    decision.program_version = version
    if not decision.modification_change:
        decision.modification_change = version.change_summary
    decision.save(update_fields=["program_version", "modification_change"])


def decision_errors(
    *,
    recommended: str,
    chosen_action: str,
    care_setting: str = "",
    reason: str = "",
    continue_choice: str = "",
    modification_change: str = "",
    items_changed: bool = False,
) -> dict[str, str]:
    """What a decision lacks, keyed by field. Also asked by the decision form, so a missing
    reason is reported with the form's other errors."""
    errors: dict[str, str] = {}
    if chosen_action not in ACTIONS:
        errors["chosen_action"] = "Choose an action."
    if chosen_action != recommended and not reason.strip() and chosen_action in ACTIONS:
        errors["reason"] = (
            f'You chose "{ACTION_LABELS[chosen_action]}" instead of the recommended '  # type: ignore[index]
            f'"{action_label(recommended, care_setting)}": say why. '
            "The reason is kept in the record and shown in letters."
        )
    chosen_continue = continue_choice or Decision.ContinueChoice.MONITOR
    if chosen_action == "continue" and chosen_continue not in Decision.ContinueChoice.values:
        errors["continue_choice"] = "Choose whether to keep monitoring or close the episode."
    if chosen_action == "modify" and not modification_change.strip() and not items_changed:
        errors["modification_change"] = (
            "Say what changes in the program (e.g. leg press 40 kg to 25 kg, no lunges)."
        )
    return errors


def decision_record(
    *,
    triage_record: TriageRecord,
    decided_by: Any,
    chosen_action: str,
    reason: str = "",
    continue_choice: str = "",
    modification_change: str = "",
    modification_reason: str = "",
    modification_items: Sequence[Any] | None = None,
    now: dt.datetime | None = None,
) -> Decision:
    """Accept the recommendation or choose another action (a reason is then required),
    and carry out its effects in the same transaction:

    - continue: the episode stays under monitoring, or is closed (``continue_choice``);
    - modify: a program modification (what changed and why; a new program version when
      ``modification_items`` are given), check-in at 24 h;
    - hold_and_contact: hold + client on hold, check-ins at 24 h and 48 h, contact the
      referral source today;
    - emergency: hold + client on hold, check-in at 24 h, contact the referral source
      once care is arranged.

    Only one decision per triage record: a second one (e.g. a colleague deciding at the
    same moment) raises DecisionConflict and changes nothing.
    """
    now = now or timezone.now()
    reason = reason.strip()
    recommended = triage_record.action
    errors = decision_errors(
        recommended=recommended,
        care_setting=triage_record.care_setting,
        chosen_action=chosen_action,
        reason=reason,
        continue_choice=continue_choice,
        modification_change=modification_change,
        items_changed=modification_items is not None,
    )
    departs = chosen_action != recommended
    if chosen_action == "continue":
        continue_choice = continue_choice or Decision.ContinueChoice.MONITOR
    else:
        continue_choice = ""
    if chosen_action != "modify":
        modification_change = modification_reason = ""
        modification_items = None
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        client = lock_client(triage_record.pain_report.client)
        if PainReport.objects.filter(pk=triage_record.pain_report_id, voided_at__isnull=False):
            raise WorkflowError(
                "This pain report was voided (or replaced by its correction): it takes no decision."
            )
        existing = (
            Decision.objects.filter(triage_record=triage_record)
            .select_related("decided_by")
            .first()
        )
        if existing is not None:
            raise DecisionConflict(_conflict_message(existing))
        episode = Episode.objects.select_for_update().get(pk=triage_record.episode_id)
        if episode.status == Episode.Status.RESOLVED:
            raise WorkflowError("This episode is resolved; record a new pain report instead.")
        try:
            # The unique constraint is the last word if two requests got this far at once
            # (they cannot while the client row lock holds, but the database decides).
            with transaction.atomic():
                decision = Decision.objects.create(
                    practice_id=triage_record.practice_id,
                    triage_record=triage_record,
                    episode=episode,
                    recommended_action=recommended,
                    chosen_action=chosen_action,
                    departs=departs,
                    reason=reason,
                    continue_choice=continue_choice,
                    modification_change=modification_change.strip(),
                    modification_reason=(
                        modification_reason.strip() or _modification_reason(triage_record)
                        if chosen_action == "modify"
                        else ""
                    ),
                    decided_by=decided_by,
                    decided_at=now,
                )
        except IntegrityError:
            existing = Decision.objects.select_related("decided_by").get(
                triage_record=triage_record
            )
            raise DecisionConflict(_conflict_message(existing)) from None
        audit_log(
            actor=decided_by,
            practice=triage_record.practice_id,
            action="create",
            obj=decision,
            detail="departs from the recommendation; reason recorded"
            if departs
            else "accepts the recommendation",
        )
        plan = ACTION_PLANS[chosen_action]  # type: ignore[index]
        tz = client.practice.tz
        if chosen_action == "continue":
            if continue_choice == Decision.ContinueChoice.CLOSE:
                if Hold.objects.filter(client=client, lifted_at__isnull=True).exists():
                    raise ValidationError(
                        {
                            "continue_choice": "The program is on hold: record the clearance "
                            "before closing the episode."
                        }
                    )
                episode.status = Episode.Status.RESOLVED
                episode.outcome = Episode.Outcome.BACK_TO_BASELINE
                episode.resolved_at = now
                episode.resolved_by = decided_by
                close_open_follow_ups(episode=episode, actor=decided_by, now=now)
            else:
                episode.status = Episode.Status.MONITORING
        elif chosen_action == "modify":
            episode.status = Episode.Status.MONITORING
            _program_modify(
                decision=decision, record=triage_record, actor=decided_by, items=modification_items
            )
        else:
            hold_put(
                client=client,
                episode=episode,
                decision=decision,
                started_by=decided_by,
                reason=decision.chosen_label,
                now=now,
            )
            episode.status = Episode.Status.OPEN
        episode.save(update_fields=["status", "outcome", "resolved_at", "resolved_by"])
        if episode.status != Episode.Status.RESOLVED:
            follow_ups_create(
                decision=decision,
                episode=episode,
                check_in_hours=plan.follow_up_hours,
                contact=CONTACT_FOLLOW_UP.get(plan.notify_referral_source, ""),
                assigned_to=decided_by,
                now=now,
                tz=tz,
            )
    return decision


def emergency_action_record(
    *, triage_record: TriageRecord, kind: str, recorded_by: Any, note: str = ""
) -> tuple[EmergencyActionRecord, bool]:
    """One tap: record what was done in an emergency. Tapping the same thing twice keeps
    the first record (returns it with created=False)."""
    if kind not in EmergencyActionRecord.Kind.values:
        raise ValidationError({"kind": "Choose what was done."})
    with transaction.atomic():
        lock_client(triage_record.pain_report.client)
        decision = Decision.objects.filter(triage_record=triage_record).first()
        is_emergency = triage_record.action == "emergency" or (
            decision is not None and decision.chosen_action == "emergency"
        )
        if not is_emergency:
            raise WorkflowError("This report was not triaged or decided as an emergency.")
        existing = EmergencyActionRecord.objects.filter(
            triage_record=triage_record, kind=kind
        ).first()
        if existing is not None:
            return existing, False
        record = EmergencyActionRecord.objects.create(
            practice_id=triage_record.practice_id,
            episode_id=triage_record.episode_id,
            triage_record=triage_record,
            kind=kind,
            note=note.strip()[:300],
            recorded_by=recorded_by,
        )
        audit_log(
            actor=recorded_by, practice=triage_record.practice_id, action="create", obj=record
        )
    return record, True
