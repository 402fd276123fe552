"""deploy/nginx/careloop.conf passes `nginx -t`, and with two real gunicorn app servers
behind it (sharing one database) a signed-in session is served by either."""

from __future__ import annotations

import http.client
import os
import re
import ssl
import subprocess
import time
from http.cookies import SimpleCookie

import pytest

from careloop.outbox.testing import CARELOOP, Site
from careloop.testing.deploy import HOST, NGINX, nginx_config, wait_for
from careloop.testing.personas import PASSWORD
from careloop.testing.smtp import free_port

pytestmark = pytest.mark.skipif(
    NGINX is None and os.environ.get("CARELOOP_REQUIRE_NGINX") != "1",
    reason="nginx is not installed (apt-get install nginx-light; .ci/run installs it)",
)


class Browser:
    """Just enough of one: HTTPS to the proxy, the site's host name, its cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.context = ssl._create_unverified_context()  # noqa: S323 - our self-signed test cert

    def request(self, method: str, path: str, body: str = "") -> tuple[int, str]:
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context)
        headers = {"Host": HOST, "Referer": f"https://{HOST}/login/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        text = response.read().decode()
        conn.close()
        return response.status, text


def test_nginx_accepts_the_config_and_either_server_serves_a_signed_in_session(tmp_path):
    apps = [free_port(), free_port()]
    https, http_port = free_port(), free_port()
    main = nginx_config(tmp_path, https=https, http_port=http_port, apps=apps)
    checked = subprocess.run([NGINX, "-t", "-c", str(main)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr

    site = Site(tmp_path, smtp_port=free_port())
    site.env.update(
        BEHIND_HTTPS="true",
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        SITE_URL=f"https://{HOST}",
        SECRET_KEY="a-test-key-shared-by-both-app-servers-0123456789",
    )
    site.run("migrate")
    site.python("from careloop.testing.personas import make_personas\nmake_personas()\n")
    servers, logs = [], []
    try:
        for port in apps:
            log = (tmp_path / f"app-{port}.log").open("wb")
            logs.append(log)
            servers.append(
                subprocess.Popen(
                    [CARELOOP, "serve", "--port", str(port), "--workers", "1"],
                    env={**site.env, "ALLOWED_HOSTS": f"{HOST},127.0.0.1"},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        for port in apps:
            wait_for(port)
        servers.append(subprocess.Popen([NGINX, "-c", str(main), "-g", "daemon off;"]))

        browser = Browser(https)
        deadline = time.monotonic() + 20
        while True:
            try:
                status, page = browser.request("GET", "/login/")
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.2)
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _ = browser.request(
            "POST",
            "/login/",
            f"csrfmiddlewaretoken={token}&username=bob%40example.com&password={PASSWORD}",
        )
        assert status == 302, "sign-in failed"
        for _ in range(6):
            status, page = browser.request("GET", "/")
            assert status == 200 and "Bob Baker" in page
        time.sleep(0.5)  # gunicorn writes its access log line after the response
        served = [(tmp_path / f"app-{port}.log").read_text().count('"GET / HTTP') for port in apps]
        assert all(count >= 2 for count in served), served  # both servers, one session
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(20)
        for log in logs:
            log.close()
