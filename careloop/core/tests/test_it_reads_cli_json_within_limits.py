"""Issue 9 hole 6: every CLI command that reads JSON refuses hostile input in one line.

Each attack runs the real ``careloop`` command in a subprocess, against both verbs that
read JSON (``triage`` and ``letter render``), under a 512 MB address-space limit and a time
limit: deep nesting (was a RecursionError traceback), a 5,001-digit integer (a ValueError
traceback), /dev/zero (read without limit, 5.6 GB), repeated keys (silently accepted) and
a 94 MB episode (60,000 error lines). Each now exits 2 with one line, or at most 20 problem
lines and "... and N more".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from careloop.core.jsoninput import MAX_PROBLEMS
from careloop.letters.tests.conftest import KNEE_HOLD
from careloop.triage.testing import BUNDLED_EXAMPLES

CARELOOP = str(Path(sys.executable).with_name("careloop"))
REPORT = BUNDLED_EXAMPLES / "public-04-severe-next-day.json"
MEMORY_LIMIT = 512 * 1024 * 1024
TIME_LIMIT = 60

VERBS = {
    "triage": ["triage"],
    "letter render": ["letter", "render", "--kind", "sbar", "--format", "txt"],
}
GOOD = {"triage": REPORT, "letter render": KNEE_HOLD}


def careloop(verb: str, source: str, stdin: object = None) -> subprocess.CompletedProcess[str]:
    """The real command; the shell caps its address space (thread-safe, unlike preexec_fn)."""
    verb_args = VERBS[verb]
    args = [*verb_args[:2], source, *verb_args[2:]] if len(verb_args) > 1 else [*verb_args, source]
    limit = f'ulimit -v {MEMORY_LIMIT // 1024} && exec "$0" "$@"'
    return subprocess.run(
        ["/bin/sh", "-c", limit, CARELOOP, *args],
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        env={**os.environ, "CARELOOP_LOCAL": "1"},
        check=False,
    )


def refused(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()


def write(tmp_path: Path, text: str, name: str = "input.json") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture(params=list(VERBS))
def verb(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_it_still_reads_a_good_document(verb):
    result = careloop(verb, str(GOOD[verb]))
    assert result.returncode == 0, result.stderr


def test_it_refuses_deep_nesting_in_one_line(verb, tmp_path):
    lines = refused(careloop(verb, write(tmp_path, "[" * 100_000 + "]" * 100_000)))
    assert lines == ["input: nests arrays and objects more than 64 levels deep"]


def test_it_refuses_a_5001_digit_integer_at_its_path(verb, tmp_path):
    text = GOOD[verb].read_text(encoding="utf-8").rstrip()
    text = text[:-1] + ', "huge": ' + "9" * 5001 + "}"
    lines = refused(careloop(verb, write(tmp_path, text)))
    assert lines == ["huge: is a number of 5,001 digits (at most 20)"]


def test_it_reads_at_most_5_mb_of_dev_zero(verb):
    lines = refused(careloop(verb, "/dev/zero"))
    assert lines == ["/dev/zero: is larger than 5 MB, the most one document may be"]


def test_it_reads_at_most_5_mb_of_dev_zero_on_stdin(verb):
    with open("/dev/zero", "rb") as zeros:
        lines = refused(careloop(verb, "-", stdin=zeros))
    assert lines == ["input: is larger than 5 MB, the most one document may be"]


def test_it_refuses_a_94_mb_episode_in_one_line(verb, tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as f:
        f.write(b'{"sessions": [' + b'{"id": "S-1"}, ' * 100_000)
        f.truncate(94 * 1024 * 1024)
    lines = refused(careloop(verb, str(path)))
    assert lines == [f"{path}: is larger than 5 MB, the most one document may be"]


def test_it_refuses_repeated_keys_naming_each_path(verb, tmp_path):
    doc = json.loads(GOOD[verb].read_text(encoding="utf-8"))
    inner = next(k for k, v in doc.items() if isinstance(v, dict))
    inner_key = next(iter(doc[inner]))
    top = next(k for k in doc if k != inner)
    # A key repeated at the top, and one repeated inside an object.
    body = json.dumps(doc)[1:-1]
    body = body.replace(f'"{inner}": {{', f'"{inner}": {{"{inner_key}": null, ', 1)
    text = "{" + body + f', "{top}": null' + "}"
    lines = refused(careloop(verb, write(tmp_path, text)))
    assert sorted(lines) == sorted(
        [
            f"{top}: appears more than once in the same object",
            f"{inner}.{inner_key}: appears more than once in the same object",
        ]
    )


def test_it_caps_the_error_list(verb, tmp_path):
    # Under the size limit but 60,000 unknown fields, each a problem.
    doc = json.loads(GOOD[verb].read_text(encoding="utf-8"))
    doc.update({f"unknown{i}": i for i in range(60_000)})
    lines = refused(careloop(verb, write(tmp_path, json.dumps(doc))))
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[0] == "unknown0: is not a known field"
    assert lines[-1] == "... and 59,980 more"
