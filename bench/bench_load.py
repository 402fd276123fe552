"""The locust day (bench/locustfile.py) against CareLoop as deployed: nginx with
deploy/nginx/careloop.conf in front, gunicorn app servers behind it, one PostgreSQL.

    DATABASE_URL=postgres://careloop:careloop@127.0.0.1:5432/careloop_load \\
        .venv/bin/python bench/locust_prepare.py --practices 200
    DATABASE_URL=postgres://careloop:careloop@127.0.0.1:5432/careloop_load \\
        .venv/bin/python bench/bench_load.py --users 100 --run-time 120

Three shapes, one after another on the same data: one app server with 1 gunicorn worker,
one with 2 workers, and two app servers with 1 worker each (nginx balancing between
them, sessions in the database so either serves a signed-in practitioner). For each:
requests per second, p50 and p95 per endpoint, the error rate, and the resident memory
of each gunicorn worker at the end (from /proc), as a Markdown table on stdout; locust's
own CSV files go to --out. Needs nginx and openssl (as CI installs them) and the `bench`
extra (locust).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from careloop.testing.deploy import HOST, NGINX, nginx_config, wait_for
from careloop.testing.smtp import free_port

BIN = Path(sys.executable).parent
SHAPES = {
    "1 server x 1 worker": (1, 1),
    "1 server x 2 workers": (1, 2),
    "2 servers x 1 worker": (2, 1),
}


def _worker_rss_mb(master_pids: list[int]) -> list[float]:
    """Resident memory of each gunicorn worker (the masters' children), in MB."""
    sizes = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            status = (proc / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("PPid", "0").strip()) in master_pids:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def _run_shape(
    name: str, servers: int, workers: int, args: argparse.Namespace, tmp: Path
) -> list[dict[str, str]]:
    apps = [free_port() for _ in range(servers)]
    https, http_port = free_port(), free_port()
    main = nginx_config(tmp, https=https, http_port=http_port, apps=apps)
    env = {
        **os.environ,
        "BEHIND_HTTPS": "true",
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "SITE_URL": f"https://{HOST}",
        "LOG_LEVEL": "WARNING",
        "DEBUG": "0",
        "CARELOOP_PAGE_PARTS": "1" if args.parts == "on" else "0",
    }
    # The keys (secret, audit) are the ones locust_prepare.py used: generated in var/ and
    # shared by every app server on this machine.
    env["CARELOOP_LOCAL"] = "1"
    procs: list[subprocess.Popen[bytes]] = []
    logs = []
    serve = [str(BIN / "careloop"), "serve", "--workers", str(workers), "--port"]
    try:
        for port in apps:
            log = (tmp / f"app-{port}.log").open("wb")
            logs.append(log)
            procs.append(
                subprocess.Popen(
                    [*serve, str(port)],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        for port in apps:
            try:
                wait_for(port)
            except AssertionError:
                raise SystemExit((tmp / f"app-{port}.log").read_text()[-3000:]) from None
        nginx = subprocess.Popen([str(NGINX), "-c", str(main), "-g", "daemon off;"])
        time.sleep(1)
        prefix = args.out / name.replace(" ", "_")
        # Sign-in hashes a password (PBKDF2, on purpose slow): practitioners arrive at
        # --spawn-rate, and the numbers count only once all are in (--reset-stats).
        ramp = int(args.users / args.spawn_rate) + 1
        started = time.monotonic()
        subprocess.run(
            [
                *(str(BIN / "locust"), "-f", str(Path(__file__).with_name("locustfile.py"))),
                *("--host", f"https://127.0.0.1:{https}", "--headless"),
                *("--users", str(args.users), "--spawn-rate", str(args.spawn_rate)),
                *("--run-time", f"{ramp + args.run_time}s", "--reset-stats"),
                *("--csv", str(prefix), "--only-summary"),
                "--loglevel",
                "WARNING",
            ],
            env={
                **env,
                "CARELOOP_LOAD_PARTS_FILE": f"{prefix}_parts.json",
                "CARELOOP_LOAD_HOST_HEADER": HOST,
                "CARELOOP_LOAD_PRACTICES": str(args.practices),
            },
            check=False,
            capture_output=True,
        )
        elapsed = time.monotonic() - started
        memory = _worker_rss_mb([p.pid for p in procs])
        nginx.terminate()
        nginx.wait(20)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(30)
        for log in logs:
            log.close()
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    parts_file = Path(f"{prefix}_parts.json")
    parts = json.loads(parts_file.read_text()) if parts_file.exists() else []
    for row in rows:
        row["shape"] = name
        row["memory"] = ", ".join(f"{m:.0f}" for m in memory)
        row["elapsed"] = f"{elapsed:.0f}"
        kept = sum(n for page, part, n in parts if page == row["Name"] and part == "kept")
        seen = sum(n for page, part, n in parts if page == row["Name"])
        row["kept"] = f"{kept} of {seen}" if seen else ""
    return rows


def _report(rows: list[dict[str, str]], args: argparse.Namespace) -> None:
    print(
        f"\n## Load: {args.users} practitioners over {args.practices} practices, "
        f"{args.run_time} s measured per shape after all signed in (PostgreSQL, nginx + "
        f"gunicorn, kept parts {args.parts}, {os.cpu_count()} CPUs, locust on the same "
        "machine)\n"
    )
    print("| shape | requests/s | failures | p50 ms | p95 ms | worker memory MB |")
    print("|---|---:|---:|---:|---:|---|")
    for row in rows:
        if row["Name"] == "Aggregated":
            failures = int(row["Failure Count"]) / max(1, int(row["Request Count"]))
            print(
                f"| {row['shape']} | {float(row['Requests/s']):.1f} | {failures:.2%} | "
                f"{row['50%']} | {row['95%']} | {row['memory']} |"
            )
    print("\n### Per endpoint: p50 / p95 ms (requests)\n")
    shapes = list(dict.fromkeys(r["shape"] for r in rows))
    names = sorted({r["Name"] for r in rows if r["Name"] != "Aggregated"})
    print("| endpoint | " + " | ".join(shapes) + " |")
    print("|---|" + "---:|" * len(shapes))
    for name in names:
        cells = []
        for shape in shapes:
            row = next((r for r in rows if r["shape"] == shape and r["Name"] == name), None)
            if row is None:
                cells.append("-")
                continue
            failed = f", {row['Failure Count']} failed" if row["Failure Count"] != "0" else ""
            kept = f", body kept {row['kept']}" if row.get("kept") else ""
            cells.append(f"{row['50%']} / {row['95%']} ({row['Request Count']}{failed}{kept})")
        print(f"| {name} | " + " | ".join(cells) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--spawn-rate", type=float, default=1, help="sign-ins per second")
    parser.add_argument(
        "--run-time", type=int, default=120, help="seconds measured per shape, after the ramp"
    )
    parser.add_argument("--practices", type=int, default=200, help="as prepared")
    parser.add_argument("--shapes", nargs="*", default=list(SHAPES), choices=list(SHAPES))
    parser.add_argument(
        "--parts",
        choices=("on", "off"),
        default="on",
        help="kept page parts (careloop/core/pageparts.py) in the app servers",
    )
    parser.add_argument("--out", type=Path, default=Path("var/bench-load"))
    args = parser.parse_args()
    if NGINX is None:
        raise SystemExit("nginx is not installed (apt-get install nginx-light)")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to the PostgreSQL database locust_prepare.py filled")
    args.out.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, str]] = []
    for name in args.shapes:
        servers, workers = SHAPES[name]
        with tempfile.TemporaryDirectory(prefix="careloop-load-") as tmp:
            rows.extend(_run_shape(name, servers, workers, args, Path(tmp)))
        print(f"  measured: {name}", file=sys.stderr, flush=True)
    _report(rows, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
