"""The conditions and findings of the default rules (rules.py holds the rules' data).

Each condition is ``(facts, thresholds) -> bool`` and reads only the derived facts; each
finding is ``(facts, thresholds) -> str``, called only for a rule that matched, and words
what matched with this report's numbers, observationally ("client reports ...", or
"practitioner observed ..." for a report the practitioner observed).
"""

from __future__ import annotations

from collections.abc import Callable

from careloop.triage.codes import ACTION_SEVERITY, RED_FLAG_LABELS, phrase
from careloop.triage.facts import (
    Facts,
    delta_at_least,
    doms_misses,
    hours_at_least,
    hours_below,
)
from careloop.triage.phrases import (
    join_words,
    pain_report,
    points,
    reporter,
    since_session,
    site,
    versus_baseline,
)
from careloop.triage.ruleset import Values

SELF_CARE = "limitation of self-care (bathing, dressing, feeding, toileting)"
INSTRUMENTAL = "limitation of everyday tasks (meals, shopping, phone, money)"
_MODIFY = ACTION_SEVERITY["modify"]


def _reported_flags(facts: Facts, flags: frozenset[str]) -> str:
    # In the order the report lists them, as the practitioner entered them.
    named = [phrase(RED_FLAG_LABELS[f]) for f in facts.report.report.red_flags if f in flags]
    return join_words(named)


def red_flags(
    flags: frozenset[str],
) -> tuple[Callable[[Facts, Values], bool], Callable[[Facts, Values], str]]:
    """The condition and finding of a rule that matches any one of ``flags``."""

    def condition(facts: Facts, p: Values) -> bool:
        return not flags.isdisjoint(facts.red_flags)

    def finding(facts: Facts, p: Values) -> str:
        return f"{reporter(facts)} {_reported_flags(facts, flags)}, {since_session(facts)}"

    return condition, finding


def all_red_flags(
    flags: frozenset[str],
) -> tuple[Callable[[Facts, Values], bool], Callable[[Facts, Values], str]]:
    """The condition and finding of a rule that needs every one of ``flags`` together."""

    def condition(facts: Facts, p: Values) -> bool:
        return flags <= facts.red_flags

    def finding(facts: Facts, p: Values) -> str:
        return f"{reporter(facts)} both {_reported_flags(facts, flags)}, {since_session(facts)}"

    return condition, finding


def e8(f: Facts, p: Values) -> bool:
    return f.pain_now >= p["pain_now_min"] and f.report.report.adl_limitation == "self_care"


def e8_finding(f: Facts, p: Values) -> str:
    return f"{reporter(f)} pain {f.pain_now}/10 with {SELF_CARE}, {since_session(f)}"


_H1_FLAGS = frozenset({"fever_or_chills", "wound_changes"})


def _h1_flags(f: Facts) -> bool:
    return not _H1_FLAGS.isdisjoint(f.red_flags)


def _h1_limp(f: Facts) -> bool:
    return f.post_op and f.report.report.limp_or_giving_way and f.at_condition_site


def h1(f: Facts, p: Values) -> bool:
    return _h1_flags(f) or _h1_limp(f)


def h1_finding(f: Facts, p: Values) -> str:
    parts = []
    if _h1_flags(f):
        parts.append(f"{reporter(f)} {_reported_flags(f, _H1_FLAGS)}, {since_session(f)}")
    if _h1_limp(f):
        surgery = f.report.client.surgery
        assert surgery is not None  # post_op implies a surgery
        parts.append(
            f"{reporter(f)} limping or giving way at {site(f)}, "
            f"{f.post_op_days} days after surgery on {surgery.date.isoformat()}"
        )
    return "; ".join(parts)


def h2(f: Facts, p: Values) -> bool:
    return f.pain_now >= p["pain_now_min"]


def client_reports_pain(f: Facts, p: Values) -> str:
    return f"{reporter(f)} {pain_report(f)}"


def h3(f: Facts, p: Values) -> bool:
    adl = f.report.report.adl_limitation
    return adl == "self_care" or (
        adl == "instrumental" and hours_at_least(f, p["instrumental_hours_min"])
    )


def adl_finding(f: Facts, p: Values) -> str:
    limitation = SELF_CARE if f.report.report.adl_limitation == "self_care" else INSTRUMENTAL
    return f"{reporter(f)} {limitation}, {since_session(f)}"


def h4(f: Facts, p: Values) -> bool:
    if not f.at_condition_site or not delta_at_least(f, p["delta_min"]):
        return False
    trend = f.report.report.trend
    return (hours_at_least(f, p["worsening_hours_min"]) and trend == "worsening") or (
        hours_at_least(f, p["not_improving_hours_min"]) and trend != "improving"
    )


def _pain_at_site(f: Facts) -> str:
    return f"pain {f.pain_now}/10 at {site(f)}, {since_session(f)}, {versus_baseline(f)}"


def h4_finding(f: Facts, p: Values) -> str:
    return f"{reporter(f)} {_pain_at_site(f)}, {f.report.report.trend}"


_H5_CHARACTERS = ("sharp", "radiating")


def h5(f: Facts, p: Values) -> bool:
    r = f.report.report
    return (
        not f.character.isdisjoint(_H5_CHARACTERS)
        or r.at_rest
        or r.at_night
        or r.swelling == "marked"
        or r.limp_or_giving_way
        or r.numbness_or_tingling
    )


def h5_finding(f: Facts, p: Values) -> str:
    r = f.report.report
    features = []
    odd = [c for c in r.character if c in _H5_CHARACTERS]
    if odd:
        features.append(f"{join_words(odd)} pain")
    for present, words in (
        (r.at_rest, "pain at rest"),
        (r.at_night, "pain at night"),
        (r.swelling == "marked", "marked swelling"),
        (r.limp_or_giving_way, "limping or giving way"),
        (r.numbness_or_tingling, "numbness or tingling"),
    ):
        if present:
            features.append(words)
    return (
        f"{reporter(f)} {join_words(features)} at {site(f)}; "
        f"pain {f.pain_now}/10, {since_session(f)}"
    )


def h6(f: Facts, p: Values) -> bool:
    previous = f.report.history.previous_reports
    count = p["previous_reports_count"]
    return (
        len(previous) >= count
        and all(ACTION_SEVERITY[r.action] >= _MODIFY for r in previous[-count:])
        and f.pain_now >= previous[-1].pain_now
    )


def h6_finding(f: Facts, p: Values) -> str:
    recent = f.report.history.previous_reports[-p["previous_reports_count"] :]
    actions = join_words(r.action.replace("_", " ") for r in recent)
    pains = ", then ".join(f"{r.pain_now}/10" for r in recent)
    return (
        f"the last {len(recent)} reports in this episode led to {actions} (pain {pains}); "
        f"{reporter(f)} pain {f.pain_now}/10 now, not lower than the most recent "
        f"{recent[-1].pain_now}/10"
    )


def outside(f: Facts, p: Values) -> bool:
    return not f.at_condition_site and not f.doms_pattern and f.pain_now >= p["pain_now_min"]


def outside_finding(f: Facts, p: Values) -> str:
    return (
        f"{reporter(f)} pain {f.pain_now}/10 at {site(f)}, {since_session(f)}; "
        f"unlike muscle soreness: {join_words(doms_misses(f))}"
    )


def _site_rise(f: Facts, p: Values) -> bool:
    # M1's first branch and M3: a rise at the condition site some hours after the session.
    return (
        f.at_condition_site
        and hours_at_least(f, p["hours_min"])
        and delta_at_least(f, p["delta_min"])
    )


def _pain_2h(f: Facts) -> int | None:
    return None if f.report.session is None else f.report.session.pain_2h


def _m1_2h(f: Facts, p: Values) -> bool:
    pain_2h = _pain_2h(f)
    return (
        pain_2h is not None
        and f.pain_before is not None
        and pain_2h - f.pain_before >= p["pain_2h_rise_min"]
    )


def m1(f: Facts, p: Values) -> bool:
    return _site_rise(f, p) or _m1_2h(f, p)


def m1_finding(f: Facts, p: Values) -> str:
    parts = []
    if _site_rise(f, p):
        parts.append(f"{reporter(f)} {_pain_at_site(f)}")
    pain_2h = _pain_2h(f)
    if pain_2h is not None and _m1_2h(f, p):
        parts.append(f"pain 2 h after the session was {pain_2h}/10, {versus_baseline(f, pain_2h)}")
    return "; ".join(parts)


def _during_high(f: Facts, p: Values) -> int | None:
    session = f.report.session
    during = None if session is None else session.pain_during_max
    return during if during is not None and during > p["pain_during_max_above"] else None


def _after_high(f: Facts, p: Values) -> int | None:
    session = f.report.session
    after = None if session is None else session.pain_after
    return after if after is not None and after > p["pain_after_above"] else None


def m2(f: Facts, p: Values) -> bool:
    return _during_high(f, p) is not None or _after_high(f, p) is not None


def m2_finding(f: Facts, p: Values) -> str:
    parts = []
    if (during := _during_high(f, p)) is not None:
        parts.append(
            f"pain during the session reached {during}/10 (above {p['pain_during_max_above']}/10)"
        )
    if (after := _after_high(f, p)) is not None:
        parts.append(
            f"pain at the end of the session was {after}/10 (above {p['pain_after_above']}/10)"
        )
    return "; ".join(parts)


def m3(f: Facts, p: Values) -> bool:
    return _site_rise(f, p)


def m3_finding(f: Facts, p: Values) -> str:
    return f"{reporter(f)} {_pain_at_site(f)}: not back to the pre-session level"


def _m4_rise(f: Facts) -> int | None:
    week_ago = f.report.history.pain_before_one_week_ago
    if week_ago is None or f.pain_before is None:
        return None
    return f.pain_before - week_ago


def m4(f: Facts, p: Values) -> bool:
    rise = _m4_rise(f)
    return rise is not None and rise >= p["rise_min"]


def m4_finding(f: Facts, p: Values) -> str:
    rise = _m4_rise(f) or 0
    assert f.pain_before is not None  # M4 needs the session's pre-session rating
    return (
        f"pre-session pain was {f.pain_before}/10, {points(rise)} above the "
        f"{f.pain_before - rise}/10 before the comparable session a week earlier"
    )


def m5(f: Facts, p: Values) -> bool:
    return f.report.report.adl_limitation == "instrumental" and hours_below(f, p["hours_below"])


def m6(f: Facts, p: Values) -> bool:
    return f.report.report.swelling == "mild"


def m6_finding(f: Facts, p: Values) -> str:
    return f"{reporter(f)} mild swelling at {site(f)}, {since_session(f)}"


def c1(f: Facts, p: Values) -> bool:
    return f.doms_pattern


def c1_finding(f: Facts, p: Values) -> str:
    r = f.report.report
    described = join_words(c.replace("_", " ") for c in r.character)
    return (
        f"{reporter(f)} pain {f.pain_now}/10 at {site(f)}, {since_session(f)}, "
        f"described as {described}, {r.trend}: this fits the pattern of delayed-onset "
        "muscle soreness; explain it to the client"
    )


def c2(f: Facts, p: Values) -> bool:
    return not f.doms_pattern


def c2_finding(f: Facts, p: Values) -> str:
    return f"{reporter(f)} {pain_report(f)}: within the pain-monitoring limits"
