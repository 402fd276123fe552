"""App servers of one machine share STATIC_ROOT; `careloop serve` collects static files
under a lock, so two starting together (systemd's careloop-web@8001 and @8002, or the load
benchmark) do not trip over each other's half-written files. Found when the second of two
servers started at once died with FileNotFoundError inside collectstatic."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time

COLLECT = "import django; django.setup(); from careloop import cli; cli._collect_static()"


def test_a_second_server_waits_for_the_first_to_finish_collecting(tmp_path):
    env = {
        **os.environ,
        "CARELOOP_LOCAL": "1",
        "CARELOOP_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "careloop.settings",
    }
    with open(tmp_path / "collectstatic.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a first server would, while it collects
        second = subprocess.Popen([sys.executable, "-c", COLLECT], env=env)
        time.sleep(3)
        assert second.poll() is None, "collected while another server held the lock"
        assert not (tmp_path / "staticfiles").exists()
    assert second.wait(120) == 0
    assert any((tmp_path / "staticfiles").rglob("app*.css"))
