"""The engine is pure Python: no Django, and no test-only library at run time."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from careloop.triage.testing import REPO

PACKAGE = Path(__file__).resolve().parents[1]
FORBIDDEN = {"django", "jsonschema", "hypothesis", "pytest"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_module_of_the_engine_imports_django() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 5
    for path in modules:
        roots = {name.split(".")[0] for name in imported_modules(path)}
        assert "django" not in roots, f"{path.relative_to(PACKAGE)} imports django"


def test_engine_modules_need_no_test_library() -> None:
    for path in sorted(PACKAGE.glob("*.py")):  # the engine, not its tests
        roots = {name.split(".")[0] for name in imported_modules(path)}
        assert not roots & FORBIDDEN, f"{path.name} imports {roots & FORBIDDEN}"


def test_importing_the_engine_loads_no_django() -> None:
    code = (
        "import sys, careloop.triage.cli; print(any(m.startswith('django') for m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "False"
