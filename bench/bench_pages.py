"""Server time of the pages a practitioner opens all day, against a bare view.

    python bench/bench_pages.py                       # SQLite, a temporary database file
    python bench/bench_pages.py --database-url postgres://careloop:careloop@127.0.0.1:5432/careloop_bench
    python bench/bench_pages.py --quick               # small data, to check the script runs
    python bench/bench_pages.py --cold                # charts drawn on every request
    python bench/bench_pages.py --large --warm-and-cold  # 10,000 clients only; both ways

Pages: the bare view (`/healthz`: the middleware stack, a session and 4 queries; the
floor every page stands on), the dashboard, the client list, the episode list, a client's
page, its two charts, the session form and an episode's page. The "x bare" column is the
page's p50 over the bare view's, so a ratio of 2.5 means a server gives the page about
0.4 of the bare view's throughput (bench/bench_throughput.py measures that through
gunicorn). The client page draws no chart: its pain and load charts are loaded after it
(htmx) from their own URLs, timed here as their own rows.

Episodes: after `careloop generate`, 2 % of a shape's clients (at least 5) report pain
through the real service (pain_report_create) and the recommendation is accepted
(decision_record), so the dashboard, the lists and the episode pages show open episodes,
holds and check-ins as a practice's would.

Kept parts: the dashboard, the client list and a client's page keep their rendered body
(careloop/core/pageparts.py) while the practice's audited change mark and the minute are
the same. By default each page is timed both ways on the same data (`--parts on|off` for
one): "kept parts", the page requested again with nothing changed (a practitioner back on
the dashboard), and "built every time", as on the first view after any change in the
practice.

Each page is requested in-process through Django's test Client (the full middleware
stack, templates and queries; no network, no browser), after a warm-up, and timed from
request to response. Four data shapes, each its own practice in one database, filled by
`careloop generate`:

    100 clients x 50 sessions      100 clients x 500 sessions
    10,000 clients x 50 sessions   the same 10,000 plus 20 clients with 500 sessions

The 500-session pages of the last shape are requested for those 20 clients. The goal is
a p95 under 50 ms at 10,000 clients: a page's cost should follow what it shows, not how
much data the database holds. A PostgreSQL database given here is emptied first, so the
script refuses one whose name does not contain "bench".
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PAGES = (
    "healthz",
    "dashboard",
    "client_list",
    "episode_list",
    "client_detail",
    "training_pain_chart",
    "training_load_chart",
    "session_create",
    "episode_detail",
)
# Pages of the whole practice (no id in the URL); the others are requested per client or
# per episode.
PRACTICE_PAGES = {"healthz", "dashboard", "client_list", "episode_list"}
PAGE_LABELS = {
    "healthz": "bare view (/healthz)",
    "dashboard": "dashboard",
    "client_list": "client list",
    "episode_list": "episode list",
    "episode_detail": "episode page",
    "client_detail": "client page",
    "training_pain_chart": "pain chart (htmx, after the page)",
    "training_load_chart": "load chart (htmx, after the page)",
    "session_create": "session form",
}
TARGET_P95_MS = 50.0


@dataclass(frozen=True)
class Shape:
    label: str
    practice: str
    clients: int
    sessions: int
    # (clients, sessions) added to the same practice; when set, pages are requested for them.
    heavy: tuple[int, int] | None = None


SHAPES = (
    Shape("100 clients, 50 sessions each", "Bench 100x50", 100, 50),
    Shape("100 clients, 500 sessions each", "Bench 100x500", 100, 500),
    Shape("10,000 clients, 50 sessions each", "Bench 10000x50", 10_000, 50),
    Shape(
        "10,000 clients, pages of clients with 500 sessions",
        "Bench 10000x50",
        0,
        0,
        heavy=(20, 500),
    ),
)
QUICK = (
    Shape("20 clients, 10 sessions each", "Bench quick", 20, 10),
    Shape("20 clients, pages of clients with 100 sessions", "Bench quick", 0, 0, heavy=(5, 100)),
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("CARELOOP_LOCAL", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careloop.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.conf import settings

    django.setup()
    # Serve static URLs without a collected manifest; keep password hashing out of timing.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _empty_postgres() -> None:
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if "bench" not in name:
        raise SystemExit(f"refusing to empty database {name!r}: use one named *bench*")
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def _settle() -> None:
    """PostgreSQL: collect statistics and vacuum now, as autovacuum would soon after a bulk
    load, so that it does not run in the middle of the timings. SQLite: fold the write-ahead
    log into the database file, as its automatic checkpoint would. Both: set aside the
    objects the fill left in this process (a server has none of them), so Python's garbage
    collector does not walk them during the timings."""
    import gc

    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    gc.collect()
    gc.freeze()


def _practitioner(practice: Any) -> Any:
    """A practitioner of ``practice`` (generate makes only its owner, whom two-factor
    sign-in would stop at the enrolment page): who opens these pages all day."""
    from careloop.accounts.models import Membership, User

    email = f"bench-{practice.pk}@bench.careloop.test"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, None, full_name="Bench Practitioner"
    )
    Membership.objects.get_or_create(
        user=user, practice=practice, defaults={"role": Membership.Role.PRACTITIONER}
    )
    return user


def _add_episodes(practice: Any, client_ids: list[int], rng: random.Random) -> list[int]:
    """Pain reports for ``client_ids`` through the service, each decided as recommended;
    the ids of the episodes they opened."""
    from careloop.clients.models import Client
    from careloop.episodes.inputs import PainReportInput
    from careloop.episodes.services import decision_record, pain_report_create

    user = practice.memberships.select_related("user").first().user
    regions = ("knee_right", "shoulder_left", "lower_back", "hip_left")
    episodes = []
    for client in Client.objects.filter(pk__in=client_ids).order_by("pk"):
        report = pain_report_create(
            client=client,
            recorded_by=user,
            report=PainReportInput(
                pain_now=rng.choice((2, 3, 4, 5, 6, 7)),
                region=rng.choice(regions),
                trend=rng.choice(("improving", "unchanged", "worsening")),
                client_statement="Sore since the last session.",
            ),
        )
        record = report.triage_record
        decision_record(
            triage_record=record,
            decided_by=user,
            chosen_action=record.action,
            modification_change="Loads down by a third; no deep knee bends."
            if record.action == "modify"
            else "",
        )
        episodes.append(report.episode_id)
    return episodes


def _timed(
    http: Any, url: str, requests: int, warmup: int, cold: bool = False
) -> tuple[list[float], int]:
    from django.core.cache import cache, caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    caches["parts"].clear()
    for _ in range(warmup):
        http.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = http.get(url)
    count = len(queries)  # now: the next request clears the connection's query log
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    times = []
    for _ in range(requests):
        if cold:
            cache.clear()  # charts are drawn again, as on a first view
        started = time.perf_counter()
        response = http.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return times, count


def _measure(
    shape: Shape,
    requests: int,
    warmup: int,
    rng: random.Random,
    modes: tuple[tuple[bool, bool], ...],
) -> list[dict[str, Any]]:
    """One result per mode, (cold charts, kept parts), on the same data."""
    from django.conf import settings
    from django.test import Client as HttpClient
    from django.urls import reverse

    from careloop.accounts.models import Practice
    from careloop.clients.models import Client
    from careloop.training.generate import generate

    started = time.monotonic()
    if shape.clients:
        generate(
            clients=shape.clients, sessions_per_client=shape.sessions, practice_name=shape.practice
        )
    targets: list[int]
    if shape.heavy:
        before = set(
            Client.objects.filter(practice__name=shape.practice).values_list("pk", flat=True)
        )
        generate(
            clients=shape.heavy[0],
            sessions_per_client=shape.heavy[1],
            practice_name=shape.practice,
            seed=2,
        )
        targets = sorted(
            set(Client.objects.filter(practice__name=shape.practice).values_list("pk", flat=True))
            - before
        )
    else:
        ids = list(
            Client.objects.filter(practice__name=shape.practice).values_list("pk", flat=True)
        )
        targets = rng.sample(ids, min(20, len(ids)))
    if shape.heavy:
        with_pain = rng.sample(targets, min(5, len(targets)))
    else:
        ids = list(
            Client.objects.filter(practice__name=shape.practice).values_list("pk", flat=True)
        )
        with_pain = rng.sample(ids, max(5, len(ids) // 50))
    episode_ids = _add_episodes(Practice.objects.get(name=shape.practice), with_pain, rng)
    _settle()
    fill = time.monotonic() - started
    practice = Practice.objects.get(name=shape.practice)
    http = HttpClient()
    http.force_login(_practitioner(practice), backend="django.contrib.auth.backends.ModelBackend")
    total = Client.objects.filter(practice=practice).count()
    results = []
    for cold, parts in modes:
        settings.PAGE_PARTS_CACHE = parts
        result: dict[str, Any] = {
            "shape": shape.label,
            "clients": total,
            "fill_s": fill,
            "cold": cold,
            "parts": parts,
        }
        for page in PAGES:
            times: list[float] = []
            queries = 0
            if page in PRACTICE_PAGES:
                urls = [reverse(page)]
            elif page == "episode_detail":
                urls = [reverse(page, kwargs={"episode_id": pk}) for pk in episode_ids[:20]]
            else:
                urls = [reverse(page, kwargs={"client_id": pk}) for pk in targets]
            per_url = max(1, requests // len(urls))
            for url in urls:
                got, queries = _timed(http, url, per_url, warmup if url == urls[0] else 1, cold)
                times.extend(got)
            result[page] = {
                "p50": statistics.median(times),
                "p95": percentile(times, 0.95),
                "n": len(times),
                "queries": queries,
            }
        results.append(result)
    return results


def _report(vendor: str, results: list[dict[str, Any]]) -> bool:
    ok = True
    for cold, parts in sorted({(r["cold"], r["parts"]) for r in results}, reverse=True):
        cache = "cold cache: charts drawn on every request" if cold else "warm cache"
        kept = (
            "kept parts (the page seen again, nothing changed)"
            if parts
            else "built every time (as on the first view after a change)"
        )
        print(f"\n## {vendor}, {cache}, {kept}: server time in ms, queries per request\n")
        print("| data | clients in practice | page | p50 | p95 | x bare | queries |")
        print("|---|---:|---|---:|---:|---:|---:|")
        for r in (r for r in results if (r["cold"], r["parts"]) == (cold, parts)):
            bare = r["healthz"]["p50"]
            for page in PAGES:
                m = r[page]
                over = r["clients"] >= 10_000 and m["p95"] > TARGET_P95_MS
                ok = ok and not over
                print(
                    f"| {r['shape']} | {r['clients']:,} | {PAGE_LABELS[page]} | "
                    f"{m['p50']:.1f} | {m['p95']:.1f}{' (over)' if over else ''} | "
                    f"{m['p50'] / bare:.1f} | {m['queries']} |"
                )
    fills = ", ".join(
        f"{r['shape']}: {r['fill_s']:.0f} s" for r in results if not r["cold"] and r["parts"]
    )
    fills = fills or ", ".join(f"{r['shape']}: {r['fill_s']:.0f} s" for r in results)
    print(f"\nData generation: {fills}.")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="small data (a smoke run)")
    parser.add_argument(
        "--cold", action="store_true", help="empty the cache before each request (charts redrawn)"
    )
    parser.add_argument(
        "--warm-and-cold",
        action="store_true",
        help="measure with a warm cache, then a cold one, on the same data",
    )
    parser.add_argument(
        "--parts",
        choices=("both", "on", "off"),
        default="both",
        help="kept page parts (careloop/core/pageparts.py): measure with, without, or both",
    )
    parser.add_argument(
        "--large", action="store_true", help="only the 10,000-client shapes (50 and 500 sessions)"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a p95 at 10,000 clients > 50 ms"
    )
    args = parser.parse_args()

    tmp = None
    url = args.database_url
    if not url:
        tmp = tempfile.TemporaryDirectory(prefix="careloop-bench-")
        url = f"sqlite:///{tmp.name}/bench.sqlite3"
    _setup(url)
    from django.db import connection

    if connection.vendor == "postgresql":
        _empty_postgres()
    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    colds = (False, True) if args.warm_and_cold else (args.cold,)
    kept = {"both": (True, False), "on": (True,), "off": (False,)}[args.parts]
    modes = tuple((cold, parts) for cold in colds for parts in kept)
    shapes = QUICK if args.quick else SHAPES
    if args.large and not args.quick:
        shapes = tuple(s for s in SHAPES if s.practice == "Bench 10000x50")
    label = {(False,): "", (True,): " (cold cache)", (False, True): " (warm, then cold cache)"}
    print(
        f"CareLoop page benchmark{label[colds]} on "
        f"{connection.vendor} ({connection.settings_dict['NAME']}), "
        f"{os.cpu_count()} CPUs, load average {load}"
    )
    rng = random.Random(7)
    results = []
    for shape in shapes:
        results.extend(_measure(shape, args.requests, args.warmup, rng, modes))
        print(f"  measured: {shape.label}", file=sys.stderr, flush=True)
    ok = _report(connection.vendor, results)
    if tmp is not None:
        connection.close()
        tmp.cleanup()
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
