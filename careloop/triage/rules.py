"""The default rules as data (ids, thresholds, care settings); docs/rules.md is made from them.

Each rule's ``when`` text states the rule with its thresholds as placeholders, so
docs/rules.md and ``--explain`` show the values in force; its condition and finding live in
conditions.py. The boundary tests (tests/test_it_matches_each_rule_at_its_threshold.py) hold
each condition to that wording.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from careloop.triage import conditions as c
from careloop.triage.codes import Action, CareSetting, Notify, Program, RedFlag
from careloop.triage.facts import DEFINITIONS
from careloop.triage.ruleset import (
    Param,
    Problem,
    Rule,
    Ruleset,
    RulesetError,
    Values,
    ruleset_with_overrides,
)


@dataclass(frozen=True)
class ActionPlan:
    """The actions (docs/rules.md, "Actions"): what each means for the program and the referrer."""

    program: Program
    notify_referral_source: Notify
    follow_up_hours: tuple[int, ...]


ACTION_PLANS: dict[Action, ActionPlan] = {
    "emergency": ActionPlan("hold", "immediately", (24,)),
    "hold_and_contact": ActionPlan("hold", "same_day", (24, 48)),
    "modify": ActionPlan("modify", "routine", (24,)),
    "continue": ActionPlan("continue", "none", ()),
}


def _red_flag_rule(
    rule_id: str,
    title: str,
    flags: tuple[RedFlag, ...],
    care_setting: CareSetting,
    source: str,
    *,
    together: bool = False,
) -> Rule:
    """A rule on red flags: any one of ``flags``, or all of them ``together``."""
    make = c.all_red_flags if together else c.red_flags
    condition, finding = make(frozenset(flags))
    codes = [f"`{f}`" for f in flags]
    if together:
        when = f"red flags {' and '.join(codes)} together"
    else:
        listed = f"{', '.join(codes[:-1])} or {codes[-1]}" if len(codes) > 1 else codes[0]
        when = f"red flag {listed}"
    return Rule(
        id=rule_id,
        action="emergency",
        title=title,
        when=when,
        source=source,
        condition=condition,
        finding=finding,
        care_setting=care_setting,
    )


def _pain_min(default: int) -> Param:
    return Param("pain_now_min", default, 1, 10, "`pain_now` at least this")


def _hours_min(default: int, maximum: int, meaning: str = "`hours` at least this") -> Param:
    return Param("hours_min", default, 0, maximum, meaning)


def _delta_min(default: int) -> Param:
    return Param("delta_min", default, 1, 10, "`delta` at least this (NPRS points)")


_SITE = "`at_condition_site`"
_OUTSIDE = "not `at_condition_site`, not `doms_pattern`, and `pain_now` >= {pain_now_min}"

RULES: tuple[Rule, ...] = (
    _red_flag_rule(
        "E1",
        "Heart, breathing, stroke or sudden-headache warning sign",
        (
            "chest_pain_or_pressure",
            "shortness_of_breath_at_rest",
            "fainting_or_near_fainting",
            "irregular_or_racing_heartbeat",
            "stroke_signs",
            "sudden_severe_headache",
        ),
        "call_emergency_services",
        "ACSM exercise termination criteria; AHA warning signs; ASA F.A.S.T.; thunderclap headache",
    ),
    _red_flag_rule(
        "E2",
        "Coughing up blood",
        ("coughing_blood",),
        "call_emergency_services",
        "Wells PE criteria (2000)",
    ),
    _red_flag_rule(
        "E3",
        "Saddle numbness, bladder or bowel change, or progressive weakness",
        ("saddle_numbness", "bladder_or_bowel_change", "progressive_weakness"),
        "emergency_department",
        "cauda equina / progressive neurological deficit pathways (CSP, GIRFT)",
    ),
    _red_flag_rule(
        "E4",
        "Dark urine",
        ("dark_urine",),
        "emergency_department",
        "exertional rhabdomyolysis (CDC/NIOSH)",
    ),
    _red_flag_rule(
        "E5",
        "Tense, swollen limb (pain out of proportion, tense compartment)",
        ("tense_swollen_limb",),
        "emergency_department",
        "acute compartment syndrome",
    ),
    _red_flag_rule(
        "E6",
        "Cannot bear weight, deformity or a pop",
        ("cannot_bear_weight", "deformity_or_pop"),
        "same_day_medical_evaluation",
        "Ottawa rules; tendon rupture, dislocation",
    ),
    _red_flag_rule(
        "E7",
        "Calf or thigh swollen on one side (swelling, tenderness, warmth)",
        ("one_sided_leg_swelling",),
        "same_day_medical_evaluation",
        "Wells DVT criteria (1997)",
    ),
    Rule(
        id="E8",
        action="emergency",
        title="Severe pain limiting self-care",
        when="`pain_now` >= {pain_now_min} and `adl_limitation` is `self_care`",
        source="CTCAE v5 grade 3 pain with severe intensity",
        condition=c.e8,
        finding=c.e8_finding,
        params=(_pain_min(8),),
        care_setting="same_day_medical_evaluation",
    ),
    _red_flag_rule(
        "E9",
        "Calf or thigh swollen on one side with new breathlessness on light effort",
        ("one_sided_leg_swelling", "new_breathlessness_on_exertion"),
        "call_emergency_services",
        "signs of DVT with new breathlessness: possible pulmonary embolism "
        "(Wells PE criteria 2000; NICE NG158)",
        together=True,
    ),
    _red_flag_rule(
        "E10",
        "New or unusual breathlessness on light effort",
        ("new_breathlessness_on_exertion",),
        "same_day_medical_evaluation",
        "breathlessness out of proportion to effort (ACSM warning signs; AHA)",
    ),
    Rule(
        id="H1",
        action="hold_and_contact",
        title="Post-operative warning sign",
        when="red flag `fever_or_chills` or `wound_changes`; or `post_op` and "
        "`limp_or_giving_way` at a condition site",
        source="post-operative warning signs (arthritis societies, AAOS)",
        condition=c.h1,
        finding=c.h1_finding,
    ),
    Rule(
        id="H2",
        action="hold_and_contact",
        title="Severe pain",
        when="`pain_now` >= {pain_now_min}",
        source="severe pain band 7-10 (Serlin 1995; CDC)",
        condition=c.h2,
        finding=c.client_reports_pain,
        params=(_pain_min(7),),
    ),
    Rule(
        id="H3",
        action="hold_and_contact",
        title="Pain limiting daily activities",
        when="`adl_limitation` is `self_care`; or it is `instrumental` and "
        "`hours` >= {instrumental_hours_min}",
        source="CTCAE v5 grades 2-3",
        condition=c.h3,
        finding=c.adl_finding,
        params=(Param("instrumental_hours_min", 24, 0, 168, "`hours` at least this"),),
    ),
    Rule(
        id="H4",
        action="hold_and_contact",
        title="Rise at the condition site that is not settling",
        when=f"{_SITE}, `delta` >= {{delta_min}}, and either `hours` >= "
        "{worsening_hours_min} with `trend` `worsening`, or `hours` >= "
        "{not_improving_hours_min} with `trend` not `improving`",
        source="clinically important change of 2 points (Farrar 2001; Childs 2005); "
        "next-morning rule; outside the DOMS time course",
        condition=c.h4,
        finding=c.h4_finding,
        params=(
            _delta_min(2),
            Param("worsening_hours_min", 24, 0, 168, "`hours` at least this when worsening"),
            Param(
                "not_improving_hours_min", 72, 0, 336, "`hours` at least this when not improving"
            ),
        ),
    ),
    Rule(
        id="H5",
        action="hold_and_contact",
        title="Features of injury rather than soreness",
        when="`character` includes `sharp` or `radiating`; or `at_rest`; or `at_night`; or "
        "`swelling` is `marked`; or `limp_or_giving_way`; or `numbness_or_tingling`",
        source='features that suggest injury rather than soreness (CDC "see a doctor" list; '
        "METI red flags)",
        condition=c.h5,
        finding=c.h5_finding,
    ),
    Rule(
        id="H6",
        action="hold_and_contact",
        title="Modifications without improvement",
        when="the {previous_reports_count} most recent `history.previous_reports` all have "
        "action `modify` or more severe, and `pain_now` >= the `pain_now` of the most recent one",
        source="two modifications without improvement",
        condition=c.h6,
        finding=c.h6_finding,
        params=(Param("previous_reports_count", 2, 1, 5, "how many recent reports to look at"),),
    ),
    Rule(
        id="H7",
        action="hold_and_contact",
        title="Moderate pain outside the referral",
        when=_OUTSIDE,
        source="moderate pain outside what the referral covers",
        condition=c.outside,
        finding=c.outside_finding,
        params=(_pain_min(5),),
    ),
    Rule(
        id="M1",
        action="modify",
        title="Two-hour pain rule",
        when=f"{_SITE}, `hours` >= {{hours_min}} and `delta` >= {{delta_min}}; or "
        "`session.pain_2h` is given and `pain_2h - pain_before` >= {pain_2h_rise_min}",
        source="two-hour pain rule (Arthritis Foundation; Mayo Clinic)",
        condition=c.m1,
        finding=c.m1_finding,
        params=(
            _hours_min(2, 24),
            _delta_min(2),
            Param("pain_2h_rise_min", 2, 1, 10, "`pain_2h - pain_before` at least this"),
        ),
    ),
    Rule(
        id="M2",
        action="modify",
        title="Pain during or right after the session above the limit",
        when="`session.pain_during_max` > {pain_during_max_above} or `session.pain_after` > "
        "{pain_after_above}",
        source="pain-monitoring model: up to 5/10 during and right after (Silbernagel 2007)",
        condition=c.m2,
        finding=c.m2_finding,
        params=(
            Param("pain_during_max_above", 5, 0, 9, "`pain_during_max` above this"),
            Param("pain_after_above", 5, 0, 9, "`pain_after` above this"),
        ),
    ),
    Rule(
        id="M3",
        action="modify",
        title="Not back to baseline by the next morning",
        when=f"{_SITE}, `hours` >= {{hours_min}} and `delta` >= {{delta_min}}",
        source="pain-monitoring model: back to baseline by the next morning",
        condition=c.m3,
        finding=c.m3_finding,
        params=(_hours_min(12, 168), _delta_min(1)),
    ),
    Rule(
        id="M4",
        action="modify",
        title="Pre-session pain rising week to week",
        when="`history.pain_before_one_week_ago` is given and `session.pain_before` minus it "
        "is >= {rise_min}",
        source="pain-monitoring model: no rise week to week",
        condition=c.m4,
        finding=c.m4_finding,
        params=(Param("rise_min", 2, 1, 10, "rise at least this (NPRS points)"),),
    ),
    Rule(
        id="M5",
        action="modify",
        title="Pain limiting everyday tasks soon after the session",
        when="`adl_limitation` is `instrumental` and `hours` < {hours_below}",
        source="CTCAE v5 grade 2",
        condition=c.m5,
        finding=c.adl_finding,
        params=(Param("hours_below", 24, 1, 168, "`hours` below this"),),
    ),
    Rule(
        id="M6",
        action="modify",
        title="Mild swelling",
        when="`swelling` is `mild`",
        source="joint effusion after exercise (ACSM)",
        condition=c.m6,
        finding=c.m6_finding,
    ),
    Rule(
        id="M7",
        action="modify",
        title="Pain outside the referral that is not soreness",
        when=_OUTSIDE,
        source="pain outside the referral that is not soreness",
        condition=c.outside,
        finding=c.outside_finding,
        params=(_pain_min(3),),
    ),
    Rule(
        id="C1",
        action="continue",
        title="Delayed-onset muscle soreness pattern",
        when="nothing above matched and `doms_pattern` holds: explain delayed-onset muscle "
        "soreness to the client",
        source="DOMS: onset 12-24 h, peak 24-72 h, gone in 5-7 days (Cheung 2003)",
        condition=c.c1,
        finding=c.c1_finding,
    ),
    Rule(
        id="C2",
        action="continue",
        title="Within pain-monitoring limits",
        when="nothing above matched (and `doms_pattern` does not hold)",
        source="within pain-monitoring limits",
        condition=c.c2,
        finding=c.c2_finding,
    ),
)


def consistency(definitions: Values, rule_values: Mapping[str, Values]) -> list[Problem]:
    """Combinations of values that would leave a gap, named at the key to change."""
    problems: list[Problem] = []
    low, high = definitions["doms_hours_min"], definitions["doms_hours_max"]
    if low > high:
        problems.append(
            ("definitions.doms_hours_min", f"must not be above doms_hours_max ({low} > {high})")
        )
    # M5 covers an instrumental ADL limitation until H3 takes over; a gap between the two
    # would let such a report fall through to "continue".
    m5, h3 = rule_values["M5"]["hours_below"], rule_values["H3"]["instrumental_hours_min"]
    if m5 < h3:
        problems.append(
            (
                "rules.M5.hours_below",
                f"must not be below rules.H3.instrumental_hours_min ({m5} < {h3}): an "
                "instrumental ADL limitation between the two would match no rule",
            )
        )
    return problems


DEFAULT_RULESET = Ruleset.with_defaults(
    "careloop-default", "2026.2", RULES, DEFINITIONS, consistency
)


MAX_RULES_FILE_BYTES = 64 * 1024


def load_ruleset_file(path: str | Path, base: Ruleset | None = None) -> Ruleset:
    """The default ruleset (or ``base``) with the overrides of a TOML file applied."""
    if base is None:
        base = DEFAULT_RULESET
    try:
        # A bounded read: a rules file is a few lines, and /dev/zero must not fill memory.
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_RULES_FILE_BYTES + 1)
        if len(raw) > MAX_RULES_FILE_BYTES:
            raise RulesetError(
                [(str(path), f"is larger than {MAX_RULES_FILE_BYTES // 1024} KB")]
            ) from None
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "is not UTF-8 text"
        raise RulesetError([(str(path), f"cannot be read: {reason}")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesetError([(str(path), f"malformed TOML: {exc}")]) from None
    except RecursionError:
        raise RulesetError([(str(path), "malformed TOML: nested too deeply")]) from None
    return ruleset_with_overrides(base, data)
