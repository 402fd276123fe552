"""Build the case document from an episode document (no database: the CLI uses it too).

Day 0 is the date of the first session (or of the episode's opening when there was no
session), in the practice's time zone; every event becomes whole days from it. Every free
text goes through one :class:`~careloop.cases.deidentify.Scrubber`, and each removal is
listed with the case field it came from.
"""

from __future__ import annotations

import datetime as dt
import re

from careloop.cases import document as case
from careloop.cases.deidentify import PLACEHOLDERS, Scrubber
from careloop.cases.deidentify_known import Extra
from careloop.record import document as ep


class _Builder:
    def __init__(self, doc: ep.EpisodeDocument, scrubber: Scrubber) -> None:
        self.doc = doc
        self.scrubber = scrubber
        self.removals: list[case.Removal] = []
        self.day0 = _day0(doc)

    def day(self, at: dt.datetime | dt.date) -> int:
        date = at.astimezone(self.doc.tz).date() if isinstance(at, dt.datetime) else at
        return (date - self.day0).days

    def text(self, value: str, path: str) -> str:
        scrubbed = self.scrubber.scrub(value)
        self.removals += [
            case.Removal(field=path, kind=kind, placeholder=PLACEHOLDERS[kind])  # type: ignore[arg-type]
            for kind in scrubbed.kinds
        ]
        return scrubbed.text

    def texts(self, values: list[str], path: str) -> list[str]:
        return [self.text(v, f"{path}.{i}") for i, v in enumerate(values)]


def _day0(doc: ep.EpisodeDocument) -> dt.date:
    if doc.sessions:
        first = min(s.started_at for s in doc.sessions)
    elif doc.episode:
        first = doc.episode.opened_at
    else:
        first = doc.generated_at
    return first.astimezone(doc.tz).date()


def age_band(born: dt.date, on: dt.date) -> str:
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if age >= 90:
        return "90 or over"
    low = max(0, age) // 5 * 5
    return f"{low}-{low + 4}"


_PROFESSIONS = [
    (r"orthop", "orthopaedic_surgeon"),
    (r"surgeon|frcs|surgery", "surgeon"),
    (r"\bgp\b|general pract|family (?:physician|doctor|medicine)|mrcgp", "general_practitioner"),
    (r"sport.{0,12}(?:physician|medicine|doctor)|sem\b", "sports_physician"),
    (r"physiother|physical therap|\bpt\b|\bdpt\b|mcsp|physio", "physiotherapist"),
    (r"chiropract", "chiropractor"),
    (r"osteopath", "osteopath"),
    (r"podiatr", "podiatrist"),
    (r"nurse|\brn\b", "nurse"),
    (r"physician|doctor|\bmd\b|mbbs|\bdr\b|consultant|cardiolog|rheumatolog|neurolog", "physician"),
]


def profession(*texts: str) -> str:
    joined = " ".join(texts).lower()
    if not joined.strip():
        return "not_stated"
    for pattern, name in _PROFESSIONS:
        if re.search(pattern, joined):
            return name
    return "other_clinician"


_REASONS = [
    (r"injur|sprain|strain|tear|fractur|rupture|dislocat", "injury"),
    (r"pain|ache|sore", "persistent_pain"),
    (
        r"diabet|hypertens|cardiac|heart|copd|osteopor|arthrit|\boa\b|obes|parkinson|\bms\b",
        "condition_management",
    ),
    (r"fitness|condition|strength|general|weight|falls", "general_conditioning"),
]


_OPERATIVE = re.compile(
    r"replacement|arthroplasty|post-?op|s/p|repair|reconstruction|fixation|fusion|"
    r"\b(?:tkr|tka|thr|tha|acl-?r)\b"
)


def reason_category(referral: ep.Referral) -> str:
    text = f"{referral.reason} {referral.diagnosis}".lower()
    if referral.surgeries or _OPERATIVE.search(text):
        return "post_operative"
    return next((name for pattern, name in _REASONS if re.search(pattern, text)), "other")


def build_case(doc: ep.EpisodeDocument, extra: Extra | None = None) -> case.CaseDocument:
    """The de-identified case of an episode document."""
    b = _Builder(doc, Scrubber.for_episode(doc, extra))
    opened = doc.episode.opened_at.astimezone(doc.tz).date() if doc.episode else b.day0
    referral = doc.client.referral
    recipient = doc.recipient
    referrer = profession(recipient.specialty, recipient.credentials, recipient.name)
    return case.CaseDocument(
        age_band=age_band(doc.client.date_of_birth, b.day0),  # type: ignore[arg-type]
        sex=doc.client.sex,
        referral=case.Referral(
            reason_category=reason_category(referral),  # type: ignore[arg-type]
            region=referral.region,
            referrer_profession=referrer,  # type: ignore[arg-type]
        )
        if referral
        else None,
        procedures=[
            case.Procedure(
                procedure=b.text(s.procedure, f"procedures.{i}.procedure"),
                region=s.region,
                weeks_before_day_0=(b.day0 - s.date).days // 7,
                weeks_at_episode=(opened - s.date).days // 7,
            )
            for i, s in enumerate(referral.surgeries if referral else [])
        ],
        program=_program(b),
        sessions=[_session(b, s, i) for i, s in enumerate(_by_time(doc.sessions))],
        reports=[_report(b, r, i) for i, r in enumerate(doc.pain_reports)],
        pain_series=_pain_series(b),
        what_happened_next=_next(b, referrer),
        removals=b.removals,
    )


def _by_time(sessions: list[ep.Session]) -> list[ep.Session]:
    return sorted(sessions, key=lambda s: s.started_at)


def _program(b: _Builder) -> case.Program | None:
    program = b.doc.program
    if program is None:
        return None
    rows = []
    for i, ex in enumerate(program.exercises):
        p, path = ex.prescribed, f"program.exercises.{i}"
        rows.append(
            case.ExerciseRow(
                name=b.text(ex.name, f"{path}.name"),
                sets=p.sets,
                reps=p.reps,
                seconds=p.seconds,
                load=p.load.value if p.load else None,
                load_unit=p.load.unit if p.load else None,
                resistance=b.text(p.resistance, f"{path}.resistance"),
                range_of_motion=b.text(p.range_of_motion, f"{path}.range_of_motion"),
                tempo=b.text(p.tempo, f"{path}.tempo"),
                notes=b.text(p.notes, f"{path}.notes"),
            )
        )
    return case.Program(
        name=b.text(program.name, "program.name"),
        version=program.version,
        status=program.status,
        start_day=b.day(program.start_date),
        sessions_per_week=program.sessions_per_week,
        goals=b.texts(program.goals, "program.goals"),
        exercises=rows,
        conditions=b.texts(program.conditions, "program.conditions"),
    )


def _session(b: _Builder, s: ep.Session, i: int) -> case.Session:
    path = f"sessions.{i}"
    done = []
    for j, ex in enumerate(s.exercises):
        loads = [st.load for st in ex.sets if st.load]
        heaviest = max(loads, key=lambda load: load.value) if loads else None
        done.append(
            case.ExerciseDone(
                name=b.text(ex.name, f"{path}.exercises.{j}.name"),
                sets_done=len(ex.sets),
                heaviest_load=heaviest.value if heaviest else None,
                load_unit=heaviest.unit if heaviest else None,
                pain_during=ex.pain_during,
                notes=b.text(ex.notes, f"{path}.exercises.{j}.notes"),
            )
        )
    return case.Session(
        day=b.day(s.started_at),
        duration_minutes=s.duration_minutes,
        pain_before=s.pain_before,
        pain_during_max=s.pain_during_max,
        pain_after=s.pain_after,
        pain_2h=s.pain_2h,
        rpe=s.rpe,
        exercises=done,
        practitioner_observations=b.text(
            s.practitioner_observations, f"{path}.practitioner_observations"
        ),
        client_statements=b.text(s.client_statements, f"{path}.client_statements"),
    )


def _report(b: _Builder, r: ep.PainReport, i: int) -> case.Report:
    path = f"reports.{i}"
    session = b.doc.session(r.session_id)
    triage = b.doc.triage_for(r.id)
    decision = b.doc.decision_for(r.id)
    return case.Report(
        day=b.day(r.reported_at),
        after_session_day=b.day(session.started_at) if session else None,
        region=r.region,
        pain_now=r.pain_now,
        character=r.character,
        at_rest=r.at_rest,
        at_night=r.at_night,
        swelling=r.swelling,
        limp_or_giving_way=r.limp_or_giving_way,
        numbness_or_tingling=r.numbness_or_tingling,
        adl_limitation=r.adl_limitation,
        trend=r.trend,
        red_flags=r.red_flags,
        not_asked=r.not_asked,
        client_statement=b.text(r.client_statement, f"{path}.client_statement"),
        practitioner_observation=b.text(
            r.practitioner_observation, f"{path}.practitioner_observation"
        ),
        triage=case.Triage(
            action=triage.action,
            care_setting=triage.care_setting,
            rule_ids=[m.id for m in triage.matched_rules],
            ruleset=f"{triage.ruleset_name} {triage.ruleset_version}",
        )
        if triage
        else None,
        decision=case.Decision(
            day=b.day(decision.decided_at),
            recommended_action=decision.recommended_action,
            action=decision.action,
            departs_from_recommendation=decision.departs_from_recommendation,
            reason=b.text(decision.reason, f"{path}.decision.reason"),
            actions_taken=b.texts(decision.actions_taken, f"{path}.decision.actions_taken"),
        )
        if decision
        else None,
    )


def _pain_series(b: _Builder) -> list[case.PainPoint]:
    points: list[tuple[dt.datetime, int, str]] = [
        (p.at, p.value, p.kind) for p in b.doc.pain_series
    ]
    if not points:
        for s in b.doc.sessions:
            for kind, value in (
                ("before", s.pain_before),
                ("during_max", s.pain_during_max),
                ("after", s.pain_after),
                ("2h", s.pain_2h),
            ):
                if value is not None:
                    points.append((s.started_at, value, kind))
        points += [(r.reported_at, r.pain_now, "report") for r in b.doc.pain_reports]
    points.sort(key=lambda p: p[0])
    return [case.PainPoint(day=b.day(at), value=v, kind=k) for at, v, k in points]  # type: ignore[arg-type]


def _next(b: _Builder, referrer: str) -> case.WhatHappenedNext:
    doc = b.doc
    hold = None
    if doc.hold:
        clearance = doc.hold.clearance
        hold = case.Hold(
            since_day=b.day(doc.hold.since),
            reason=b.text(doc.hold.reason, "what_happened_next.hold.reason"),
            clearance=case.Clearance(
                day=b.day(clearance.cleared_at),
                by_profession=referrer if _same_person(clearance.cleared_by, doc) else "not_stated",  # type: ignore[arg-type]
                channel=clearance.channel,
                conditions=b.texts(
                    clearance.conditions, "what_happened_next.hold.clearance.conditions"
                ),
            )
            if clearance
            else None,
        )
    changes = [
        case.ProgramChange(
            day=b.day(c.changed_at),
            version=c.version,
            changes=b.texts(c.changes, f"what_happened_next.program_changes.{i}.changes"),
            reason=b.text(c.reason, f"what_happened_next.program_changes.{i}.reason"),
        )
        for i, c in enumerate(doc.program_changes)
    ]
    care = [
        case.CareAction(day=b.day(a.at), kind=a.kind, care_setting=a.care_setting)
        for a in doc.care_actions
    ]
    outcome = None
    if doc.episode:
        e = doc.episode
        outcome = case.Outcome(
            status=e.status,
            opened_day=b.day(e.opened_at),
            resolved_day=b.day(e.resolved_at) if e.resolved_at else None,
            outcome=b.text(e.outcome, "what_happened_next.outcome.outcome"),
        )
    return case.WhatHappenedNext(
        hold=hold, program_changes=changes, care_actions=care, outcome=outcome
    )


def _same_person(name: str, doc: ep.EpisodeDocument) -> bool:
    words = set(re.findall(r"\w+", name.lower())) - {"dr", "mr", "mrs", "ms", "prof"}
    return bool(words) and words <= set(re.findall(r"\w+", doc.recipient.name.lower()))
