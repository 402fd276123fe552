"""The network with 100,000 posts: search and thread page server time, p50 and p95.

    python bench/bench_network.py                       # SQLite, a temporary database file
    python bench/bench_network.py --database-url postgres://careloop:careloop@127.0.0.1:5432/careloop_network_bench
    python bench/bench_network.py --quick               # 2,000 posts, to check the script runs

5,000 threads of 20 posts (an opening post and 19 replies) by 300 members across the
eight categories, each post 30-80 words drawn from a medical exercise vocabulary with a
skewed frequency (so "knee" or "pain" match a large share of posts, as they would).
Plus 5 long threads of 200 posts each, timed as their own row.

Each page is requested in-process through Django's test Client (middleware, queries,
templates; no browser), after a warm-up: the search page for 24 queries (one to three
words, common and rare, with and without category/tag/author/answered filters), the
thread page for 40 threads. Goal: p95 under 100 ms. A PostgreSQL database given here is
emptied first, so the script refuses one whose name does not contain "bench".
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_P95_MS = 100.0

COMMON = [
    "knee",
    "pain",
    "session",
    "client",
    "load",
    "squat",
    "swelling",
    "week",
    "program",
    "hip",
    "shoulder",
    "back",
    "exercise",
    "range",
    "strength",
    "surgeon",
    "physician",
    "referral",
    "hold",
    "clearance",
    "letter",
    "rest",
]
RARE = [
    "meniscectomy",
    "spondylolisthesis",
    "tendinopathy",
    "proprioception",
    "plyometric",
    "isometric",
    "eccentric",
    "concentric",
    "hypoglycaemia",
    "arrhythmia",
    "claudication",
    "osteotomy",
    "arthroplasty",
    "impingement",
    "labrum",
    "patellofemoral",
    "sacroiliac",
    "thoracolumbar",
    "dorsiflexion",
    "valgus",
    "varus",
    "bursitis",
    "capsulitis",
    "glenohumeral",
    "scapular",
    "rotator",
    "cuff",
    "tibial",
    "femoral",
]
FILLER = [
    "the",
    "a",
    "after",
    "before",
    "with",
    "without",
    "during",
    "and",
    "or",
    "but",
    "then",
    "we",
    "she",
    "he",
    "they",
    "it",
    "this",
    "that",
    "was",
    "is",
    "had",
    "has",
    "felt",
    "reported",
    "rated",
    "said",
    "asked",
    "moved",
    "stopped",
    "started",
    "continued",
    "morning",
    "evening",
    "next",
    "day",
    "two",
    "three",
    "four",
    "sets",
    "reps",
    "minutes",
    "slowly",
    "carefully",
    "again",
    "better",
    "worse",
    "same",
    "new",
    "old",
    "first",
    "last",
    "side",
    "left",
    "right",
    "lower",
    "upper",
    "step",
    "box",
    "bench",
    "band",
    "weight",
    "kettlebell",
    "dowel",
    "walking",
    "stairs",
    "bike",
    "treadmill",
    "pool",
    "stretching",
    "warm",
    "cool",
]
QUERIES = [
    ("knee", {}),
    ("pain", {}),
    ("knee pain", {}),
    ("swelling after squat", {}),
    ("surgeon letter", {}),
    ("hold clearance", {}),
    ("shoulder impingement", {}),
    ("tendinopathy", {}),
    ("patellofemoral pain", {}),
    ("glenohumeral", {}),
    ("meniscectomy swelling", {}),
    ("eccentric", {}),
    ("knee", {"category": "post-op-knee-and-hip"}),
    ("pain", {"answered": "yes"}),
    ("pain", {"answered": "no"}),
    ("shoulder", {"tag": "shoulder"}),
    ("back", {"category": "spine", "answered": "yes"}),
    ("load", {"author": "@member7"}),
    ("hip range", {"tag": "hip"}),
    ("strength program", {"category": "cases"}),
    ("rest day", {}),
    ("kettlebell", {}),
    ("rotator cuff", {}),
    ("valgus knee", {"answered": "no"}),
]


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
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _text(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        roll = rng.random()
        if roll < 0.25:
            out.append(rng.choice(COMMON[: rng.randint(1, len(COMMON))]))
        elif roll < 0.30:
            out.append(rng.choice(RARE))
        else:
            out.append(rng.choice(FILLER))
    return " ".join(out).capitalize() + "."


def _fill(threads: int, posts_per_thread: int, long_threads: int, rng: random.Random) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from django.utils.html import escape

    from careloop.accounts.models import User
    from careloop.network.categories import ensure_default_categories
    from careloop.network.models import Member, Post, Tag, Thread

    categories = ensure_default_categories()
    tags = [
        Tag.objects.get_or_create(name=n)[0]
        for n in ("knee", "hip", "shoulder", "spine", "acl", "cardiac")
    ]
    now = timezone.now()
    unusable = make_password(None)  # bench members never sign in with a password
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(email=f"member{i}@bench.test", full_name=f"Member {i}", password=unusable)
                for i in range(300)
            ]
        )
        members = Member.objects.bulk_create(
            [
                Member(
                    user=u,
                    handle=f"member{i}",
                    display_name=u.full_name,
                    conduct_accepted_at=now,
                    approved_posts=3,
                )
                for i, u in enumerate(users)
            ]
        )
    sizes = [posts_per_thread] * threads + [200] * long_threads
    for start in range(0, len(sizes), 500):
        with transaction.atomic():
            batch = sizes[start : start + 500]
            made = Thread.objects.bulk_create(
                [
                    Thread(
                        category=rng.choice(categories),
                        author=rng.choice(members),
                        title=_text(rng, rng.randint(4, 9))[:150],
                        is_question=rng.random() < 0.5,
                        reply_count=size - 1,
                        created_at=now,
                        last_posted_at=now,
                    )
                    for size in batch
                ]
            )
            through = Thread.tags.through
            through.objects.bulk_create(
                [through(thread_id=t.pk, tag_id=rng.choice(tags).pk) for t in made]
            )
            posts = []
            for thread, size in zip(made, batch, strict=True):
                for number in range(1, size + 1):
                    body = _text(rng, rng.randint(30, 80))
                    posts.append(
                        Post(
                            thread=thread,
                            author=rng.choice(members),
                            number=number,
                            headline=thread.title if number == 1 else "",
                            body=body,
                            html=f"<p>{escape(body)}</p>",
                            created_at=now,
                        )
                    )
            Post.objects.bulk_create(posts, batch_size=2000)
            # A third of the questions have an accepted answer.
            for thread in made:
                if thread.is_question and rng.random() < 0.33:
                    Thread.objects.filter(pk=thread.pk).update(
                        accepted_post=Post.objects.filter(thread=thread, number=2).first()
                    )


def _timed(http: Any, urls: list[str], warmup: int = 3) -> tuple[list[float], int]:
    from django.db import connection

    for url in urls[:warmup]:
        http.get(url)
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        http.get(urls[0])
    times, cpu = [], []
    for url in urls:
        started, started_cpu = time.perf_counter(), time.process_time()
        response = http.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times, cpu, len(executed)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rounds", type=int, default=3, help="times each URL is requested")
    args = parser.parse_args()
    tmp = None
    if args.database_url:
        url = args.database_url
        if "bench" not in url.rsplit("/", 1)[-1]:
            raise SystemExit("refusing to empty a database whose name does not contain 'bench'")
    else:
        tmp = tempfile.TemporaryDirectory()
        url = f"sqlite:///{tmp.name}/bench.sqlite3"
    _setup(url)
    from urllib.parse import urlencode

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client as HttpClient

    from careloop.network.models import Member, Post, Thread

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    rng = random.Random(13)
    threads, per, long_threads = (100, 20, 1) if args.quick else (5000, 20, 5)
    started = time.monotonic()
    _fill(threads, per, long_threads, rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    fill = time.monotonic() - started
    total = Post.objects.count()

    http = HttpClient()
    member = Member.objects.order_by("pk").first()
    assert member is not None
    http.force_login(member.user, backend="django.contrib.auth.backends.ModelBackend")
    # The bench users have no practice; the practice middleware would sign them out.
    from careloop.accounts.models import Membership, Practice

    practice = Practice.objects.create(name="Bench practice")
    Membership.objects.create(user=member.user, practice=practice)

    search_urls = ["/network/search/?" + urlencode({"q": q, **f}) for q, f in QUERIES] * args.rounds
    normal = list(
        Thread.objects.filter(reply_count=per - 1).order_by("?").values_list("pk", flat=True)[:40]
    )
    long_ids = list(Thread.objects.filter(reply_count=199).values_list("pk", flat=True))
    rows = [
        ("search (24 queries)", *_timed(http, search_urls)),
        (
            f"thread page ({per} posts)",
            *_timed(http, [f"/network/t/{pk}/" for pk in normal] * args.rounds),
        ),
        (
            "thread page (200 posts)",
            *_timed(http, [f"/network/t/{pk}/" for pk in long_ids] * args.rounds * 4),
        ),
        ("latest threads", *_timed(http, ["/network/"] * 20 * args.rounds)),
    ]
    print(
        f"\n## {connection.vendor}: {total:,} posts in {Thread.objects.count():,} threads "
        f"(filled in {fill:.0f} s); server time in ms\n"
    )
    print("| page | n | p50 | p95 | CPU p50 | CPU p95 | queries |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    ok = True
    for label, times, cpu, queries in rows:
        p95 = percentile(times, 0.95)
        over = p95 > TARGET_P95_MS and not args.quick
        ok = ok and (not over or "200 posts" in label)
        print(
            f"| {label} | {len(times)} | {statistics.median(times):.1f} | "
            f"{p95:.1f}{' (over)' if over else ''} | {statistics.median(cpu):.1f} | "
            f"{percentile(cpu, 0.95):.1f} | {queries} |"
        )
    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    print(f"\nLoad average at the end: {load}")
    if tmp is not None:
        tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
