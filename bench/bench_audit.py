"""Audit appends per second: every event in one practice vs events spread over 20 practices.

    python bench/bench_audit.py                                    # SQLite (a temporary file)
    python bench/bench_audit.py --database-url postgres://.../careloop_bench

Each of --processes writer processes (default 2) appends --events events, each in its own
transaction as a page view does, all at once. "one practice" puts every event in one chain,
so every writer waits for the same chain lock; "20 practices" spreads them over 20 chains,
which PostgreSQL locks separately. SQLite serialises all writers on the database file
whatever the chain (IMMEDIATE transactions), so there the two should match. The trail is
verified at the end. A PostgreSQL database is emptied first, so its name must contain
"bench".
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PRACTICES = 20


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("CARELOOP_LOCAL", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careloop.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _prepare() -> list[int]:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        if "bench" not in name:
            raise SystemExit(f"refusing to empty database {name!r}: use one named *bench*")
        from careloop.audit.triggers import create_triggers, drop_triggers

        drop_triggers(connection)  # flush TRUNCATEs; the trigger is put back right after
        call_command("flush", interactive=False, verbosity=0)
        create_triggers(connection)
    from careloop.accounts.models import Practice

    return [Practice.objects.create(name=f"Bench audit {n}").pk for n in range(PRACTICES)]


def _writer(worker: int, practices: list[int], events: int, start: object, out: object) -> None:
    from django.db import connection

    from careloop.audit.services import audit_log

    connection.close()  # never share the parent's connection
    start.wait()  # type: ignore[attr-defined]
    began = time.perf_counter()
    for n in range(events):
        practice = practices[(worker + n) % len(practices)]
        audit_log(actor=None, practice=practice, action="view", object_type="bench", object_id=n)
    out.put(time.perf_counter() - began)  # type: ignore[attr-defined]


def _run(practices: list[int], processes: int, events: int) -> float:
    """Appends per second over all writers, from the common start to the last one done."""
    from django.db import connection

    connection.close()
    context = multiprocessing.get_context("fork")
    start = context.Barrier(processes + 1)
    out = context.Queue()
    workers = [
        context.Process(target=_writer, args=(w, practices, events, start, out))
        for w in range(processes)
    ]
    for worker in workers:
        worker.start()
    start.wait()
    began = time.perf_counter()
    for worker in workers:
        worker.join()
    wall = time.perf_counter() - began
    if any(worker.exitcode for worker in workers):
        raise SystemExit("a writer failed")
    return processes * events / wall


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--processes", type=int, default=2, help="concurrent writers")
    parser.add_argument("--events", type=int, default=1000, help="events per writer")
    parser.add_argument("--rounds", type=int, default=3, help="best of this many rounds")
    args = parser.parse_args()

    tmp = None
    url = args.database_url
    if not url:
        tmp = tempfile.TemporaryDirectory(prefix="careloop-bench-")
        url = f"sqlite:///{tmp.name}/bench.sqlite3"
    _setup(url)
    from django.db import connection

    from careloop.audit.verify import audit_verify

    practices = _prepare()
    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    print(
        f"audit appends on {connection.vendor}, {args.processes} writer processes x "
        f"{args.events} events, best of {args.rounds} ({os.cpu_count()} CPUs, load {load})"
    )
    for label, chosen in (("one practice", practices[:1]), ("20 practices", practices)):
        rates = [_run(chosen, args.processes, args.events) for _ in range(args.rounds)]
        print(
            f"  {label:13}: {max(rates):8.0f} appends/s  (rounds: "
            + ", ".join(f"{r:.0f}" for r in rates)
            + ")"
        )
    result = audit_verify()
    print(
        f"  verify: {'intact' if result.ok else 'BROKEN'}, {result.checked} events "
        f"in {len(result.heads)} chains"
    )
    if tmp is not None:
        tmp.cleanup()
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
