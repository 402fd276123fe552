"""The record is read by letters (and later FHIR export, the network and the API); it
imports none of them, so each reader can change without the record."""

from __future__ import annotations

import ast
from pathlib import Path

RECORD = Path(__file__).resolve().parents[1]
READERS = ("careloop.letters", "careloop.network", "careloop.api", "careloop.fhir")
# Nothing of a reader is allowed: the communication log, which the letters app keeps, reaches
# the record through a reader letters registers (careloop.record.sources).
ALLOWED: set[str] = set()


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_it_imports_no_reader_of_the_record() -> None:
    found = {
        f"{path.relative_to(RECORD)}: {name}"
        for path in RECORD.rglob("*.py")
        if "tests" not in path.parts
        for name in _imports(path)
        if name.startswith(READERS)
        and name not in ALLOWED
        and not any(name.startswith(f"{allowed}.") for allowed in ALLOWED)
    }
    assert not found, sorted(found)


def test_the_check_sees_an_import_of_letters(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from careloop.letters.compose import compose\n", encoding="utf-8")
    assert "careloop.letters.compose" in _imports(module)
