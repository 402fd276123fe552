"""Pieces every letter shares: letterhead, addresses, signature, and the wording of facts.

Wording rules (decision support, never a diagnosis: docs/rules.md): observational,
never a diagnosis; what the client said is always labelled "Client reports"; what the
practitioner saw is labelled as observed; referral wording is quoted as the referrer wrote it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from careloop.clients.salutation import suggest_salutation
from careloop.letters import formatting as f
from careloop.letters.compose import reasons
from careloop.letters.compose.facts import (
    footer_note,
    identifier_text,
    medication_items,
)
from careloop.letters.content import (
    Block,
    Bullets,
    Chart,
    ChartMarker,
    ChartPoint,
    ChartTick,
    LetterContent,
    Letterhead,
    LetterKind,
    Paragraph,
    Request,
    Section,
    Signature,
    Table,
)
from careloop.record.document import (
    Communication,
    EpisodeDocument,
    PainPoint,
    PainReport,
    Session,
)
from careloop.triage import (
    ACTION_LABELS,
    ADL_LIMITATION_LABELS,
    CHARACTER_LABELS,
    REGION_LABELS,
    Action,
    Region,
)

CLIENT_REPORTS = "Client reports"

CHANNEL_WORDS = {
    "phone": "telephone",
    "email": "e-mail",
    "fax": "fax",
    "letter": "letter",
    "message": "message",
    "in_person": "in person",
    "portal": "portal",
}
SOURCE_WORDS = {
    "client_call": "telephoned us",
    "client_message": "sent us a message",
    "client_in_person": "told us in person",
    "check_in_link": "reported through our check-in link",
    "observed": "was seen by us",
}


def region(code: Region) -> str:
    """ "the right knee"."""
    return "the " + f.lower_first(REGION_LABELS[code])


def action_words(action: Action, care_setting: str | None = None) -> str:
    """An action as it reads mid-sentence in a letter to the referral source: "hold the
    program and contact you"; an emergency names its care setting ("call emergency
    services"), as the triage result does, never a vague "send for urgent care"."""
    if action == "emergency":
        return reasons.CARE_SETTING_WORDS.get(care_setting or "", reasons.URGENT_CARE)
    return f.lower_first(ACTION_LABELS[action]).replace("the referral source", "you")


def person(doc: EpisodeDocument, name: str) -> str:
    """ "you" when the person is the letter's recipient."""
    return "you" if name.strip() == doc.recipient.name.strip() else name


def letterhead(doc: EpisodeDocument) -> Letterhead:
    p = doc.practice
    contact = [
        f"Tel {p.phone}" if p.phone else "",
        f"Fax {p.fax}" if p.fax else "",
        p.email,
        p.website,
    ]
    return Letterhead(
        name=p.name,
        tagline=p.tagline,
        address_lines=[line.strip() for line in p.address.splitlines() if line.strip()],
        contact_lines=[c for c in contact if c],
    )


def recipient_lines(doc: EpisodeDocument) -> list[str]:
    r = doc.recipient
    lines = [f"{r.name}, {r.credentials}" if r.credentials else r.name]
    role = ", ".join(x for x in (r.specialty, r.organisation) if x)
    if role:
        lines.append(role)
    address = [line.strip() for line in r.address.splitlines() if line.strip()]
    if address and address[0] in r.organisation:
        address = address[1:]  # "Riverside General Hospital" is already in the organisation
    if address:
        lines.append(", ".join(address))
    by = {"email": ("By e-mail", r.email), "fax": ("By fax", r.fax)}.get(r.preferred_channel)
    if by and by[1]:
        lines.append(f"{by[0]}: {by[1]}")
    return lines


def salutation(doc: EpisodeDocument) -> str:
    """The greeting the practitioner confirmed on the referral source; for a document
    without one, a suggestion that keeps a surname's particles ("Mr Ó Sé", not "Mr Sé")."""
    greeting = doc.recipient.salutation.strip() or suggest_salutation(doc.recipient.name)
    return f"Dear {greeting},"


def client_line(doc: EpisodeDocument, on: dt.date) -> str:
    c = doc.client
    age = f.age_on(c.date_of_birth, on)
    ids = identifier_text(doc)
    return f"{c.name} (born {f.long_date(c.date_of_birth)}, age {age}{'; ' + ids if ids else ''})"


def running_head(doc: EpisodeDocument, title: str, on: dt.date) -> str:
    born = f.short_date(doc.client.date_of_birth)
    ids = identifier_text(doc)
    return f"{doc.client.name}, born {born}{', ' + ids if ids else ''} · {title}, {f.long_date(on)}"


def signature(doc: EpisodeDocument) -> Signature:
    a = doc.author
    return Signature(
        signoff=doc.practice.signoff,
        name=a.name,
        credentials=a.credentials,
        role=a.role,
        practice=doc.practice.name,
        contact_lines=[x for x in (a.phone, a.email) if x],
    )


NO_REPLY = "no reply is needed"


def reply_needed(doc: EpisodeDocument) -> bool:
    """Whether the letter asks for a reply by a date. A request that says no reply is
    needed never also gives a date (documents built before the date became optional did)."""
    r = doc.request
    return r is not None and r.respond_by is not None and NO_REPLY not in r.question.lower()


def respond_by_text(doc: EpisodeDocument) -> str:
    if not reply_needed(doc):
        return ""
    by = doc.request.respond_by  # type: ignore[union-attr]
    return f"{by:%A} {f.long_date(by)}"  # type: ignore[arg-type]


def request(doc: EpisodeDocument, question: str | None = None) -> Request | None:
    if doc.request is None:
        return None
    reply = [x for x in (doc.author.phone, doc.author.email) if x]
    how = ""
    if reply:
        how = (
            f"{'Reply to' if reply_needed(doc) else 'Contact'} {doc.author.name}: "
            f"{' · '.join(reply)}"
        )
    return Request(
        question=question or doc.request.question,
        respond_by=doc.request.respond_by if reply_needed(doc) else None,
        respond_by_text=respond_by_text(doc),
        how_to_reply=how,
    )


def letter(
    doc: EpisodeDocument,
    *,
    kind: LetterKind,
    title: str,
    today: dt.date,
    subject: str,
    head: str,
    sections: list[Section],
) -> LetterContent:
    """The parts every letter kind shares (letterhead, addresses, request, signature)."""
    return LetterContent(
        kind=kind,
        title=title,
        date=today,
        date_text=f.long_date(today),
        paper_size=doc.practice.paper_size,
        letterhead=letterhead(doc),
        recipient_lines=recipient_lines(doc),
        re_line=f"{client_line(doc, today)}: {subject}",
        running_head=running_head(doc, head, today),
        salutation=salutation(doc),
        sections=sections,
        request=request(doc),
        signature=signature(doc),
        footer_note=footer_note(doc),
    )


def quoted(text: str) -> str:
    return f"“{text.strip()}”"


def client_reports(statement: str) -> str:
    return f"{CLIENT_REPORTS}: {quoted(statement)}"


def observed(text: str, who: str = "") -> str:
    label = f"Observed ({who})" if who else "Observed"
    return f"{label}: {f.sentence(text)}"


def referral_blocks(doc: EpisodeDocument, *, surgery_on: dt.date) -> list[Block]:
    """The referral in the referrer's words, the surgery, precautions and contraindications."""
    ref = doc.client.referral
    if ref is None:
        return [Paragraph(text="No referral is on record for this client.")]
    items = [
        f"Referred by you on {f.long_date(ref.date)}; reason, as written: {quoted(ref.reason)}"
    ]
    if ref.diagnosis:
        items.append(f"Diagnosis, as written: {quoted(ref.diagnosis)}")
    for surgery in sorted(ref.surgeries, key=lambda x: x.date):
        weeks = (surgery_on - surgery.date).days // 7
        ago = f.plural(weeks, "week") if weeks < 104 else f.plural(weeks // 52, "year")
        items.append(
            f"Surgery: {f.lower_first(surgery.procedure)}, {f.long_date(surgery.date)} ({ago} ago)"
        )
    if ref.precautions:
        items.append(f"Precautions: {'; '.join(f.lower_first(x) for x in ref.precautions)}")
    if ref.contraindications:
        items.append(
            f"Contraindications: {'; '.join(f.lower_first(x) for x in ref.contraindications)}"
        )
    items += medication_items(doc)
    return [Bullets(items=items)]


def program_line(doc: EpisodeDocument) -> str:
    p = doc.program
    if p is None:
        return ""
    status = {
        "active": "active",
        "modified": "modified",
        "on_hold": "on hold",
        "completed": "completed",
    }[p.status]
    weekly = f", {f.plural(p.sessions_per_week, 'session')} a week" if p.sessions_per_week else ""
    return (
        f"Program: {p.name} (version {p.version}, {status}), "
        f"since {f.long_date(p.start_date)}{weekly}."
    )


def session_ended(session: Session) -> dt.datetime:
    return session.started_at + dt.timedelta(minutes=session.duration_minutes)


def session_line(doc: EpisodeDocument, session: Session) -> str:
    tz = doc.tz
    ended = session_ended(session)
    rpe = f"; session RPE {f.number(session.rpe)}/10" if session.rpe is not None else ""
    return (
        f"Session on {f.day(session.started_at, tz)}, {f.clock(session.started_at, tz)}-"
        f"{f.clock(ended, tz)} ({session.duration_minutes} min), with "
        f"{session.practitioner}{rpe}."
    )


def exercise_table(doc: EpisodeDocument, session: Session) -> Table:
    units = doc.practice.units
    rows = [
        [
            e.name + (f" ({e.notes})" if e.notes else ""),
            f.prescription(e.prescribed, units),
            f.performed(e.sets, units),
            f.nprs(e.pain_during) if e.pain_during is not None else "-",
        ]
        for e in session.exercises
    ]
    return Table(
        caption=f"Exercises on {f.day(session.started_at, doc.tz)}",
        columns=["Exercise", "Prescribed", "Performed (reps per set)", "Pain during"],
        rows=rows,
        widths=[28, 34, 26, 12],
    )


def session_notes(session: Session) -> list[Block]:
    blocks: list[Block] = []
    if session.practitioner_observations:
        blocks.append(
            Paragraph(text=observed(session.practitioner_observations, session.practitioner))
        )
    if session.client_statements:
        blocks.append(Paragraph(text=client_reports(session.client_statements)))
    return blocks


def pain_table(session: Session | None, report: PainReport, doc: EpisodeDocument) -> Table:
    now = f"{f.nprs(report.pain_now)} ({f.day_time(report.reported_at, doc.tz)})"
    if session is None:
        return Table(
            caption="Pain rating, NPRS 0-10 (not linked to a session)",
            columns=["Now"],
            rows=[[now]],
            widths=[100],
        )
    return Table(
        caption="Pain ratings, NPRS 0-10",
        columns=["Before session", "During (highest)", "After session", "2 h after", "Now"],
        rows=[
            [
                f.nprs(session.pain_before),
                f.nprs(session.pain_during_max),
                f.nprs(session.pain_after),
                f.nprs(session.pain_2h),
                now,
            ]
        ],
        widths=[16, 16, 16, 16, 36],
    )


def _character_word(code: str) -> str:
    return f.lower_first(CHARACTER_LABELS[code].split(" (")[0])  # type: ignore[index]


def report_features(report: PainReport) -> str:
    """What the client described, in the client's-report voice; "Client reports: ...".
    A question not asked (skipped when a warning sign was ticked) is said to be not asked:
    its stored default is never presented as the client's answer."""
    skipped = set(report.not_asked)
    trend = "trend not asked" if "trend" in skipped else report.trend
    parts = [f"pain at {region(report.region)}, {report.pain_now}/10, {trend}"]
    if report.character:
        parts.append("described as " + f.join_words(_character_word(c) for c in report.character))
    if report.at_rest:
        parts.append("present at rest")
    if report.at_night:
        parts.append("present at night")
    parts.append(
        "swelling not asked"
        if "swelling" in skipped
        else {"none": "no swelling", "mild": "mild swelling", "marked": "marked swelling"}[
            report.swelling
        ]
    )
    if report.limp_or_giving_way:
        parts.append("limping or giving way")
    if report.numbness_or_tingling:
        parts.append("numbness or tingling")
    adl = report.adl_limitation
    parts.append(
        "daily activities not asked"
        if "adl_limitation" in skipped
        else "no limitation of daily activities"
        if adl == "none"
        else f.lower_first(ADL_LIMITATION_LABELS[adl])
    )
    if report.red_flags:
        flags = "; ".join(reasons.flag_words(c) for c in report.red_flags)
        parts.append(f"red flags: {flags}")
    else:
        parts.append("none of the red flags on our checklist")
    return f"{CLIENT_REPORTS}: " + "; ".join(parts) + "."


def report_text(report: PainReport) -> str:
    """The client's own words, then the features asked about: one "Client reports" block."""
    features = report_features(report).removeprefix(f"{CLIENT_REPORTS}: ")
    if not report.client_statement:
        return f"{CLIENT_REPORTS}: {features}"
    return f"{client_reports(report.client_statement)} {features[:1].upper()}{features[1:]}"


def communication_line(doc: EpisodeDocument, c: Communication) -> str:
    way = CHANNEL_WORDS[c.channel]
    direction = "to" if c.direction == "outgoing" else "from"
    party = f" {direction} {c.party}" if c.party else ""
    when = f.day(c.at, doc.tz)
    return f"{when}, {way}{party}: {f.sentence(c.summary)}"


def pain_points(doc: EpisodeDocument) -> list[PainPoint]:
    """The document's series, or one derived from its sessions and reports."""
    if doc.pain_series:
        return sorted(doc.pain_series, key=lambda p: p.at)
    points: list[PainPoint] = []
    for s in doc.sessions:
        points.append(PainPoint(at=s.started_at, value=s.pain_before, kind="before"))
        if s.pain_after is not None:
            points.append(PainPoint(at=session_ended(s), value=s.pain_after, kind="after"))
    for r in doc.pain_reports:
        kind = "check_in" if r.source == "check_in_link" else "report"
        points.append(PainPoint(at=r.reported_at, value=r.pain_now, kind=kind))
    return sorted(points, key=lambda p: p.at)


def _pick_evenly(items: Sequence[ChartTick], most: int) -> list[ChartTick]:
    if len(items) <= most:
        return list(items)
    step = (len(items) - 1) / (most - 1)
    return [items[round(i * step)] for i in range(most)]


def pain_chart(doc: EpisodeDocument, *, title: str, markers: Sequence[ChartMarker] = ()) -> Chart:
    tz = doc.tz
    points = pain_points(doc)
    ticks: list[ChartTick] = []
    seen: set[dt.date] = set()
    for p in points:
        d = f.local(p.at, tz).date()
        if d not in seen:
            seen.add(d)
            ticks.append(ChartTick(at=p.at, label=f"{d.day} {d:%b}"))
    what = {"before": "before session", "after": "after session", "during_max": "during session"}
    chart_points = [
        ChartPoint(
            at=p.at,
            value=p.value,
            kind="report" if p.kind in ("report", "check_in") else "session",
            label=f.day_time(p.at, tz),
            what=what.get(p.kind, "2 h after session" if p.kind == "2h" else "reported"),
        )
        for p in points
    ]
    words = [f"{f.day(p.at, tz)} {p.what} {p.value}/10" for p in chart_points]
    caption = "Pain, NPRS 0-10: circles before and after sessions"
    if any(p.kind == "report" for p in chart_points):
        caption += "; diamonds as reported by the client between sessions"
    if markers:
        caption += "; dashed lines mark events"
    return Chart(
        title=title,
        points=chart_points,
        ticks=_pick_evenly(ticks, 8),
        markers=list(markers),
        caption=caption + ".",
        summary="; ".join(words) + "." if words else "No pain ratings recorded.",
    )
