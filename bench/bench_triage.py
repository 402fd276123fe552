"""Triage throughput on one core: validated input to result, in reports per second.

    python bench/bench_triage.py            # prints the figures
    python bench/bench_triage.py --check    # exits 1 if parse+triage is under the target

Triage runs on every form submission and every client check-in; the target is 20,000
reports per second for parse_report + triage. The corpus is fixed (seeded) and varied: the
spec's examples plus generated reports across all actions. Time is this process's CPU time
(pinned to one core), best of several rounds, so that other work on a shared machine
disturbs the figure less.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from careloop.triage import (
    CHARACTERS,
    RED_FLAGS,
    REGIONS,
    parse_report,
    triage,
)

TARGET = 20_000
EXAMPLES = Path(__file__).resolve().parents[1] / "careloop" / "triage" / "tests" / "examples"


def corpus(size: int, seed: int = 2026) -> list[dict[str, Any]]:
    """Example reports plus generated ones, mostly quiet, some with flags and history."""
    docs = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(EXAMPLES.glob("*.json"))
        if not p.name.endswith(".expected.json")
    ]
    rng = random.Random(seed)
    start = datetime(2026, 3, 10, 18, tzinfo=UTC)
    while len(docs) < size:
        ended = start + timedelta(hours=rng.randint(0, 2000))
        referral = rng.choice(REGIONS)
        report: dict[str, Any] = {
            "reported_at": (ended + timedelta(minutes=rng.randint(30, 6000))).isoformat(),
            "pain_now": rng.randint(0, 8),
            "region": referral if rng.random() < 0.6 else rng.choice(REGIONS),
            "character": rng.sample(CHARACTERS, rng.randint(0, 2)),
            "trend": rng.choice(["improving", "unchanged", "worsening"]),
        }
        if rng.random() < 0.2:
            report.update(at_night=True, swelling=rng.choice(["mild", "marked"]))
        if rng.random() < 0.1:
            report["red_flags"] = rng.sample(RED_FLAGS, 1)
        doc: dict[str, Any] = {
            "client": {"referral_region": referral},
            "session": {
                "ended_at": ended.isoformat(),
                "pain_before": rng.randint(0, 4),
                "pain_during_max": rng.randint(0, 7),
                "pain_after": rng.randint(0, 6),
            },
            "report": report,
        }
        if rng.random() < 0.2:
            doc["history"] = {
                "previous_reports": [
                    {
                        "reported_at": (ended - timedelta(days=d)).isoformat(),
                        "pain_now": rng.randint(0, 6),
                        "action": rng.choice(["continue", "modify"]),
                    }
                    for d in (6, 3)
                ],
                "pain_before_one_week_ago": rng.randint(0, 4),
            }
        docs.append(doc)
    return docs


def rate(work: Callable[[], object], count: int, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        began = time.process_time()
        work()
        best = min(best, time.process_time() - began)
    return count / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000, help="corpus size")
    parser.add_argument("--rounds", type=int, default=7, help="best of this many rounds")
    parser.add_argument("--check", action="store_true", help=f"exit 1 under {TARGET:,}/s")
    args = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    docs = corpus(args.reports)
    reports = [parse_report(d) for d in docs]
    actions = Counter(triage(r).action for r in reports)
    n = len(docs)

    def parse_and_triage() -> None:
        for doc in docs:
            triage(parse_report(doc))

    def triage_only() -> None:
        for report in reports:
            triage(report)

    def parse_only() -> None:
        for doc in docs:
            parse_report(doc)

    def dump_json() -> None:
        for report in reports:
            triage(report).model_dump(mode="json")

    parse_and_triage()  # warm up caches before timing
    figures = {
        "parse_report + triage": rate(parse_and_triage, n, args.rounds),
        "triage alone": rate(triage_only, n, args.rounds),
        "parse_report alone": rate(parse_only, n, args.rounds),
        "triage + model_dump(json)": rate(dump_json, n, args.rounds),
    }
    mix = ", ".join(f"{a} {c}" for a, c in sorted(actions.items()))
    print(f"corpus: {n} reports ({mix}); best of {args.rounds} rounds, one core")
    for name, per_second in figures.items():
        print(f"{name:<28} {per_second:>9,.0f} reports/s  {1e6 / per_second:6.1f} us each")
    headline = figures["parse_report + triage"]
    verdict = "meets" if headline >= TARGET else "is UNDER"
    print(f"parse_report + triage {verdict} the target of {TARGET:,} reports/s")
    return 1 if args.check and headline < TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
