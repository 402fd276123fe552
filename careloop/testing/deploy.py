"""Run deploy/nginx/careloop.conf on this machine: the CI test of two app servers behind
the proxy and the load benchmark (bench/bench_load.py) start the same configuration."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "careloop.conf"
HOST = "careloop.example.com"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def nginx_config(tmp: Path, *, https: int, http_port: int, apps: list[int]) -> Path:
    """The deploy file with this machine's ports and a self-signed certificate in place of
    the lines marked "deploy:", inside a minimal main configuration under ``tmp``."""
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", f"/CN={HOST}", "-keyout", str(tmp / "key.pem")),
            *("-out", str(tmp / "cert.pem")),
        ],
        check=True,
        capture_output=True,
    )
    site = CONF.read_text()
    upstreams = "".join(f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;\n" for p in apps)
    site = re.sub(r"(?m)^    server 127\.0\.0\.1:800\d.*\n", "", site)
    site = site.replace("upstream careloop_app {\n", "upstream careloop_app {\n" + upstreams)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = site.replace("listen 443 ssl;", f"listen 127.0.0.1:{https} ssl;")
    site = re.sub(r"ssl_certificate (\S+);", f"ssl_certificate {tmp / 'cert.pem'};", site)
    site = re.sub(r"ssl_certificate_key (\S+);", f"ssl_certificate_key {tmp / 'key.pem'};", site)
    assert site.count(str(tmp)) == 2 and f":{https} ssl" in site
    (tmp / "careloop.conf").write_text(site)
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temps = "".join(
        f"    {name}_temp_path {tmp / name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = tmp / "nginx.conf"
    main.write_text(
        f"{user}worker_processes 1;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'};\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n    access_log off;\n{temps}    include {tmp / 'careloop.conf'};\n}}\n"
    )
    return main


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 180  # a loaded CI machine starts two servers at once
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, f"nothing answers on {port}"
        time.sleep(0.3)
