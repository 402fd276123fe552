"""The follow-up letter: the episode summarised for the client's next physician visit.

Summary, referral, pain over time (a chart), the reports and what triage said, sessions and
loads before and after, the actions taken in order, where the program stands now, and the
questions for the physician.
"""

from __future__ import annotations

import datetime as dt

from careloop.letters import formatting as f
from careloop.letters.compose import common as c
from careloop.letters.compose import facts
from careloop.letters.compose import reasons as r
from careloop.letters.compose.errors import ComposeError
from careloop.letters.content import (
    Block,
    Bullets,
    ChartMarker,
    LetterContent,
    Paragraph,
    Section,
    Table,
)
from careloop.record.document import EpisodeDocument, PainReport, Session, Unit

TITLE = "Follow-up letter: episode summary"


def compose_followup(doc: EpisodeDocument) -> LetterContent:
    if doc.episode is None:
        raise ComposeError([("episode", "a follow-up letter needs an episode")])
    if not doc.pain_reports:
        raise ComposeError([("pain_reports", "a follow-up letter needs at least one pain report")])
    today = f.local(doc.generated_at, doc.tz).date()
    reports = sorted(doc.pain_reports, key=lambda r: r.reported_at)
    first = reports[0]
    markers: list[ChartMarker] = []
    if doc.hold is not None:
        markers.append(ChartMarker(at=doc.hold.since, label="Hold"))
        if doc.hold.clearance is not None:
            markers.append(ChartMarker(at=doc.hold.clearance.cleared_at, label="Cleared"))
    sections = [
        Section(key="summary", heading="Summary", blocks=_summary(doc, reports)),
        Section(
            key="referral",
            heading="Referral",
            blocks=c.referral_blocks(doc, surgery_on=first.reported_at.date()),
        ),
        Section(
            key="pain",
            heading="Pain over time",
            blocks=[c.pain_chart(doc, title="Pain over time (NPRS 0-10)", markers=markers)],
        ),
        Section(key="reports", heading="Pain reports and triage", blocks=_reports(doc, reports)),
        Section(key="sessions", heading="Sessions and loads", blocks=_sessions(doc, first)),
        Section(key="actions", heading="Actions taken", blocks=_actions(doc)),
        Section(key="status", heading="Current program status", blocks=_status(doc)),
    ]
    # With no questions of its own the letter ends with the request alone, not twice.
    questions = doc.questions_for_physician
    if questions:
        sections.append(
            Section(
                key="questions",
                heading="Questions for you",
                blocks=[Bullets(items=[f.sentence(q) for q in questions])],
            )
        )
    opened = f.local(doc.episode.opened_at, doc.tz).date()
    return c.letter(
        doc,
        kind="followup",
        title=TITLE,
        today=today,
        subject=f"pain episode from {f.long_date(opened)}",
        head="Follow-up letter",
        sections=sections,
    )


def _summary(doc: EpisodeDocument, reports: list[PainReport]) -> list[Block]:
    tz = doc.tz
    first = reports[0]
    name = doc.client.name
    session = doc.session(first.session_id)
    after = ""
    if session is not None:
        hours = f.hours_between(c.session_ended(session), first.reported_at)
        after = f", {hours} after an exercise session on {f.day(session.started_at, tz)}"
    else:
        after = " (not linked to an exercise session)"
    text = (
        f"{name} reported pain of {first.pain_now}/10 at {c.region(first.region)} on "
        f"{f.day(first.reported_at, tz)}{after}."
    )
    decision = doc.decision_for(first.id)
    triage = doc.triage_for(first.id)
    care = doc.care_for(first.id)
    if decision is not None:
        setting = r.care_setting_sent(care) or (triage.care_setting if triage else None)
        text += f" We decided to {c.action_words(decision.action, setting)}"
        why = r.because(doc, first, triage) if decision.action == (triage and triage.action) else ""
        text += f", {why}." if why else "."
    done = r.care_done(doc, care, first.reported_at)
    if done:
        text += f" {done}"
    if doc.hold is not None:
        text += f" The program was put on hold on {f.day(doc.hold.since, tz)}"
        cl = doc.hold.clearance
        if cl is not None:
            who = c.person(doc, cl.cleared_by)
            text += f" and resumed after {who} cleared it on {f.day(cl.cleared_at, tz)}."
        else:
            text += " and is still on hold, awaiting your clearance."
    latest = reports[-1]
    later = [s for s in doc.sessions if s.started_at > latest.reported_at]
    facts = []
    if len(reports) > 1:
        facts.append(
            f"Pain reported at follow-up: {', '.join(f'{r.pain_now}/10' for r in reports[1:])} "
            f"(latest {f.day(latest.reported_at, tz)})."
        )
    if later:
        highest = max((s.pain_during_max or s.pain_before) for s in later)
        facts.append(
            f"Since then: {f.plural(len(later), 'session')}, pain no higher than {highest}/10 "
            "during exercise."
        )
    assert doc.episode is not None
    status = {"open": "open", "monitoring": "being monitored", "resolved": "resolved"}
    facts.append(f"The episode is {status[doc.episode.status]}.")
    if doc.episode.outcome:
        facts.append(f"Outcome: {f.sentence(doc.episode.outcome)}")
    if len(facts) == 1:  # only the status: it fits the first paragraph
        return [Paragraph(text=f"{text} {facts[0]}")]
    return [Paragraph(text=text), Paragraph(text=" ".join(facts))]


def _reports(doc: EpisodeDocument, reports: list[PainReport]) -> list[Block]:
    tz = doc.tz
    blocks: list[Block] = []
    for report in reports:
        how = c.SOURCE_WORDS[report.source]
        head = (
            f"{f.day_time(report.reported_at, tz)}: pain {report.pain_now}/10 at "
            f"{c.region(report.region)} (client {how})."
        )
        items = [head]
        items.append(c.report_text(report))
        if report.practitioner_observation:
            items.append(c.observed(report.practitioner_observation, report.recorded_by))
        items += facts.vitals_text(doc, doc.vitals_for(report.id))
        triage = doc.triage_for(report.id)
        if triage is not None:
            why = r.because(doc, report, triage)
            words = c.action_words(triage.action, triage.care_setting)
            items.append(f"Triage: {words}{', ' + why if why else ''}.")
        decision = doc.decision_for(report.id)
        if decision is not None:
            setting = r.care_setting_sent(doc.care_for(report.id)) or (
                triage.care_setting if triage else None
            )
            text = f"Decision: {c.action_words(decision.action, setting)}"
            if decision.departs_from_recommendation:
                text += (
                    f", departing from the recommendation. Reason: {f.sentence(decision.reason)}"
                )
            else:
                text += ", as recommended."
            items.append(text)
        blocks.append(Paragraph(text=items[0]))
        blocks.append(Bullets(items=items[1:]))
    return blocks


def _sessions(doc: EpisodeDocument, first: PainReport) -> list[Block]:
    tz = doc.tz
    units = doc.practice.units
    rows = [
        [
            f.day(s.started_at, tz),
            f.nprs(s.pain_before),
            f.nprs(s.pain_during_max),
            f.nprs(s.pain_after),
            f.number(s.rpe) if s.rpe is not None else "-",
            _loads(s, units),
            _period(doc, s, first),
        ]
        for s in sorted(doc.sessions, key=lambda s: s.started_at)
    ]
    blocks: list[Block] = []
    if rows:
        blocks.append(
            Table(
                caption="Sessions: pain ratings (NPRS 0-10), session RPE (0-10) and loads",
                columns=[
                    "Date",
                    "Pain before",
                    "During (highest)",
                    "After",
                    "RPE",
                    "Loads",
                    "Period",
                ],
                rows=rows,
                widths=[15, 9, 10, 8, 6, 36, 16],
            )
        )
    before = [s for s in doc.sessions if s.started_at <= first.reported_at]
    after = [s for s in doc.sessions if s.started_at > first.reported_at]
    if before:
        last_before = max(before, key=lambda s: s.started_at)
        latest = max(after, key=lambda s: s.started_at) if after else None
        # With no session since the report, "now" is what the program prescribes today,
        # so the physician still sees the loads before the episode beside the current ones.
        if latest is not None or (doc.program is not None and doc.program.exercises):
            blocks.append(_load_table(last_before, latest, doc, units))
    return blocks


def _loads(s: Session, units: Unit) -> str:
    """The session's loaded exercises at their heaviest set: "Seated leg press 40 kg"."""
    out = []
    for e in s.exercises:
        loads = [x.load for x in e.sets if x.load is not None and x.load.value > 0]
        if loads:
            top = max(loads, key=lambda x: x.value if x.unit == units else x.value * 2.2)
            out.append(f"{e.name} {f.load(top, units)}")
    return "; ".join(out) or "-"


def _period(doc: EpisodeDocument, s: Session, first: PainReport) -> str:
    if s.started_at <= first.reported_at:
        return "Before the episode"
    cleared = doc.hold.clearance if doc.hold is not None else None
    if cleared is not None and s.started_at >= cleared.cleared_at:
        return "After clearance"
    return "During the episode"


def _load_table(a: Session, b: Session | None, doc: EpisodeDocument, units: Unit) -> Table:
    tz = doc.tz
    before = {e.name: f.exercise_volume(e, units) for e in a.exercises}
    if b is not None:
        after = {e.name: f.exercise_volume(e, units) for e in b.exercises}
        now = f"Latest: {f.day(b.started_at, tz)}"
    else:
        assert doc.program is not None
        after = {e.name: f.prescribed_volume(e.prescribed, units) for e in doc.program.exercises}
        now = "Now: as prescribed (no session since)"
    names = list(before) + [n for n in after if n not in before]
    rows = [[name, before.get(name, "-"), after.get(name, "-")] for name in names]
    return Table(
        caption="Loads before the episode and now",
        columns=["Exercise", f"Before: {f.day(a.started_at, tz)}", now],
        rows=rows,
        widths=[40, 30, 30],
    )


def _actions(doc: EpisodeDocument) -> list[Block]:
    """What was done, in order. Check-ins and decisions show in the reports above, so here
    only their effects; events of the same minute share a row."""
    tz = doc.tz
    events: list[tuple[dt.datetime, str]] = []
    for d in doc.decisions:
        events += [(d.decided_at, f.sentence(x)) for x in d.actions_taken]
    clearance_at = None
    if doc.hold is not None:
        events.append((doc.hold.since, "Program put on hold."))
        if doc.hold.clearance is not None:
            cl = doc.hold.clearance
            clearance_at = cl.cleared_at
            who = c.person(doc, cl.cleared_by)
            text = f"Cleared by {who} ({c.CHANNEL_WORDS[cl.channel]}); hold lifted."
            if cl.conditions:
                text += f" Conditions: {'; '.join(f.lower_first(x) for x in cl.conditions)}."
            events.append((cl.cleared_at, text))
    for a in doc.care_actions:
        note = f" ({a.note.strip()})" if a.note.strip() else ""
        events.append((a.at, f.sentence(r.CARE_ACTION_WORDS[a.kind] + note)))
    for ch in doc.program_changes:
        events.append((ch.changed_at, f"Program version {ch.version}: {'; '.join(ch.changes)}."))
    for m in doc.communications:
        if doc.episode and m.at >= doc.episode.opened_at and m.at != clearance_at:
            way = c.CHANNEL_WORDS[m.channel]
            who = f" {'to' if m.direction == 'outgoing' else 'from'} {m.party}" if m.party else ""
            events.append(
                (m.at, f"{way.capitalize()}{who}: {f.sentence(f.lower_first(m.summary))}")
            )
    rows: list[list[str]] = []
    seen: set[str] = set()
    for at, text in sorted(events, key=lambda e: e[0]):
        when = f.day_time(at, tz)
        key = f"{when}|{text.lower()}"
        if key in seen:  # "Program put on hold" is both a decision's effect and the hold
            continue
        seen.add(key)
        if rows and rows[-1][0] == when:
            rows[-1][1] += " " + text
        else:
            rows.append([when, text])
    return [Table(columns=["When", "What"], rows=rows, widths=[22, 78])]


def _status(doc: EpisodeDocument) -> list[Block]:
    tz = doc.tz
    blocks: list[Block] = []
    if doc.program is not None:
        blocks.append(Paragraph(text=c.program_line(doc)))
    if doc.hold is not None and doc.hold.clearance is None:
        blocks.append(
            Paragraph(
                text=f"On hold since {f.day_time(doc.hold.since, tz)}, awaiting your clearance."
            )
        )
    conditions = doc.program.conditions if doc.program else []
    if doc.hold is not None and doc.hold.clearance is not None:
        cl = doc.hold.clearance
        conditions = conditions or cl.conditions
        blocks.append(
            Paragraph(
                text=f"Cleared by {c.person(doc, cl.cleared_by)} on "
                f"{f.day_time(cl.cleared_at, tz)} ({c.CHANNEL_WORDS[cl.channel]})."
            )
        )
    if conditions:
        blocks.append(Paragraph(text="Conditions in force:"))
        blocks.append(Bullets(items=[f.sentence(x) for x in conditions]))
    if doc.program is not None and doc.program.exercises:
        blocks.append(
            Table(
                caption="Current program",
                columns=["Exercise", "Prescription"],
                rows=[
                    [e.name, f.prescription(e.prescribed, doc.practice.units)]
                    for e in doc.program.exercises
                ],
                widths=[40, 60],
            )
        )
    pending = sorted(
        (u for u in doc.follow_ups if u.status == "pending" and u.kind != "send_letter"),
        key=lambda u: u.due_at,
    )
    if pending:
        blocks.append(
            Paragraph(
                text="Next: "
                + "; ".join(f"{u.label or u.kind} ({f.day(u.due_at, tz)})" for u in pending)
                + "."
            )
        )
    return blocks
