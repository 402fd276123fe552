"""FHIR bulk export (``careloop fhir export``): resources per second and peak memory, at two
sizes, to show memory does not grow with the data.

    python bench/bench_fhir_export.py                 # SQLite, a temporary database file
    python bench/bench_fhir_export.py --database-url postgres://careloop:careloop@127.0.0.1:5432/careloop_fhir_bench
    python bench/bench_fhir_export.py --quick         # small sizes, to check the script runs

Each size is its own practice filled by ``careloop generate`` (synthetic clients, each with a
referral, a program and sessions with exercises); the default sizes are 2,000 and 10,000
clients with 5 sessions each. The export of one practice is then run twice:

1. in a child process (``--child``), timed: resources per second, and the child's peak
   resident memory (ru_maxrss, which includes Python and Django, about 100 MB, loaded
   before the export starts);
2. in this process under tracemalloc: the peak of memory allocated by Python during the
   export itself (tracemalloc slows it, so the rate is not taken from this run).

Goal: at least 5,000 resources/s, and peak memory the same at both sizes. A PostgreSQL
database given here is emptied first, so the script refuses one whose name lacks "bench".
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_PER_SECOND = 5_000
SIZES = (2_000, 10_000)
QUICK_SIZES = (100, 400)


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("CARELOOP_LOCAL", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careloop.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _migrate_and_empty() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        if "bench" not in name:
            raise SystemExit(f"refusing to empty database {name!r}: use one named *bench*")
        call_command("flush", interactive=False, verbosity=0)


def _export(practice_id: int, out: Path) -> tuple[int, float]:
    from careloop.fhir.export import export_ndjson

    started = time.perf_counter()
    counts = export_ndjson(out, practice_ids=[practice_id])
    return sum(counts.values()), time.perf_counter() - started


def _child(args: argparse.Namespace) -> int:
    """Run one export and print its figures as JSON (the parent reads them)."""
    _setup(args.database_url)
    total, seconds = _export(args.practice, Path(args.out))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"resources": total, "seconds": seconds, "maxrss_mib": peak_kib / 1024}))
    return 0


def _measure(clients: int, sessions: int, url: str, work: Path) -> dict[str, float]:
    from django.db import connection

    from careloop.training.generate import generate

    started = time.perf_counter()
    made = generate(
        clients=clients, sessions_per_client=sessions, practice_name=f"FHIR bench {clients}"
    )
    fill = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    practice_id = made.practice.pk
    connection.close()  # the child opens its own connection; SQLite sees committed rows
    child = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "--database-url",
            url,
            "--practice",
            str(practice_id),
            "--out",
            str(work / f"child-{clients}"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        raise SystemExit(f"the timed export failed:\n{child.stderr}")
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    tracemalloc.start()
    _export(practice_id, work / f"traced-{clients}")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "clients": clients,
        "sessions": made.sessions,
        "fill_s": fill,
        "resources": figures["resources"],
        "seconds": figures["seconds"],
        "per_second": figures["resources"] / figures["seconds"],
        "maxrss_mib": figures["maxrss_mib"],
        "traced_peak_mib": peak / 2**20,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--sessions", type=int, default=5, help="sessions per client")
    parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--practice", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args)

    tmp = tempfile.TemporaryDirectory(prefix="careloop-fhir-bench-")
    work = Path(tmp.name)
    url = args.database_url or f"sqlite:///{work}/bench.sqlite3"
    _setup(url)
    _migrate_and_empty()
    from django.db import connection

    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    vendor = connection.vendor
    print(
        f"FHIR bulk export benchmark on {vendor}, {os.cpu_count()} CPUs, load average {load} "
        "(a shared machine: other work ran beside it)"
    )
    results = []
    for clients in QUICK_SIZES if args.quick else SIZES:
        results.append(_measure(clients, args.sessions, url, work))
        print(f"  measured {clients:,} clients", file=sys.stderr, flush=True)
    print(f"\n## {vendor}: one practice, {args.sessions} sessions per client\n")
    print(
        "| clients | sessions | resources | seconds | resources/s | peak RSS (MiB) "
        "| peak Python heap in export (MiB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['clients']:,} | {r['sessions']:,} | {r['resources']:,} | {r['seconds']:.1f} | "
            f"{r['per_second']:,.0f} | {r['maxrss_mib']:.0f} | {r['traced_peak_mib']:.1f} |"
        )
    fills = ", ".join(f"{r['clients']:,} clients {r['fill_s']:.0f} s" for r in results)
    print(f"\nData generation: {fills}.")
    ok = all(r["per_second"] >= TARGET_PER_SECOND for r in results)
    small, large = results[0], results[-1]
    flat = large["traced_peak_mib"] <= small["traced_peak_mib"] * 1.5 + 1
    print(
        f"Goal {TARGET_PER_SECOND:,}/s: {'met' if ok else 'missed'}; "
        f"memory {'flat' if flat else 'grows'} from {small['clients']:,} to "
        f"{large['clients']:,} clients."
    )
    connection.close()
    tmp.cleanup()
    return 0 if (ok and flat) or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
