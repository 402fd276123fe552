"""Builders and paths for the triage tests (plain functions; no Django, no DB)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from careloop.triage import Ruleset, TriageResult, parse_report, triage

HERE = Path(__file__).resolve().parent / "tests"
REPO = HERE.parents[2]
# CI clones the repo into its own folder with a copy of shared/ beside it.
SHARED = REPO / ".." / "shared"
SPEC = SHARED / "spec"
BUNDLED_EXAMPLES = HERE / "examples"
SCHEMAS = HERE / "schemas"

ENDED = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)


def stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def report_doc(
    *,
    hours: float = 20.0,
    pain_before: int = 2,
    pain_now: int = 2,
    region: str = "knee_right",
    client: dict[str, Any] | None = None,
    session: dict[str, Any] | None = None,
    history: dict[str, Any] | None = None,
    **report: Any,
) -> dict[str, Any]:
    """A valid report document; by default one that matches only C2.

    The client was referred for the right knee; the session ended at ``ENDED`` with
    pre-session pain ``pain_before``; the report comes ``hours`` later. Extra keyword
    arguments are fields of ``report``; ``client``/``session``/``history`` are merged in.
    """
    doc: dict[str, Any] = {
        "client": {"referral_region": "knee_right", **(client or {})},
        "session": {"ended_at": stamp(ENDED), "pain_before": pain_before, **(session or {})},
        "report": {
            "reported_at": stamp(ENDED + timedelta(hours=hours)),
            "pain_now": pain_now,
            "region": region,
            **report,
        },
    }
    if history is not None:
        doc["history"] = history
    return doc


def doms_doc(**changes: Any) -> dict[str, Any]:
    """A report that fits the DOMS pattern (C1): a dull ache in the left thigh at 30 h."""
    fields: dict[str, Any] = {
        "hours": 30.0,
        "pain_now": 3,
        "region": "thigh_left",
        "character": ["dull_ache"],
        "trend": "improving",
    }
    fields.update(changes)
    return report_doc(**fields)


def run(doc: dict[str, Any], ruleset: Ruleset | None = None) -> TriageResult:
    return triage(parse_report(copy.deepcopy(doc)), ruleset)


def matched_ids(doc: dict[str, Any], ruleset: Ruleset | None = None) -> set[str]:
    return {rule.id for rule in run(doc, ruleset).matched_rules}


def finding(doc: dict[str, Any], rule_id: str) -> str:
    return next(r.finding for r in run(doc).matched_rules if r.id == rule_id)


@cache
def schema(name: str) -> dict[str, Any]:
    """A spec schema: from shared/ when it is there, else the copy bundled with the tests."""
    for folder in (SPEC, SCHEMAS):
        path = folder / name
        if path.is_file():
            loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return loaded
    raise FileNotFoundError(name)
