"""Bad input is refused with one (dotted path, plain message) per problem."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from careloop.triage import InputError, parse_report, parse_report_json
from careloop.triage.testing import report_doc

Doc = dict[str, Any]


def problems(doc: Any) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as caught:
        parse_report(doc)
    return caught.value.problems


def changed(change: Callable[[Doc], object]) -> Doc:
    doc = copy.deepcopy(report_doc())
    change(doc)
    return doc


CASES: list[tuple[str, Callable[[Doc], object], str, str]] = [
    ("missing pain_now", lambda d: d["report"].pop("pain_now"), "report.pain_now", "is required"),
    (
        "missing ended_at",
        lambda d: d["session"].pop("ended_at"),
        "session.ended_at",
        "is required",
    ),
    (
        "pain above 10",
        lambda d: d["report"].update(pain_now=11),
        "report.pain_now",
        "must be an integer from 0 to 10",
    ),
    (
        "negative pain",
        lambda d: d["session"].update(pain_before=-1),
        "session.pain_before",
        "must be an integer from 0 to 10",
    ),
    (
        "fractional pain",
        lambda d: d["session"].update(pain_2h=2.5),
        "session.pain_2h",
        "must be an integer from 0 to 10",
    ),
    (
        "pain as text",
        lambda d: d["report"].update(pain_now="7"),
        "report.pain_now",
        "must be an integer from 0 to 10",
    ),
    (
        "pain as a boolean",
        lambda d: d["report"].update(pain_now=True),
        "report.pain_now",
        "must be an integer from 0 to 10",
    ),
    (
        "unknown region",
        lambda d: d["report"].update(region="knee"),
        "report.region",
        'unknown region "knee"; expected one of: neck, upper_back',
    ),
    (
        "unknown referral region",
        lambda d: d["client"].update(referral_region="toe"),
        "client.referral_region",
        'unknown region "toe"',
    ),
    (
        "unknown red flag",
        lambda d: d["report"].update(red_flags=["dark_urine", "headache"]),
        "report.red_flags.1",
        'unknown red flag "headache"; expected one of: chest_pain_or_pressure',
    ),
    (
        "unknown character",
        lambda d: d["report"].update(character=["stabbing"]),
        "report.character.0",
        'unknown pain character "stabbing"',
    ),
    (
        "unknown previous action",
        lambda d: d.update(
            history={
                "previous_reports": [
                    {"reported_at": "2026-03-01T09:00:00Z", "pain_now": 2, "action": "panic"}
                ]
            }
        ),
        "history.previous_reports.0.action",
        'unknown action "panic"',
    ),
    (
        "unknown trend",
        lambda d: d["report"].update(trend="up"),
        "report.trend",
        'unknown trend "up"',
    ),
    (
        "repeated red flag",
        lambda d: d["report"].update(red_flags=["dark_urine", "dark_urine"]),
        "report.red_flags",
        'lists "dark_urine" more than once',
    ),
    (
        "unknown report field",
        lambda d: d["report"].update(pain_level=3),
        "report.pain_level",
        "is not a known field",
    ),
    ("unknown top-level field", lambda d: d.update(patient={}), "patient", "is not a known field"),
    (
        "date-time without offset",
        lambda d: d["session"].update(ended_at="2026-03-10T18:00:00"),
        "session.ended_at",
        "has no UTC offset",
    ),
    (
        "date only for a date-time",
        lambda d: d["report"].update(reported_at="2026-03-11"),
        "report.reported_at",
        "has no UTC offset",
    ),
    (
        "not a date-time",
        lambda d: d["report"].update(reported_at="tomorrow morning"),
        "report.reported_at",
        "must be an RFC 3339 date-time with a UTC offset",
    ),
    (
        "number for a date-time",
        lambda d: d["report"].update(reported_at=1773252000),
        "report.reported_at",
        "must be an RFC 3339 date-time with a UTC offset",
    ),
    (
        "report before the session ended",
        lambda d: d["report"].update(reported_at="2026-03-10T17:59:00Z"),
        "report.reported_at",
        "is earlier than the end of the session (2026-03-10T18:00:00+00:00)",
    ),
    (
        "bad surgery date",
        lambda d: d["client"].update(surgery={"region": "knee_right", "date": "2026-02-30"}),
        "client.surgery.date",
        "must be a date like 2026-01-13",
    ),
    (
        "flag as text",
        lambda d: d["report"].update(at_rest="yes"),
        "report.at_rest",
        "must be true or false",
    ),
    ("report not an object", lambda d: d.update(report=[1]), "report", "must be an object"),
    (
        "red flags not a list",
        lambda d: d["report"].update(red_flags="dark_urine"),
        "report.red_flags",
        "must be a list",
    ),
    (
        "notes too long",
        lambda d: d["report"].update(notes="x" * 5001),
        "report.notes",
        "must be at most 5000 characters",
    ),
    (
        # Valid RFC 3339 text (offsets go to 23:59) naming an instant before year 1: found
        # by schemathesis through the API, where comparing it overflowed into a 500.
        "time before year 1 in UTC",
        lambda d: d["session"].update(ended_at="0001-01-01T00:30:00+01:00"),
        "session.ended_at",
        "is outside years 1 to 9999 once converted to UTC",
    ),
    (
        "time after year 9999 in UTC",
        lambda d: d["report"].update(reported_at="9999-12-31T23:59:59-01:00"),
        "report.reported_at",
        "is outside years 1 to 9999 once converted to UTC",
    ),
]


@pytest.mark.parametrize(
    ("change", "path", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_it_names_the_field_and_what_is_wrong(
    change: Callable[[Doc], object], path: str, message: str
) -> None:
    found = problems(changed(change))
    assert len(found) == 1, found
    assert found[0][0] == path
    assert found[0][1].startswith(message), found[0][1]


def test_it_lists_every_problem_at_once() -> None:
    doc = changed(lambda d: d["report"].update(pain_now=12, region="knee", extra=1))
    assert [path for path, _ in problems(doc)] == [
        "report.pain_now",
        "report.region",
        "report.extra",
    ]


def test_error_text_is_one_line_per_problem() -> None:
    doc = changed(lambda d: d["report"].update(pain_now=12, region="knee"))
    with pytest.raises(InputError) as caught:
        parse_report(doc)
    lines = str(caught.value).splitlines()
    assert lines[0] == "report.pain_now: must be an integer from 0 to 10"
    assert lines[1].startswith('report.region: unknown region "knee"')


def test_malformed_json_is_a_problem_at_input() -> None:
    with pytest.raises(InputError) as caught:
        parse_report_json('{"session": {,}')
    [(path, message)] = caught.value.problems
    assert path == "input"
    assert message.startswith("malformed JSON at line 1 column 14")


def test_a_document_that_is_not_an_object_is_refused() -> None:
    assert problems([]) == [("input", "must be a JSON object")]


def test_it_accepts_an_integral_float_as_json_schema_does() -> None:
    assert parse_report(changed(lambda d: d["report"].update(pain_now=7.0))).report.pain_now == 7


def test_it_reads_null_in_an_optional_field_as_absent() -> None:
    report = parse_report(changed(lambda d: d["session"].update(pain_2h=None)))
    assert report.session.pain_2h is None


def test_it_keeps_the_offset_of_a_local_time() -> None:
    doc = changed(lambda d: d["report"].update(reported_at="2026-03-11T16:00:00+02:00"))
    assert parse_report(doc).report.reported_at.utcoffset() is not None


def test_a_report_at_the_moment_the_session_ended_is_accepted() -> None:
    doc = changed(lambda d: d["report"].update(reported_at="2026-03-10T18:00:00Z"))
    assert parse_report(doc).report.pain_now == 2


def test_defaults_follow_the_schema() -> None:
    report = parse_report(report_doc()).report
    assert (report.source, report.trend, report.swelling) == ("client_call", "unchanged", "none")
    assert (report.adl_limitation, report.red_flags, report.character) == ("none", (), ())
