"""The derived values (docs/rules.md, "Derived values"), computed once per report."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from careloop.triage.codes import REGIONS, Region
from careloop.triage.models import PainReport
from careloop.triage.ruleset import Param

# The thresholds inside the definitions; a practice can override them like rule thresholds.
DEFINITIONS: tuple[Param, ...] = (
    Param(
        "post_op_weeks_max",
        12,
        1,
        104,
        "`post_op`: a report up to this many weeks (calendar days / 7) after the surgery date",
    ),
    Param("doms_pain_now_max", 5, 0, 10, "`doms_pattern`: `pain_now` at most this"),
    Param("doms_hours_min", 12, 0, 168, "`doms_pattern`: `hours` at least this"),
    Param("doms_hours_max", 96, 1, 336, "`doms_pattern`: `hours` at most this"),
)

# The table of derived values (docs/rules.md), with the thresholds as placeholders (for the docs).
DERIVED: tuple[tuple[str, str], ...] = (
    ("hours", "`report.reported_at - session.ended_at`, in hours (negative is an input error)"),
    ("delta", "`report.pain_now - session.pain_before` (NPRS points, 0-10 scale)"),
    (
        "condition_sites",
        "`client.referral_region` and `client.surgery.region`, those present; when neither "
        "is present every region counts as a condition site",
    ),
    ("at_condition_site", "`report.region` is one of `condition_sites`"),
    (
        "post_op",
        "`client.surgery` is present and `reported_at` is 0 to {post_op_weeks_max} weeks "
        "after `client.surgery.date` (calendar days from the surgery date to the report's "
        "date, up to 7 x {post_op_weeks_max} inclusive)",
    ),
    (
        "doms_pattern",
        "all of: not `at_condition_site`; `character` is non-empty and only `dull_ache`, "
        "`diffuse`, `stiffness`; not `at_rest`, not `at_night`; `swelling` is `none`; "
        "`adl_limitation` is `none`; no numbness/tingling, no limp/giving way; `pain_now` <= "
        "{doms_pain_now_max}; {doms_hours_min} <= `hours` <= {doms_hours_max}; `trend` is not "
        "`worsening`; no red flags",
    ),
)

# How the rules read a report that is not linked to a session (rules 2026.2).
WITHOUT_SESSION = (
    "A report may come **without a session**: a client who calls before their first "
    "session, a check-in not tied to one, or pain the practitioner does not link to a "
    "session. Then `hours` and `delta` are unknown, and the rules read them cautiously, as "
    "a report long after any session: a comparison `hours >= N` holds, `hours < N` does "
    "not, a condition that needs `delta` or a `session.*` value does not hold, and "
    "`doms_pattern` is false. Every other condition (red flags, pain now, region, "
    "character, swelling, ADL, history) applies as written, so red flags are always "
    "triaged."
)

DOMS_CHARACTERS = frozenset({"dull_ache", "diffuse", "stiffness"})
_ALL_REGIONS = frozenset(REGIONS)


@dataclass(slots=True)
class Facts:
    """The report plus what docs/rules.md derives from it; conditions read only this."""

    report: PainReport
    definitions: Mapping[str, int]
    pain_now: int
    pain_before: int | None  # None: the report is not linked to a session
    hours: float | None  # from the end of the session to the report; None without one
    delta: int | None  # pain_now - pain_before, NPRS points; None without a session
    condition_sites: frozenset[Region]  # every region when the client has neither
    at_condition_site: bool
    post_op_days: int | None  # calendar days from the surgery date to the report's date
    post_op: bool
    red_flags: frozenset[str]
    character: frozenset[str]
    doms_pattern: bool


def derive_facts(report: PainReport, definitions: Mapping[str, int]) -> Facts:
    client, session, now = report.client, report.session, report.report
    hours = None
    if session is not None:
        hours = (now.reported_at - session.ended_at).total_seconds() / 3600.0
    surgery_region = client.surgery.region if client.surgery is not None else None
    sites = frozenset(s for s in (client.referral_region, surgery_region) if s is not None)
    condition_sites = sites or _ALL_REGIONS
    post_op_days = None
    if client.surgery is not None:
        # The surgery is a calendar date, so count calendar days to the report's own date
        # (in the offset it was given in): "12 weeks" is then day 84 inclusive.
        post_op_days = (now.reported_at.date() - client.surgery.date).days
    facts = Facts(
        report=report,
        definitions=definitions,
        pain_now=now.pain_now,
        pain_before=None if session is None else session.pain_before,
        hours=hours,
        delta=None if session is None else now.pain_now - session.pain_before,
        condition_sites=condition_sites,
        at_condition_site=now.region in condition_sites,
        post_op_days=post_op_days,
        post_op=(
            post_op_days is not None and 0 <= post_op_days <= 7 * definitions["post_op_weeks_max"]
        ),
        red_flags=frozenset(now.red_flags),
        character=frozenset(now.character),
        doms_pattern=False,
    )
    facts.doms_pattern = not facts.at_condition_site and next(doms_misses(facts), None) is None
    return facts


def hours_at_least(facts: Facts, threshold: float) -> bool:
    """``hours >= threshold``; without a session it holds (long after any session)."""
    return facts.hours is None or facts.hours >= threshold


def hours_below(facts: Facts, threshold: float) -> bool:
    """``hours < threshold``; without a session it does not hold."""
    return facts.hours is not None and facts.hours < threshold


def delta_at_least(facts: Facts, threshold: int) -> bool:
    """``delta >= threshold``; without a session ``delta`` is unknown and it does not hold."""
    return facts.delta is not None and facts.delta >= threshold


def doms_misses(facts: Facts) -> Iterator[str]:
    """Which parts of the DOMS pattern this report misses (apart from the site), in words.

    Yields nothing when it fits. One generator both decides ``doms_pattern`` (stopping at
    the first miss, so no wording is built for it) and tells in a finding why a pain away
    from the condition site is not taken for soreness.
    """
    d, r = facts.definitions, facts.report.report
    if not facts.character:
        yield "no pain character given"
    elif not facts.character <= DOMS_CHARACTERS:
        odd = sorted(facts.character - DOMS_CHARACTERS)
        yield ", ".join(c.replace("_", " ") for c in odd) + " pain"
    if r.at_rest:
        yield "pain at rest"
    if r.at_night:
        yield "pain at night"
    if r.swelling != "none":
        yield f"{r.swelling} swelling"
    if r.adl_limitation != "none":
        yield "limits daily activities"
    if r.numbness_or_tingling:
        yield "numbness or tingling"
    if r.limp_or_giving_way:
        yield "limping or giving way"
    if facts.pain_now > d["doms_pain_now_max"]:
        yield f"pain {facts.pain_now}/10 is above {d['doms_pain_now_max']}/10"
    if facts.hours is None:
        yield "no session to time it from"
    elif not d["doms_hours_min"] <= facts.hours <= d["doms_hours_max"]:
        yield f"outside {d['doms_hours_min']}-{d['doms_hours_max']} h after the session"
    if r.trend == "worsening":
        yield "worsening"
    if facts.red_flags:
        yield "red flags"
