"""The SBAR report to the referral source about one pain report.

Situation (who, what, when, what we did), Background (referral, program, the session with
each exercise), Assessment (pain ratings, what the client reports, what was observed, the
rules that matched: never a diagnosis), Recommendation and request (what was done, what
we ask, by when). Short sentences; one page where the record allows.
"""

from __future__ import annotations

from careloop.letters import formatting as f
from careloop.letters.compose import common as c
from careloop.letters.compose import facts
from careloop.letters.compose import reasons as r
from careloop.letters.compose.errors import ComposeError
from careloop.letters.content import Block, LetterContent, Paragraph, Section, Table
from careloop.record.document import Decision, EpisodeDocument, PainReport, Session, TriageRecord
from careloop.triage import ACTION_SEVERITY

TITLE = "SBAR report: pain after an exercise session"
NOT_LINKED = (
    "The report was not linked to an exercise session, so there is no time since a session "
    "and no pre-session rating to compare with."
)


def _pick_report(doc: EpisodeDocument, report_id: str | None) -> PainReport:
    if report_id is not None:
        for report in doc.pain_reports:
            if report.id == report_id:
                return report
        raise ComposeError([("report_id", f'no pain report has id "{report_id}"')])
    if not doc.pain_reports:
        raise ComposeError([("pain_reports", "an SBAR report needs at least one pain report")])

    def weight(r: PainReport) -> tuple[int, object]:
        t = doc.triage_for(r.id)
        return (ACTION_SEVERITY[t.action] if t else 0, r.reported_at)

    # The latest report that set something off; a later "continue" check-in is not news.
    flagged = [r for r in doc.pain_reports if weight(r)[0] > 0]
    return max(flagged or doc.pain_reports, key=lambda r: r.reported_at)


def _last_session_before(doc: EpisodeDocument, report: PainReport) -> Session | None:
    earlier = [s for s in doc.sessions if s.started_at <= report.reported_at]
    return max(earlier, key=lambda s: s.started_at) if earlier else None


def compose_sbar(doc: EpisodeDocument, *, report_id: str | None = None) -> LetterContent:
    report = _pick_report(doc, report_id)
    # The session the practitioner linked the report to; none when the report came before
    # any session or was not linked to one (rules 2026.2): the letter then says so plainly
    # rather than timing the pain from some other session.
    session = doc.session(report.session_id)
    triage = doc.triage_for(report.id)
    decision = doc.decision_for(report.id)
    today = f.local(doc.generated_at, doc.tz).date()
    sections = [
        Section(
            key="situation", heading="Situation", blocks=_situation(doc, report, session, triage)
        ),
        Section(key="background", heading="Background", blocks=_background(doc, session, report)),
        Section(
            key="assessment",
            heading="Assessment",
            blocks=_assessment(doc, report, session, triage),
        ),
        Section(
            key="recommendation",
            heading="Recommendation and request",
            blocks=_recommendation(doc, report, triage, decision),
        ),
    ]
    if session is not None:
        subject = (
            f"pain at {c.region(report.region)} after an exercise session on "
            f"{f.long_date(f.local(session.started_at, doc.tz).date())}"
        )
    else:
        subject = (
            f"pain at {c.region(report.region)} reported on "
            f"{f.long_date(f.local(report.reported_at, doc.tz).date())}"
        )
    return c.letter(
        doc,
        kind="sbar",
        title=TITLE,
        today=today,
        subject=subject,
        head="SBAR report",
        sections=sections,
    )


def _situation(
    doc: EpisodeDocument, report: PainReport, session: Session | None, triage: TriageRecord | None
) -> list[Block]:
    tz = doc.tz
    first = (
        f"{doc.client.name} {c.SOURCE_WORDS[report.source]} on "
        f"{f.day_at(report.reported_at, tz)}, reporting pain of {report.pain_now}/10 at "
        f"{c.region(report.region)}"
    )
    if session is not None:
        ended = c.session_ended(session)
        first += (
            f", {f.hours_between(ended, report.reported_at)} after an exercise session with "
            f"us on {f.day(session.started_at, tz)} (pain before the session "
            f"{f.nprs(session.pain_before)})."
        )
    else:
        first += f". {NOT_LINKED}"
    blocks: list[Block] = [Paragraph(text=first)]
    decision = doc.decision_for(report.id)
    care = doc.care_for(report.id)
    sent_to = r.care_setting_sent(care)
    why = r.because(doc, report, triage)
    on_hold = (
        doc.hold is not None and doc.hold.since >= report.reported_at and doc.hold.clearance is None
    )
    sentences: list[str] = []
    if triage is not None:
        # Rule codes stay in the rules table; here what the triage recommends and why.
        words = c.action_words(triage.action, triage.care_setting)
        reason = f", {why}" if why and not on_hold else ""
        sentences.append(f"Our pain-response triage recommends: {words}{reason}.")
    if decision is not None and decision.action != (triage.action if triage else None):
        setting = sent_to or (triage.care_setting if triage else None)
        sentences.append(f"We decided to {c.action_words(decision.action, setting)}.")
    done = r.care_done(doc, care, report.reported_at)
    if done:
        sentences.append(done)
    if on_hold:
        assert doc.hold is not None
        reason = f", {why}" if why else ""
        sentences.append(
            f"The program has been on hold since {f.day_at(doc.hold.since, tz)}{reason}."
        )
    if sentences:
        blocks.append(Paragraph(text=" ".join(sentences)))
    if c.reply_needed(doc):
        by = c.respond_by_text(doc)
        ask = f"We ask for your reply by {by}; the request is at the end of this report."
    else:
        ask = ""
    calls = [
        m
        for m in doc.communications
        if m.at >= report.reported_at and m.direction == "outgoing" and m.channel == "phone"
    ]
    if calls:
        call = min(calls, key=lambda m: m.at)
        to = f" ({call.party})" if call.party else ""
        ask = (
            f"This report follows our telephone call to your office{to} on "
            f"{f.day_at(call.at, tz)}. {ask}"
        ).strip()
    if ask:
        blocks.append(Paragraph(text=ask))
    return blocks


def _background(doc: EpisodeDocument, session: Session | None, report: PainReport) -> list[Block]:
    blocks: list[Block] = c.referral_blocks(doc, surgery_on=report.reported_at.date())
    lines = [c.program_line(doc)] if doc.program is not None else []
    if session is None:
        last = _last_session_before(doc, report)
        if last is None:
            lines.append(f"{doc.client.name} had no exercise session with us before this report.")
        else:
            lines.append(
                "The report was not linked to a session; the most recent session before it "
                f"was on {f.day(last.started_at, doc.tz)}."
            )
        blocks.append(Paragraph(text=" ".join(lines)))
        return blocks
    lines.append(c.session_line(doc, session))
    blocks.append(Paragraph(text=" ".join(lines)))
    if session.exercises:
        blocks.append(c.exercise_table(doc, session))
    blocks += c.session_notes(session)
    # Earlier letters and calls are in the follow-up letter; SBAR stays short.
    return blocks


def _assessment(
    doc: EpisodeDocument, report: PainReport, session: Session | None, triage: TriageRecord | None
) -> list[Block]:
    blocks: list[Block] = [c.pain_table(session, report, doc)]
    blocks.append(Paragraph(text=c.report_text(report)))
    if report.practitioner_observation:
        blocks.append(
            Paragraph(text=c.observed(report.practitioner_observation, report.recorded_by))
        )
    blocks += [Paragraph(text=line) for line in facts.vitals_text(doc, doc.vitals_for(report.id))]
    if triage is not None and triage.matched_rules:
        blocks.append(_rules_table(doc, report, triage))
    else:
        blocks.append(
            Paragraph(
                text="These are observations, not a diagnosis; no rule above continue matched."
            )
        )
    return blocks


def _rules_table(doc: EpisodeDocument, report: PainReport, triage: TriageRecord) -> Table:
    """The matched rules with their findings as recorded at triage. The time since the
    session, which every finding repeats, is said once in the caption; rules with the same
    finding share a row; each rule's basis is its source, never a label for the client."""
    findings = [m.finding for m in triage.matched_rules]
    timed = sum(r.has_time_clause(x) for x in findings) >= 2
    rows: list[list[str]] = []
    notes: list[str] = []
    for m in triage.matched_rules:
        finding = f.sentence(r.without_time_clause(m.finding) if timed else m.finding)
        source = f"Rule source: {m.source}"
        same = next((i for i, row in enumerate(rows) if row[1] == finding), None)
        if same is not None:
            rows[same][0] += f", {m.id}"
            if m.source not in notes[same]:
                notes[same] += f"; {m.source}"
            continue
        rows.append([m.id, finding])
        notes.append(source)
    caption = (
        f"Rules matched ({triage.ruleset_name} {triage.ruleset_version}): findings as recorded "
        "at triage, checked against our pain-response rules; not a diagnosis"
    )
    if timed:
        session = doc.session(report.session_id)
        when = (
            f"{f.hours_between(c.session_ended(session), report.reported_at)} after the session"
            if session is not None
            else "not linked to a session"
        )
        caption += f". All at the time of the report: {when}"
    return Table(
        caption=caption, columns=["Rule", "Finding"], rows=rows, notes=notes, widths=[9, 91]
    )


def _recommendation(
    doc: EpisodeDocument,
    report: PainReport,
    triage: TriageRecord | None,
    decision: Decision | None,
) -> list[Block]:
    tz = doc.tz
    blocks: list[Block] = []
    action = decision.action if decision else (triage.action if triage else None)
    if decision is not None:
        setting = r.care_setting_sent(doc.care_for(report.id)) or (
            triage.care_setting if triage else None
        )
        recommended = triage.care_setting if triage else None
        if decision.departs_from_recommendation:
            text = (
                f"Decision: {c.action_words(decision.action, setting)}, which departs "
                f"from the recommendation "
                f"({c.action_words(decision.recommended_action, recommended)}). "
                f"Reason: {f.sentence(decision.reason)}"
            )
        else:
            text = (
                f"Decision: {c.action_words(decision.action, setting)}, as recommended "
                f"({decision.decided_by}, {f.day_at(decision.decided_at, tz)})."
            )
        if decision.actions_taken:
            text += " Done: " + "; ".join(f.lower_first(x) for x in decision.actions_taken) + "."
        blocks.append(Paragraph(text=text))
    if action in ("hold_and_contact", "emergency") and doc.hold and doc.hold.clearance:
        cl = doc.hold.clearance
        who = c.person(doc, cl.cleared_by)
        advice = "your advice" if who == "you" else f"the advice of {who}"
        blocks.append(
            Paragraph(
                text=f"The hold from {f.day(doc.hold.since, tz)} was lifted on "
                f"{f.day(cl.cleared_at, tz)} on {advice}."
            )
        )
    if action == "modify":
        changes = [ch for ch in doc.program_changes if ch.changed_at >= report.reported_at]
        for ch in changes:
            blocks.append(
                Paragraph(
                    text=f"Program changes (version {ch.version}): "
                    + "; ".join(f.lower_first(x) for x in ch.changes)
                    + "."
                )
            )
        if not changes:
            blocks.append(
                Paragraph(text="The program will be modified: less load, range or volume.")
            )
    pending = sorted(
        (u for u in doc.follow_ups if u.status == "pending" and u.kind == "check_in"),
        key=lambda u: u.due_at,
    )
    nxt = ""
    if pending:
        when = f.join_words(f"{u.label or 'check-in'} ({f.day_at(u.due_at, tz)})" for u in pending)
        nxt = f"Check-ins booked with the client: {when}."
    on_hold = doc.hold is not None and doc.hold.clearance is None
    closing = {
        "emergency": "The program stays on hold until you have cleared it." if on_hold else "",
        "hold_and_contact": "The program stays on hold until you advise." if on_hold else "",
        "modify": "We will keep monitoring pain at each session and write again if it "
        "does not settle.",
    }.get(action or "")
    text = " ".join(x for x in (nxt, closing) if x)
    if text:
        blocks.append(Paragraph(text=text))
    return blocks
