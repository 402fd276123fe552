"""`make run` (careloop serve --with-worker): one command starts the web server and the
worker; Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from careloop.outbox.testing import CARELOOP, Site
from careloop.testing.smtp import free_port


def _children(pid: int) -> dict[int, str]:
    found = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            cmdline = (status.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in text:
            found[int(status.parent.name)] = cmdline
    return found


def test_one_command_serves_and_works_and_ctrl_c_stops_both(tmp_path):
    site = Site(tmp_path, smtp_port=free_port())
    site.run("migrate")
    port = free_port()
    parent = subprocess.Popen(
        [CARELOOP, "serve", "--with-worker", "--port", str(port), "--workers", "1"],
        env={**site.env, "DEBUG": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.3)
        children = _children(parent.pid)
        assert any("gunicorn" in c for c in children.values()), children
        assert any(c.rstrip().endswith("careloop worker") for c in children.values()), children
        os.killpg(parent.pid, signal.SIGINT)  # Ctrl-C in the terminal: the whole group
        assert parent.wait(40) == 0
        assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]
    finally:
        if parent.poll() is None:
            os.killpg(parent.pid, signal.SIGKILL)
