"""``careloop letter render``: exit codes, outputs, and problems named by field."""

from __future__ import annotations

import json

import pytest

import careloop.cli
from careloop.letters.cli import main
from careloop.letters.tests.conftest import KNEE_HOLD, PROGRESS


def test_it_renders_each_format_to_a_file(tmp_path, capsys) -> None:
    for fmt, magic in (("pdf", b"%PDF-"), ("docx", b"PK"), ("html", b"<!DOCTYPE html>")):
        out = tmp_path / f"letter.{fmt}"
        assert main(["letter", "render", str(KNEE_HOLD), "--kind", "sbar", "-o", str(out)]) == 0
        assert out.read_bytes().startswith(magic)
    assert "Wrote" in capsys.readouterr().out


def test_txt_goes_to_stdout_without_o(capsysbinary) -> None:
    code = main(["letter", "render", str(PROGRESS), "--kind", "progress", "--format", "txt"])
    assert code == 0
    assert b"Progress report\n===============" in capsysbinary.readouterr().out


def test_bad_json_names_each_field_and_writes_nothing(tmp_path, capsys) -> None:
    data = json.loads(KNEE_HOLD.read_text(encoding="utf-8"))
    data["sessions"][0]["pain_before"] = 12
    del data["client"]["date_of_birth"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "x.pdf"
    code = main(["letter", "render", str(bad), "--kind", "sbar", "-o", str(out)])
    assert code == 2
    err = capsys.readouterr().err.splitlines()
    assert "sessions.0.pain_before: must be an integer from 0 to 10" in err
    assert "client.date_of_birth: is required" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--kind", "sbar", "--format", "txt"], "input: malformed JSON at line 1"),
        (["--kind", "sbar", "-o", "out.pdf", "--report", "NOPE"], "report_id: no pain report"),
        (["--kind", "sbar", "--format", "pdf"], "-o: is required for pdf output"),
        (["--kind", "sbar"], "--format: is required"),
    ],
)
def test_usage_and_input_problems_exit_2(tmp_path, capsys, monkeypatch, args, expected) -> None:
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "doc.json"
    source.write_text("{oops" if "malformed" in expected else KNEE_HOLD.read_text("utf-8"))
    assert main(["letter", "render", str(source), *args]) == 2
    assert expected in capsys.readouterr().err


def test_a_missing_file_and_a_letter_the_document_cannot_make_exit_2(capsys) -> None:
    assert main(["letter", "render", "/no/such.json", "--kind", "sbar", "--format", "txt"]) == 2
    assert "/no/such.json: cannot be read" in capsys.readouterr().err
    assert main(["letter", "render", str(PROGRESS), "--kind", "followup", "--format", "txt"]) == 2
    assert "episode: a follow-up letter needs an episode" in capsys.readouterr().err


def test_an_unknown_kind_is_a_usage_error() -> None:
    assert main(["letter", "render", str(KNEE_HOLD), "--kind", "memo", "--format", "txt"]) == 2


def test_it_plugs_into_the_careloop_command_without_django(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(careloop.cli, "VERB_MODULES", ["careloop.letters.cli"])
    monkeypatch.setattr(careloop.cli, "_django_setup", lambda: pytest.fail("needs no Django"))
    out = tmp_path / "sbar.txt"
    args = ["letter", "render", str(KNEE_HOLD), "--kind", "sbar", "-o", str(out)]
    assert careloop.cli.main(args) == 0
    assert "Situation" in out.read_text(encoding="utf-8")
