"""Writes of the pain-response workflow (each inside one transaction, audited).

Split by step; import from here: ``from careloop.episodes.services import decision_record``.
"""

from careloop.episodes.services.common import DecisionConflict, WorkflowError
from careloop.episodes.services.decisions import decision_record, emergency_action_record
from careloop.episodes.services.episodes import episode_resolve
from careloop.episodes.services.follow_ups import follow_up_complete
from careloop.episodes.services.holds import clearance_record, hold_lift, hold_put
from careloop.episodes.services.reminders import ReminderRun, reminders_send
from careloop.episodes.services.reports import build_triage_input, pain_report_create
from careloop.episodes.services.rulesets import practice_ruleset_create, ruleset_for_practice
from careloop.episodes.services.vitals import vital_signs_record

__all__ = [
    "DecisionConflict",
    "ReminderRun",
    "WorkflowError",
    "build_triage_input",
    "clearance_record",
    "decision_record",
    "emergency_action_record",
    "episode_resolve",
    "follow_up_complete",
    "hold_lift",
    "hold_put",
    "pain_report_create",
    "practice_ruleset_create",
    "reminders_send",
    "ruleset_for_practice",
    "vital_signs_record",
]
