"""A realistic day of CareLoop for locust (pin: locust==2.47.0, the `bench` extra).

Practitioners across PRACTICES practices (bench/locust_prepare.py makes them: 50 clients
and 30 sessions each) sign in, then through the day: open the dashboard, the client list,
a client's page with its charts; log a session; record a pain report and decide on it;
draft a letter and download it; open the network's threads and search. Reads far
outnumber writes, as in a practice.

    .venv/bin/pip install -c constraints.txt -e ".[bench]"
    DATABASE_URL=postgres://... .venv/bin/python bench/locust_prepare.py --practices 200
    .venv/bin/locust -f bench/locustfile.py --host https://careloop.example.com \\
        --users 400 --spawn-rate 20 --run-time 10m --headless --csv bench/results/day

Per-endpoint names are URL patterns (/clients/[id]/), so p50/p95 group by page, not by id.
Forms are filled from the page itself (every field as the page offers it, blanks filled),
so a change of form keeps the scenario running; a refused form (shown again, or a 4xx)
counts as a failure.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections import Counter
from html.parser import HTMLParser
from typing import Any

from locust import HttpUser, between, events, task

PRACTICES = int(os.environ.get("CARELOOP_LOAD_PRACTICES", "200"))
PASSWORD = os.environ.get("CARELOOP_LOAD_PASSWORD", "careloop-load")
# bench/bench_load.py reaches nginx by address with a self-signed certificate: the site's
# name goes in the Host header (nginx and Django route and check on it).
HOST_HEADER = os.environ.get("CARELOOP_LOAD_HOST_HEADER", "")


# Kept or built, per page (the X-CareLoop-Part header, careloop/core/pageparts.py): how
# often a page's body is reused in this day's mix of reads and writes. Counted from the
# same moment as locust's numbers (--reset-stats: once every practitioner has arrived) and
# written where bench_load.py reads it.
PARTS_FILE = os.environ.get("CARELOOP_LOAD_PARTS_FILE", "")
_parts: Counter[tuple[str, str]] = Counter()


@events.request.add_listener
def _count_part(name: str, response: Any = None, **_: Any) -> None:
    part = response.headers.get("X-CareLoop-Part") if response is not None else None
    if part:
        _parts[(name, part)] += 1


@events.spawning_complete.add_listener
def _reset_parts(**_: Any) -> None:
    _parts.clear()


@events.quitting.add_listener
def _write_parts(**_: Any) -> None:
    if PARTS_FILE:
        with open(PARTS_FILE, "w") as f:
            json.dump([[name, part, n] for (name, part), n in sorted(_parts.items())], f)


class _Form(HTMLParser):
    """The first <form method=post> whose action matches, as name -> value pairs."""

    def __init__(self, action_re: str) -> None:
        super().__init__()
        self.action_re = re.compile(action_re)
        self.inside = False
        self.done = False
        self.action = ""
        self.fields: dict[str, str] = {}
        self.radios: dict[str, str] = {}
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        is_post = a.get("method", "").lower() == "post"
        if (
            tag == "form"
            and not self.done
            and is_post
            and self.action_re.search(a.get("action", ""))
        ):
            self.inside, self.action = True, a.get("action", "")
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "radio":
                if "checked" in a or name not in self.radios:
                    self.radios[name] = a.get("value", "")
            elif kind == "checkbox":
                if "checked" in a:
                    self.fields[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                value = a.get("value", "")
                if not value and "required" in a:
                    value = {"number": a.get("min", "1") or "1", "email": "load@example.com"}.get(
                        kind, "Load test"
                    )
                self.fields[name] = value
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select:
            first = self.select not in self.fields and a.get("value", "")
            if first or "selected" in a:
                self.fields[self.select] = a.get("value", "")
        elif tag == "textarea" and name:
            self.fields[name] = "Load test"

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
            self.fields.update(self.radios)


def form_on(html: str, action_re: str = r".*", **overrides: str) -> tuple[str, dict[str, str]]:
    parser = _Form(action_re)
    parser.feed(html)
    return parser.action, {**parser.fields, **overrides}


def ids(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(pattern, html)))


class Practitioner(HttpUser):
    wait_time = between(2, 8)

    def on_start(self) -> None:
        if HOST_HEADER:
            self.client.headers["Host"] = HOST_HEADER
            self.client.verify = False
        n = random.randrange(PRACTICES)
        page = self.client.get("/login/", name="/login/")
        _, fields = form_on(page.text, r".*")
        fields.update(username=f"load-{n}@bench.careloop.test", password=PASSWORD)
        self.client.post("/login/", data=fields, name="/login/ POST", headers=self._referer())
        self.clients = ids(self.client.get("/clients/", name="/clients/").text, r"/clients/(\d+)/")

    def _referer(self) -> dict[str, str]:
        return {"Referer": f"https://{HOST_HEADER}/" if HOST_HEADER else f"{self.host}/"}

    def _client_id(self) -> str | None:
        return random.choice(self.clients) if self.clients else None

    @task(10)
    def dashboard(self) -> None:
        self.client.get("/", name="/ (dashboard)")

    @task(6)
    def client_list(self) -> None:
        self.client.get("/clients/", name="/clients/")

    @task(8)
    def client_page_with_charts(self) -> None:
        client_id = self._client_id()
        if client_id is None:
            return
        page = self.client.get(f"/clients/{client_id}/", name="/clients/[id]/")
        # The charts come after the page (htmx): fetch what the page asks for.
        for path in re.findall(r'hx-get="([^"]+)"', page.text)[:3]:
            self.client.get(path, name=re.sub(r"\d+", "[id]", path), headers={"HX-Request": "true"})

    @task(3)
    def episodes(self) -> None:
        page = self.client.get("/episodes/", name="/episodes/")
        for episode_id in ids(page.text, r"/episodes/(\d+)/")[:1]:
            self.client.get(f"/episodes/{episode_id}/", name="/episodes/[id]/")

    @task(3)
    def log_a_session(self) -> None:
        client_id = self._client_id()
        if client_id is None:
            return
        url = f"/clients/{client_id}/sessions/new/"
        page = self.client.get(url, name="/clients/[id]/sessions/new/")
        action, fields = form_on(page.text, r"^$|sessions/new")  # posts to itself
        with self.client.post(
            action or url,
            data=fields,
            name="/clients/[id]/sessions/new/ POST",
            headers=self._referer(),
            catch_response=True,
        ) as done:
            # Saved, the form redirects; shown again, it refused a field (a failure here).
            if done.status_code >= 400 or "/sessions/new/" in (done.url or ""):
                fields = ", ".join(ids(done.text, r'id="id_(\w+)_error"')) or "no field"
                done.failure(f"session refused ({done.status_code}: {fields})")
            else:
                done.success()

    @task(2)
    def pain_report_and_decision(self) -> None:
        client_id = self._client_id()
        if client_id is None:
            return
        url = f"/clients/{client_id}/pain-reports/new/"
        page = self.client.get(url, name="/clients/[id]/pain-reports/new/")
        action, fields = form_on(page.text, r"^$|pain-reports/new", pain_now="3")
        with self.client.post(
            action or url,
            data=fields,
            name="/clients/[id]/pain-reports/new/ POST",
            headers=self._referer(),
            catch_response=True,
        ) as done:
            if done.status_code >= 400 or "/pain-reports/new/" in (done.url or ""):
                done.failure(f"pain report refused ({done.status_code})")
                return
            done.success()
        match = re.search(r"/triage/(\d+)/", done.url or "") or re.search(
            r"/triage/(\d+)/", done.text
        )
        if not match:
            return
        rec = self.client.get(f"/triage/{match.group(1)}/", name="/triage/[id]/")
        action, fields = form_on(rec.text, r"/decide/")
        if action:
            self.client.post(
                action, data=fields, name="/triage/[id]/decide/ POST", headers=self._referer()
            )

    @task(1)
    def draft_and_download_a_letter(self) -> None:
        page = self.client.get("/episodes/", name="/episodes/")
        episode_ids = ids(page.text, r"/episodes/(\d+)/")
        if not episode_ids:
            return
        episode = self.client.get(
            f"/episodes/{random.choice(episode_ids)}/",
            name="/episodes/[id]/",
        )
        action, fields = form_on(episode.text, r"letters")
        if not action:
            return
        drafted = self.client.post(
            action, data=fields, name="letter draft POST", headers=self._referer()
        )
        for letter_id in ids(drafted.url or "", r"/letters/(\d+)/")[:1]:
            self.client.get(f"/letters/{letter_id}/letter.pdf", name="/letters/[id]/letter.pdf")

    @task(2)
    def network(self) -> None:
        page = self.client.get("/network/", name="/network/")
        for thread in re.findall(r'href="(/network/t/\d+/[^"]*)"', page.text)[:1]:
            self.client.get(thread, name="/network/t/[id]/")
        self.client.get("/network/search/?q=knee", name="/network/search/")
