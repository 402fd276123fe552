"""The periodic progress report for a client without an episode.

Program and goals, attendance, pain trend (a chart), and loads from the first to the
latest session of the period.
"""

from __future__ import annotations

import datetime as dt

from careloop.letters import formatting as f
from careloop.letters.compose import common as c
from careloop.letters.compose.errors import ComposeError
from careloop.letters.content import Block, Bullets, LetterContent, Paragraph, Section, Table
from careloop.record.document import EpisodeDocument, Load, Session

TITLE = "Progress report"


def _period(doc: EpisodeDocument, sessions: list[Session]) -> tuple[dt.date, dt.date]:
    if doc.attendance is not None:
        return doc.attendance.period_start, doc.attendance.period_end
    days = [f.local(s.started_at, doc.tz).date() for s in sessions]
    return min(days), max(days)


def compose_progress(doc: EpisodeDocument) -> LetterContent:
    sessions = sorted(doc.sessions, key=lambda s: s.started_at)
    if not sessions:
        raise ComposeError([("sessions", "a progress report needs at least one session")])
    today = f.local(doc.generated_at, doc.tz).date()
    start, end = _period(doc, sessions)
    period = f"{f.long_date(start)} to {f.long_date(end)}"
    sections = [
        Section(key="summary", heading="Summary", blocks=_summary(doc, sessions, period)),
        Section(
            key="referral",
            heading="Referral",
            blocks=c.referral_blocks(doc, surgery_on=today),
        ),
        Section(key="program", heading="Program", blocks=_program(doc)),
        Section(key="attendance", heading="Attendance", blocks=_attendance(doc, sessions)),
        Section(key="pain", heading="Pain trend", blocks=_pain(doc, sessions)),
        Section(key="loads", heading="Loads", blocks=[_loads(doc, sessions)]),
        Section(key="plan", heading="Plan", blocks=_plan(doc)),
    ]
    return c.letter(
        doc,
        kind="progress",
        title=TITLE,
        today=today,
        subject=f"progress, {period}",
        head="Progress report",
        sections=sections,
    )


def _attended(doc: EpisodeDocument, sessions: list[Session]) -> tuple[int, int | None]:
    if doc.attendance is not None:
        return doc.attendance.sessions_attended, doc.attendance.sessions_planned
    return len(sessions), None


def _summary(doc: EpisodeDocument, sessions: list[Session], period: str) -> list[Block]:
    attended, planned = _attended(doc, sessions)
    name = doc.client.name
    if planned:
        share = round(100 * attended / planned)
        text = f"{name} attended {attended} of {planned} planned sessions ({share}%) from {period}."
    else:
        text = f"{name} attended {f.plural(attended, 'session')} from {period}."
    first, last = sessions[0], sessions[-1]
    text += (
        f" Pain before sessions was {f.nprs(first.pain_before)} at the start and "
        f"{f.nprs(last.pain_before)} at the latest session."
    )
    gains = _load_changes(first, last)
    if gains:
        text += f" Loads: {f.join_words(gains)}."
    if doc.episode is None:
        text += " No pain episodes were recorded in this period."
    else:
        text += " One pain episode was recorded; we have written to you about it separately."
    return [Paragraph(text=text)]


def _first_load(session: Session, name: str) -> Load | None:
    for e in session.exercises:
        if e.name == name:
            loads = [s.load for s in e.sets if s.load is not None]
            return loads[0] if loads else None
    return None


def _load_changes(first: Session, last: Session) -> list[str]:
    out = []
    for e in last.exercises:
        a, b = _first_load(first, e.name), _first_load(last, e.name)
        if a and b and a.unit == b.unit and a.value != b.value:
            out.append(
                f"{f.lower_first(e.name)} {f.number(a.value)} to {f.number(b.value)} {b.unit}"
            )
    return out


def _program(doc: EpisodeDocument) -> list[Block]:
    p = doc.program
    if p is None:
        return [Paragraph(text="No program is on record.")]
    blocks: list[Block] = [Paragraph(text=c.program_line(doc))]
    if p.goals:
        blocks.append(Paragraph(text="Goals:"))
        blocks.append(Bullets(items=[f.sentence(g) for g in p.goals]))
    if p.exercises:
        blocks.append(
            Table(
                caption="Current program",
                columns=["Exercise", "Prescription"],
                rows=[
                    [e.name, f.prescription(e.prescribed, doc.practice.units)] for e in p.exercises
                ],
                widths=[40, 60],
            )
        )
    return blocks


def _attendance(doc: EpisodeDocument, sessions: list[Session]) -> list[Block]:
    a = doc.attendance
    if a is None:
        return [Paragraph(text=f"Sessions attended: {len(sessions)}.")]
    missed = a.sessions_planned - a.sessions_attended - a.sessions_cancelled
    text = (
        f"From {f.long_date(a.period_start)} to {f.long_date(a.period_end)}: "
        f"{a.sessions_planned} planned, {a.sessions_attended} attended, "
        f"{a.sessions_cancelled} cancelled"
    )
    text += f", {missed} missed without notice." if missed > 0 else "."
    if a.note:
        text += f" {f.sentence(a.note)}"
    return [Paragraph(text=text)]


def _pain(doc: EpisodeDocument, sessions: list[Session]) -> list[Block]:
    before = [s.pain_before for s in sessions]
    during = [s.pain_during_max for s in sessions if s.pain_during_max is not None]
    text = (
        f"Pain before sessions: first {before[0]}/10, latest {before[-1]}/10, "
        f"highest {max(before)}/10."
    )
    if during:
        text += f" Highest pain during any session: {max(during)}/10."
    return [
        c.pain_chart(doc, title="Pain before and after sessions (NPRS 0-10)"),
        Paragraph(text=text),
    ]


def _loads(doc: EpisodeDocument, sessions: list[Session]) -> Table:
    tz = doc.tz
    first, last = sessions[0], sessions[-1]
    a = {e.name: e for e in first.exercises}
    b = {e.name: e for e in last.exercises}
    names = list(a) + [n for n in b if n not in a]
    units = doc.practice.units
    rows = [
        [
            n,
            f.exercise_volume(a[n], units) if n in a else "-",
            f.exercise_volume(b[n], units) if n in b else "-",
        ]
        for n in names
    ]
    return Table(
        caption="Exercises at the first and the latest session of the period",
        columns=[
            "Exercise",
            f"First: {f.day(first.started_at, tz)}",
            f"Latest: {f.day(last.started_at, tz)}",
        ],
        rows=rows,
        widths=[40, 30, 30],
    )


def _plan(doc: EpisodeDocument) -> list[Block]:
    text = (
        "We will keep progressing the program while pain stays within our monitoring "
        "limits (no more than 5/10 during exercise, back to the usual level by the next "
        "morning), and will contact you if it does not."
    )
    blocks: list[Block] = [Paragraph(text=text)]
    if doc.questions_for_physician:
        blocks.append(Paragraph(text="Questions for you:"))
        blocks.append(Bullets(items=[f.sentence(q) for q in doc.questions_for_physician]))
    return blocks
