"""Wording shared by the findings: observational, with this report's numbers.

Findings go into records and letters to clinicians, so they say what was reported or
measured ("client reports pain 7/10 ..."), never what it means medically.
"""

from __future__ import annotations

from collections.abc import Iterable

from careloop.triage.codes import REGION_LABELS, REGIONS, Region, phrase
from careloop.triage.facts import Facts


def reporter(facts: Facts) -> str:
    """Whose account a finding gives: what the client says is kept apart from what the
    practitioner saw, as records and letters must (docs/rules.md)."""
    observed = facts.report.report.source == "observed"
    return "practitioner observed" if observed else "client reports"


def join_words(words: Iterable[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def points(n: int) -> str:
    return f"{n} point" if abs(n) == 1 else f"{n} points"


def duration(hours: float) -> str:
    # Truncated, not rounded, so a finding never shows "2 h" for a report at 1.96 h that a
    # ">= 2 h" threshold did not count.
    # (The 1e-9 absorbs float error: 1080 s is 0.3 h, and 0.3 * 10 must give 3 tenths.)
    if hours < 1:
        return f"{int(hours * 60 + 1e-9)} min"
    tenths = int(hours * 10 + 1e-9)
    return f"{tenths // 10} h" if tenths % 10 == 0 else f"{tenths / 10:.1f} h"


NO_SESSION = "not linked to a session"


def since_session(facts: Facts) -> str:
    if facts.hours is None:
        return NO_SESSION
    return f"{duration(facts.hours)} after the session"


_REGION_PHRASES = {code: "the " + phrase(label) for code, label in REGION_LABELS.items()}


def region(code: Region) -> str:
    return _REGION_PHRASES[code]


def versus_baseline(facts: Facts, pain: int | None = None) -> str:
    """How a pain score compares with the session's pre-session score."""
    if facts.pain_before is None:
        return "no pre-session rating to compare with"
    delta = (facts.pain_now if pain is None else pain) - facts.pain_before
    before = f"the pre-session {facts.pain_before}/10"
    if delta > 0:
        return f"{points(delta)} above {before}"
    if delta < 0:
        return f"{points(-delta)} below {before}"
    return f"the same as {before}"


def pain_report(facts: Facts) -> str:
    """The issue's example wording: "pain 7/10 at 22 h after the session, 5 points above
    the pre-session 2/10"; without a session, "pain 7/10, not linked to a session"."""
    if facts.hours is None:
        return f"pain {facts.pain_now}/10, {NO_SESSION}"
    return f"pain {facts.pain_now}/10 at {since_session(facts)}, {versus_baseline(facts)}"


def site(facts: Facts) -> str:
    """Where the pain is, and how that relates to the condition the client was sent for."""
    where = region(facts.report.report.region)
    if len(facts.condition_sites) == len(REGIONS):
        return where  # no referral or surgery region given: every region counts
    if facts.at_condition_site:
        return f"{where} (condition site)"
    sites = join_words(region(s) for s in sorted(facts.condition_sites))
    return f"{where}, away from the condition site ({sites})"
