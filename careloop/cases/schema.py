"""The JSON Schema of the case document, committed as docs/schemas/case.schema.json.

Regenerate after changing :mod:`careloop.cases.document`::

    python -m careloop.cases.schema            # rewrite the committed file
    python -m careloop.cases.schema --check    # exit 1 if it is out of date
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from careloop.cases.document import CaseDocument

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "schemas" / "case.schema.json"


def case_json_schema() -> dict[str, Any]:
    return CaseDocument.model_json_schema(mode="validation")


def case_json_schema_text() -> str:
    return json.dumps(case_json_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = case_json_schema_text()
    if "--check" in args:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if current != text:
            print(f"{SCHEMA_PATH} is out of date: run python -m careloop.cases.schema")
            return 1
        return 0
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
