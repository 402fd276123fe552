"""``careloop triage``: triage one report from a file or standard input.

    careloop triage FILE            result JSON on stdout, exit 0 ("-" reads stdin)
    careloop triage --rules R FILE  with the threshold overrides of TOML file R
    careloop triage --format text FILE
    careloop triage --explain       the rule table, from the rule data

Bad input (or a bad rules file) exits 2 with nothing on stdout and one line per problem on
stderr, ``dotted.path: what is wrong``. Also runnable as ``python -m careloop.triage``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, NoReturn, TextIO

from careloop.core.jsoninput import JsonInputError, problem_lines, read_json
from careloop.triage.codes import (
    CARE_SETTING_LABELS,
    NOTIFY_LABELS,
    PROGRAM_LABELS,
    action_label,
)
from careloop.triage.docs import render_rules_text
from careloop.triage.engine import triage
from careloop.triage.models import TriageResult
from careloop.triage.parsing import InputError, parse_report
from careloop.triage.rules import DEFAULT_RULESET, load_ruleset_file
from careloop.triage.ruleset import Ruleset, RulesetError

EXIT_OK = 0
EXIT_BAD_INPUT = 2  # also argparse's status for a usage error


class _UsageError(Exception):
    pass


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse that reports to the given streams instead of exiting the process.

    ``main`` is called in-process by the ``careloop`` command and by tests, so it must
    return a status rather than raise SystemExit, and write to the streams it was given.
    """

    def __init__(self, stdout: TextIO, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._stdout = stdout

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)

    def print_help(self, file: object = None) -> None:
        self._stdout.write(self.format_help())

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise _Exit(status)


def _parser(stdout: TextIO) -> _Parser:
    parser = _Parser(
        stdout,
        prog="careloop triage",
        description="Recommend a response to a post-session pain report (docs/rules.md).",
    )
    parser.add_argument("file", nargs="?", metavar="FILE", help='report JSON; "-" reads stdin')
    parser.add_argument("--rules", metavar="FILE", help="TOML file of threshold overrides")
    parser.add_argument("--format", choices=("json", "text"), default="json", help="output format")
    parser.add_argument(
        "--explain", action="store_true", help="print the rules and their thresholds"
    )
    return parser


def main(
    argv: list[str],
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    stderr: TextIO = sys.stderr,
) -> int:
    """Run ``careloop triage`` with ``argv`` (the arguments after ``triage``)."""
    parser = _parser(stdout)
    try:
        args = parser.parse_args(argv)
        if args.explain and args.file is not None:
            parser.error("--explain takes no FILE")
        if not args.explain and args.file is None:
            parser.error("FILE is required (use - for standard input)")
    except _Exit as done:
        return done.status
    except _UsageError as exc:
        stderr.write(f"{parser.format_usage()}careloop triage: error: {exc}\n")
        return EXIT_BAD_INPUT

    ruleset = DEFAULT_RULESET
    if args.rules is not None:
        try:
            ruleset = load_ruleset_file(args.rules)
        except RulesetError as exc:
            for path, message in exc.problems:
                where = path if path == args.rules else f"{args.rules}: {path}"
                stderr.write(f"{where}: {message}\n")
            return EXIT_BAD_INPUT

    if args.explain:
        stdout.write(render_rules_text(ruleset))
        return EXIT_OK

    try:
        result = _triage_file(args.file, stdin, ruleset)
    except (InputError, JsonInputError) as exc:
        for line in problem_lines(exc.problems):  # at most 20, then "... and N more"
            stderr.write(f"{line}\n")
        return EXIT_BAD_INPUT
    if args.format == "text":
        stdout.write(render_result_text(result))
    else:
        stdout.write(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
        stdout.write("\n")
    return EXIT_OK


def _triage_file(name: str, stdin: TextIO, ruleset: Ruleset) -> TriageResult:
    # The shared reader bounds the size, depth and numbers of the input and refuses
    # repeated keys, with a problem naming where.
    return triage(parse_report(read_json(name, stdin)), ruleset)


def render_result_text(result: TriageResult) -> str:
    """A short summary for a person at a terminal."""
    label = action_label(result.action, result.care_setting)
    lines = [f"{result.action.upper().replace('_', ' ')}: {label}"]
    if result.care_setting is not None:
        lines.append(f"Care setting: {CARE_SETTING_LABELS[result.care_setting]}")
    follow_up = ", ".join(f"{h} h" for h in result.follow_up_hours) or "none"
    lines += [
        f"Program: {PROGRAM_LABELS[result.program]}",
        f"Referral source: {NOTIFY_LABELS[result.notify_referral_source]}",
        f"Follow-up check-ins: {follow_up}",
        f"Rules matched ({result.ruleset.name} {result.ruleset.version}):",
    ]
    for rule in result.matched_rules:
        lines.append(f"  {rule.id:<3} {rule.finding}")
        lines.append(f"      basis: {rule.source}")
    return "\n".join(lines) + "\n"
