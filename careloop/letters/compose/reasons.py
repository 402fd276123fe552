"""Why: the findings that led to a decision, and what was done, in a physician's words.

A letter names what was reported or observed (pain at night, a calf swollen on one side),
never what it might mean, and keeps rule codes to the rules table of the SBAR. Findings
stored with a triage record are shown there as recorded; the phrases here are built from
the pain report's own fields, so they say only what the record says.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from careloop.letters import formatting as f
from careloop.record.document import (
    CARE_ACTION_SETTINGS,
    CareAction,
    EpisodeDocument,
    PainReport,
    TriageRecord,
)
from careloop.triage import ACTION_SEVERITY, ADL_LIMITATION_LABELS, RED_FLAG_LABELS

# The checklist's wording, except where it names a judgement rather than what a client
# can report: "pain out of proportion" is the examiner's reading, not the client's words.
_FLAG_WORDS: dict[str, str] = {
    code: f.lower_first(label) for code, label in RED_FLAG_LABELS.items()
}
_FLAG_WORDS["tense_swollen_limb"] = "a limb that feels tense and swollen"

# How each care setting reads as what we did or recommend (never "send for urgent care").
CARE_SETTING_WORDS = {
    "call_emergency_services": "call emergency services",
    "emergency_department": "send the client to an emergency department",
    "same_day_medical_evaluation": "arrange a medical evaluation the same day",
}
URGENT_CARE = "arrange urgent medical care"
CARE_ACTION_WORDS = {
    "emergency_services_called": "emergency services were called",
    "sent_to_emergency_department": "the client was sent to the emergency department",
    "same_day_appointment": "a same-day doctor's appointment was arranged",
    "client_advised": "the client was advised to seek care now",
    "emergency_contact_informed": "the client's emergency contact was informed",
    "referral_source_informed": "your office was informed",
}
_TIME_CLAUSE = re.compile(
    r"(?:,| at) (?:\d+(?:\.\d+)? h|\d+ min) after the session|, not linked to a session"
)


def flag_words(code: str) -> str:
    return _FLAG_WORDS.get(code, code.replace("_", " "))


def reporter(report: PainReport) -> str:
    return "we observed" if report.source == "observed" else "the client reports"


def _delta(doc: EpisodeDocument, report: PainReport) -> int | None:
    session = doc.session(report.session_id)
    return None if session is None else report.pain_now - session.pain_before


def _features(report: PainReport) -> list[str]:
    """H5's features, as the report has them."""
    out = []
    if "sharp" in report.character:
        out.append("sharp pain")
    if "radiating" in report.character:
        out.append("pain spreading along the limb")
    if report.at_rest:
        out.append("pain at rest")
    if report.at_night:
        out.append("pain at night")
    if report.swelling == "marked":
        out.append("marked swelling")
    if report.limp_or_giving_way:
        out.append("limping or giving way")
    if report.numbness_or_tingling:
        out.append("numbness or tingling")
    return out


def _adl(report: PainReport) -> str:
    return f.lower_first(ADL_LIMITATION_LABELS[report.adl_limitation])


def _rule_phrases(doc: EpisodeDocument, report: PainReport, rule_id: str) -> list[str]:
    n = report.pain_now
    delta = _delta(doc, report)
    if (rule_id.startswith("E") and rule_id != "E8") or (rule_id == "H1" and report.red_flags):
        return [flag_words(code) for code in report.red_flags]
    table: dict[str, list[str]] = {
        "E8": [f"pain of {n}/10", "help needed with self-care"],
        "H1": ["limping or giving way after the operation"],
        "H2": [f"pain of {n}/10"],
        "H3": [_adl(report)],
        "H4": [
            f"pain {f.plural(delta, 'point')} above the pre-session rating, {report.trend}"
            if delta is not None
            else f"pain {report.trend}"
        ],
        "H5": _features(report),
        "H6": ["no improvement after two changes to the program"],
        "H7": [f"pain of {n}/10 away from the condition the referral covers"],
        "M1": ["pain above the pre-session rating"],
        "M2": ["pain above 5/10 during or after the session"],
        "M3": ["pain not back to the pre-session rating"],
        "M4": ["pre-session pain up on the week before"],
        "M5": [_adl(report)],
        "M6": ["mild swelling"],
        "M7": ["pain away from the condition the referral covers"],
    }
    return table.get(rule_id, [])


def deciding_findings(doc: EpisodeDocument, report: PainReport, triage: TriageRecord) -> list[str]:
    """What was reported that set the recommended action: the phrases of the matched
    rules at the recommendation's own level (a hold names night pain, not the mild swelling
    that alone would have modified the program)."""
    top = ACTION_SEVERITY[triage.action]
    ids = {m.id for m in triage.matched_rules}
    phrases: list[str] = []
    for rule in triage.matched_rules:
        if rule.id == "M3" and "M1" in ids:
            continue  # "above the pre-session rating" already says it
        if ACTION_SEVERITY[rule.action] == top:
            for phrase in _rule_phrases(doc, report, rule.id):
                if phrase and phrase not in phrases:
                    phrases.append(phrase)
    return phrases


def because(doc: EpisodeDocument, report: PainReport, triage: TriageRecord | None) -> str:
    """ "because the client reports sharp pain and pain at night", or ""."""
    if triage is None:
        return ""
    found = deciding_findings(doc, report, triage)
    return f"because {reporter(report)} {f.join_words(found)}" if found else ""


def care_setting_sent(actions: Iterable[CareAction]) -> str | None:
    """The most urgent care setting the client was actually sent to, if any."""
    order = list(CARE_SETTING_WORDS)
    settings = [a.care_setting or CARE_ACTION_SETTINGS.get(a.kind) for a in actions]
    known = [s for s in settings if s in order]
    return min(known, key=order.index) if known else None


def care_done(doc: EpisodeDocument, actions: list[CareAction], since: dt.datetime) -> str:
    """ "Emergency services were called at 10:42 and ..." (the day only when it differs)."""
    tz = doc.tz
    day = f.local(since, tz).date()
    parts = []
    for a in actions:
        when = f.local(a.at, tz)
        at = f"at {when:%H:%M}" if when.date() == day else f"on {f.day_at(a.at, tz)}"
        note = f" ({a.note.strip()})" if a.note.strip() else ""
        parts.append(f"{CARE_ACTION_WORDS[a.kind]}{note} {at}")
    return f.sentence(f.join_words(parts)) if parts else ""


def without_time_clause(finding: str) -> str:
    """A stored finding without its "25.5 h after the session" clause, which the rules table
    states once above the rows instead of in each of them."""
    return _TIME_CLAUSE.sub("", finding)


def has_time_clause(finding: str) -> bool:
    return _TIME_CLAUSE.search(finding) is not None
