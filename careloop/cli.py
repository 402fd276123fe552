"""The `careloop` console command. Each verb wraps a service; none holds business logic."""

from __future__ import annotations

import argparse
import fcntl
import importlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command

from careloop.triage.cli import main as triage_main


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careloop.settings")
    django.setup()


def _cmd_serve(args: argparse.Namespace) -> int:
    if args.local:
        os.environ["CARELOOP_LOCAL"] = "1"
    _django_setup()
    _collect_static()
    bind = f"{args.host}:{args.port}"
    print(f"CareLoop is serving at http://{bind}/  (press Ctrl+C to stop)", flush=True)
    argv = [
        "gunicorn",
        "careloop.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        # Query values (search terms are client names) never reach the log.
        "--logger-class",
        "careloop.core.gunicorn_logging.RedactingLogger",
        "--log-level",
        "warning",
    ]
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    if not args.with_worker:
        os.execv(gunicorn, argv)  # noqa: S606 - replaces this process with the server
    careloop = os.path.join(os.path.dirname(sys.executable), "careloop")
    return _run_together([[gunicorn, *argv[1:]], [careloop, "worker"]])


def _collect_static() -> None:
    """Collect static files, one app server at a time: servers of one machine share
    STATIC_ROOT, and two collecting at once (systemd starting careloop-web@8001 and @8002
    together) trip over each other's half-written files."""
    root = Path(settings.STATIC_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    with open(root.parent / "collectstatic.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        call_command("collectstatic", interactive=False, verbosity=0)


def _run_together(commands: list[list[str]]) -> int:
    """Run the web server and the worker side by side (`make run`): when one stops, or on
    Ctrl-C or SIGTERM, stop both (each finishes what it has in hand), then return."""
    children = [subprocess.Popen(command) for command in commands]  # noqa: S603 - our own tools

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    interrupted = False
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.3)
    except KeyboardInterrupt:
        interrupted = True
    if interrupted:
        # Ctrl-C in a terminal reached the children too: give them a moment to stop on
        # their own (a second signal would cut the worker's task short).
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(c.poll() is None for c in children):
            time.sleep(0.1)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    return max((abs(child.returncode or 0) for child in children), default=0) and 1


def _cmd_migrate(args: argparse.Namespace) -> int:
    _django_setup()

    call_command("migrate", interactive=False, verbosity=0)
    print("Database is up to date.")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    _django_setup()
    from careloop.demo import demo_seed  # noqa: PLC0415 - imported once django.setup() has run (the parser is built before)

    login = demo_seed()
    print("Demo practice ready. Sign in with:")
    for email, password, role in login:
        print(f"  {email} / {password}  ({role})")
    return 0


# Apps add verbs by listing a module here that has `register(subparsers)`; each verb's
# function is called with the parsed arguments after Django is set up.
VERB_MODULES: list[str] = [
    "careloop.audit.cli",
    "careloop.accounts.cli",
    "careloop.core.cli",
    "careloop.training.cli",
    "careloop.episodes.cli",
    "careloop.letters.cli",
    "careloop.record.cli",
    "careloop.fhir.cli",
    "careloop.checkin.cli",
    "careloop.mfa.cli",
    "careloop.jobs.cli",
    "careloop.cases.cli",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="careloop", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the web application with gunicorn")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument("--local", action="store_true", help="allow the generated key in var/")
    serve.add_argument(
        "--with-worker",
        action="store_true",
        help="also run `careloop worker` (e-mail, schedule) beside the server; Ctrl+C stops both",
    )
    serve.set_defaults(func=_cmd_serve)

    sub.add_parser("migrate", help="create or update the database").set_defaults(func=_cmd_migrate)
    sub.add_parser("demo", help="seed the demo practice (idempotent)").set_defaults(func=_cmd_demo)

    sub.add_parser(
        "triage", help="triage a pain report (see `careloop triage --help`)", add_help=False
    )

    for module_name in VERB_MODULES:
        importlib.import_module(module_name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # The triage verb has its own parser (and needs no Django), so hand it the rest as is.
    if args_list and args_list[0] == "triage":
        return triage_main(args_list[1:])
    parser = build_parser()
    args = parser.parse_args(args_list)
    if getattr(args, "needs_django", False):
        _django_setup()
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
