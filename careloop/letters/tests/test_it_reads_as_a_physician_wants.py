"""Issue 11, "Letters, as a physician reads them": what was done and why, in the care
setting's own words; whole hours; rule codes in the rules table only; a request that is
one thing; loads before the episode and now."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from careloop.letters import compose
from careloop.letters.content import Table, section_text
from careloop.letters.formatting import TIMES
from careloop.letters.tests.conftest import EXAMPLES, letter_text
from careloop.record import EpisodeDocument, load_document
from careloop.record.document import ClinicianRequest, Load

CALF = EXAMPLES / "episode-calf-emergency.json"


@pytest.fixture(scope="module")
def calf() -> EpisodeDocument:
    return load_document(CALF)


def _section(letter, key: str) -> str:
    return " ".join(section_text(letter.section(key)).split())


def test_an_emergency_sbar_says_what_was_done_and_names_the_care_setting(calf) -> None:
    letter = compose(calf, "sbar")
    situation = _section(letter, "situation")
    assert "Our pain-response triage recommends: call emergency services." in situation
    assert "Emergency services were called at 10:42" in situation
    assert "the client was sent to the emergency department" in situation
    # The finding that led to the hold, as reported, not a rule code.
    assert (
        "on hold since Wed 11 Mar 2026 at 10:40, because the client reports calf or thigh "
        "swollen on one side and new or unusual breathlessness on light effort"
    ) in situation
    assert "urgent care" not in letter_text(letter)
    assert not re.search(r"\b[EHMC]\d+\b", situation)
    assert "Decision: call emergency services, as recommended" in _section(letter, "recommendation")


def test_an_emergency_follow_up_names_the_care_setting(calf) -> None:
    letter = compose(calf, "followup")
    text = letter_text(letter)
    assert "We decided to call emergency services, because the client reports" in text
    assert "Triage: call emergency services, because" in text
    assert "Emergency services were called at 10:42" in text
    assert "send for urgent care" not in text.lower()
    assert "(rules " not in text


def test_the_hold_names_night_pain_and_the_situation_has_no_rule_codes(knee_hold) -> None:
    letter = compose(knee_hold, "sbar")
    situation = _section(letter, "situation")
    assert "because the client reports pain of 7/10" in situation
    assert "pain at night" in situation
    assert "(rules" not in situation
    assert not re.search(r"\b[EHMC]\d+\b", situation)


def test_hours_are_whole_hours_truncated_like_the_engine(knee_hold) -> None:
    # 25.5 h reads "25 h"; a report 23.9 h after the session never reads "24 h".
    text = letter_text(compose(knee_hold, "sbar"))
    assert "25 h after an exercise session" in text
    assert "25.5 h" not in _section(compose(knee_hold, "sbar"), "situation")
    session = knee_hold.sessions[-1]
    ended = session.started_at + dt.timedelta(minutes=session.duration_minutes)
    report = knee_hold.pain_reports[0].model_copy(
        update={"reported_at": ended + dt.timedelta(hours=23, minutes=54)}
    )
    doc = knee_hold.model_copy(update={"pain_reports": [report]})
    text = letter_text(compose(doc, "sbar"))
    assert "23 h after an exercise session" in text
    assert "24 h after" not in text


def test_the_rules_table_says_the_time_once_and_calls_the_basis_its_source(calf) -> None:
    letter = compose(calf, "sbar")
    table = next(
        b
        for b in letter.section("assessment").blocks
        if isinstance(b, Table) and b.columns[0] == "Rule"
    )
    assert "All at the time of the report: 17 h after the session" in table.caption
    for row in table.rows:
        assert "after the session" not in row[1]
    assert all(note.startswith("Rule source: ") for note in table.notes)
    assert not any("Basis" in note for note in table.notes)
    cells = [row[1] for row in table.rows]
    assert len(cells) == len(set(cells))  # no sentence repeated row after row
    # Stored findings are shown as recorded (only the repeated time taken out).
    stored = [m.finding for m in calf.triage_results[0].matched_rules]
    assert cells[0].lower().rstrip(".") == stored[0].split(", 17.5 h")[0].lower()


def test_equal_findings_share_one_row(knee_hold) -> None:
    triage = knee_hold.triage_results[0]
    same = triage.matched_rules[0].model_copy(update={"id": "H9", "source": "another source"})
    doc = knee_hold.model_copy(
        update={
            "triage_results": [
                triage.model_copy(update={"matched_rules": [*triage.matched_rules, same]})
            ]
        }
    )
    table = next(
        b
        for b in compose(doc, "sbar").section("assessment").blocks
        if isinstance(b, Table) and b.columns[0] == "Rule"
    )
    assert table.rows[0][0] == "H2, H9"
    assert table.notes[0].endswith("; another source")


def test_red_flags_read_as_reported_not_as_a_judgement(knee_hold) -> None:
    report = knee_hold.pain_reports[0].model_copy(update={"red_flags": ["tense_swollen_limb"]})
    text = letter_text(compose(knee_hold.model_copy(update={"pain_reports": [report]}), "sbar"))
    assert "red flags: a limb that feels tense and swollen" in text
    assert "out of proportion" not in text.split("Rules matched")[0]


def test_a_letter_for_information_never_also_asks_for_a_reply_by_a_date(knee_cleared) -> None:
    info = ClinicianRequest(
        question="For your information; no reply is needed unless you would like changes.",
        respond_by=dt.date(2026, 3, 23),  # as documents built before this change had it
    )
    doc = knee_cleared.model_copy(update={"request": info})
    for kind in ("sbar", "followup"):
        letter = compose(doc, kind)
        text = letter_text(letter)
        assert "no reply is needed" in text
        assert "reply by" not in text.lower(), kind
        assert letter.request is not None and letter.request.respond_by is None
    asked = letter_text(compose(knee_cleared, "followup"))
    assert "Please reply by Friday 27 March 2026" in asked


def test_the_follow_up_shows_loads_per_session_and_before_and_now(knee_cleared) -> None:
    letter = compose(knee_cleared, "followup")
    tables = [b for b in letter.section("sessions").blocks if isinstance(b, Table)]
    sessions = tables[0]
    assert "Loads" in sessions.columns
    loads = [row[sessions.columns.index("Loads")] for row in sessions.rows]
    assert "Seated leg press 35 kg" in loads[0]
    assert "Seated leg press 40 kg" in loads[2]
    before_now = tables[1]
    leg = next(row for row in before_now.rows if row[0] == "Seated leg press")
    assert "40 kg" in leg[1] and "30 kg" in leg[2]


def test_loads_before_and_now_when_no_session_followed_the_report(knee_hold) -> None:
    # Pounds, as the example (leg press 52.5 -> 57.5 lb): no session after the
    # report, so "now" is the current prescription.
    program = knee_hold.program
    assert program is not None
    exercises = [
        e.model_copy(
            update={
                "prescribed": e.prescribed.model_copy(update={"load": Load(value=57.5, unit="lb")})
            }
        )
        if e.name == "Seated leg press"
        else e
        for e in program.exercises
    ]
    doc = knee_hold.model_copy(
        update={"program": program.model_copy(update={"exercises": exercises})}
    )
    letter = compose(doc, "followup")
    tables = [b for b in letter.section("sessions").blocks if isinstance(b, Table)]
    assert len(tables) == 2
    before_now = tables[1]
    assert before_now.columns[2] == "Now: as prescribed (no session since)"
    leg = next(row for row in before_now.rows if row[0] == "Seated leg press")
    assert leg[1] == "12, 12, 10 @ 40 kg"
    assert leg[2].startswith(f"3 {TIMES} 12 @ 57.5 lb")
    # The same with the report not linked to any session (rules 2026.2).
    reports = [r.model_copy(update={"session_id": None}) for r in doc.pain_reports]
    unlinked = compose(doc.model_copy(update={"pain_reports": reports}), "followup")
    assert "Loads before the episode and now" in letter_text(unlinked)


def test_the_new_document_fields_show_where_a_clinician_needs_them(calf) -> None:
    sbar = compose(calf, "sbar")
    text = letter_text(sbar)
    assert "Riverside General Hospital MRN RGH-0048213" in sbar.re_line
    assert "MRN RGH-0048213" in sbar.running_head
    assert "Medications on record: Ramipril, 5 mg once daily" in text
    assert "Medications, as the client reports them: Paracetamol" in text
    assert "heart rate 112/min, blood pressure 148/92 mmHg, SpO2 93%" in text
    assert "Surgery: left knee arthroscopy (partial meniscectomy), 2 May 2019 (6 years ago)" in text
    assert "Surgery: right total knee arthroplasty, 18 November 2025 (16 weeks ago)" in text
    assert "Shared with the client's consent, given on 13 January 2026" in sbar.footer_note
    follow = letter_text(compose(calf, "followup"))
    assert "SpO2 93%" in follow
    assert "The client was sent to the emergency department" in follow
