"""Requests per second through gunicorn for the pages a practitioner opens most, against
the bare view (`/healthz`), measured with wrk (apt-get install wrk).

    .venv/bin/python bench/bench_pages.py --large --database-url sqlite:///var/bench.sqlite3
    .venv/bin/python bench/bench_throughput.py --database-url sqlite:///var/bench.sqlite3
    .venv/bin/python bench/bench_throughput.py \\
        --database-url postgres://careloop:careloop@127.0.0.1:5432/careloop_bench

The database must hold the practice bench/bench_pages.py fills ("Bench 10000x50"); its
practitioner's session is made in the database and sent as a cookie, as a signed-in
browser would. One gunicorn server with --workers (default 2) on this machine, wrk with 2
threads and 8 connections for --seconds per page, after a warm-up. The ratio column is
the page's requests/s over the bare view's: the goal is at least 0.4. wrk asks for one
URL again and again, so with kept parts on (the default) it measures a page seen again
with nothing changed; `--parts off` measures every page built from the database.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from careloop.testing.deploy import wait_for
from careloop.testing.smtp import free_port

BIN = Path(sys.executable).parent
PAGES = ("healthz", "dashboard", "client_list", "episode_list", "client_detail")
LABELS = {
    "healthz": "bare view (/healthz)",
    "dashboard": "dashboard",
    "client_list": "client list",
    "episode_list": "episode list",
    "client_detail": "client page",
}


def _signed_in(database_url: str) -> tuple[str, str, dict[str, str]]:
    """A session cookie for the bench practitioner, and the URL of each page."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("CARELOOP_LOCAL", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careloop.settings")
    import django

    django.setup()
    from bench_pages import _practitioner
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from careloop.accounts.models import Practice
    from careloop.clients.models import Client

    practice = Practice.objects.get(name="Bench 10000x50")
    user = _practitioner(practice)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    client = Client.objects.filter(practice=practice).order_by("pk").first()
    urls = {
        name: reverse(name, kwargs={"client_id": client.pk})
        if name == "client_detail"
        else reverse(name)
        for name in PAGES
    }
    return settings.SESSION_COOKIE_NAME, session.session_key or "", urls


def _wrk(url: str, cookie: str, seconds: int) -> float:
    wrk = shutil.which("wrk") or "/usr/bin/wrk"
    out = subprocess.run(
        [wrk, "-t2", "-c8", f"-d{seconds}s", "-H", f"Cookie: {cookie}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} answers were not 200\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument(
        "--parts",
        choices=("on", "off"),
        default="on",
        help="kept page parts (careloop/core/pageparts.py); off: every page built every time",
    )
    args = parser.parse_args()
    name, key, urls = _signed_in(args.database_url)
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CARELOOP_PAGE_PARTS": "1" if args.parts == "on" else "0",
    }
    with open(os.devnull, "wb") as quiet:
        server = subprocess.Popen(
            [str(BIN / "careloop"), "serve", "--port", str(port), "--workers", str(args.workers)],
            env=env,
            stdout=quiet,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(port)
            rates = {}
            for page, path in urls.items():
                url = f"http://127.0.0.1:{port}{path}"
                _wrk(url, f"{name}={key}", 3)  # warm-up
                rates[page] = _wrk(url, f"{name}={key}", args.seconds)
                time.sleep(1)
        finally:
            server.terminate()
            server.wait(30)
    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    vendor = "postgresql" if args.database_url.startswith("postgres") else "sqlite"
    print(
        f"\n## Throughput through gunicorn ({args.workers} workers), {vendor}, kept parts "
        f"{args.parts}, wrk -t2 -c8 -d{args.seconds}s, {os.cpu_count()} CPUs, "
        f"load average {load}\n"
    )
    print("| page | requests/s | of the bare view's |")
    print("|---|---:|---:|")
    for page, rate in rates.items():
        print(f"| {LABELS[page]} | {rate:.0f} | {rate / rates['healthz']:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
