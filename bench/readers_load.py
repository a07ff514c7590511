"""The clients of bench_readers's load run: logged-out readers polling for new replies,
members reading, members posting; each a thread, until a deadline. Standard library only.

- A logged-out reader opens an article page, then polls `/forum/t/<id>/new/?after=<cursor>`
  every `poll_every` seconds, as the page's htmx poller does, moving its cursor on as new
  posts arrive (the cursor is read off the answer, as htmx swaps in the renewed poller).
- A member opens an article page (logged in), thinks for `member_think` seconds, opens another.
- A poster posts through the comments API as the single-page app does (session cookie, CSRF
  header), half top-level and half replies to a comment posted before, every `poster_think`
  seconds, into the active articles only: most readers sit on quiet pages, as on a real site.

Every response carries `X-Bench-Statements` (bench/readers_wsgi.py): the statements it sent.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from bench.loadgen import CSRF_COOKIE, SESSION_COOKIE, SESSION_URL, comments_url

REQUEST_TIMEOUT = 30.0
CURSOR = re.compile(rb"/new/\?after=(\d+)")
NEWS = b"hx-swap-oob"


@dataclass(frozen=True)
class Hit:
    """One request as its client saw it; status 0 when no answer came."""

    kind: str
    status: int
    seconds: float
    statements: int  # from X-Bench-Statements; -1 when the answer had none
    error: str = ""
    post_id: int | None = None
    server_seconds: float = -1.0  # from X-Bench-Seconds: the server's own time, no queueing


@dataclass(frozen=True)
class Article:
    slug: str
    url: str
    topic_id: int
    active: bool  # posters post here


@dataclass
class Scenario:
    articles: Sequence[Article]
    readers: int
    member_sessions: Sequence[str]
    poster_sessions: Sequence[str]
    seconds: float
    poll_every: float = 20.0
    member_think: float = 5.0
    poster_think: float = 10.0
    reply_share: float = 0.5
    posted: dict[str, list[int]] = field(default_factory=dict)  # slug: ids, for replies
    lock: threading.Lock = field(default_factory=threading.Lock)


class Browser:
    """One visitor's connection and cookies. Not thread-safe: one per thread."""

    def __init__(self, address: tuple[str, int], session: str = "") -> None:
        self.connection = http.client.HTTPConnection(*address, timeout=REQUEST_TIMEOUT)
        self.cookies = {SESSION_COOKIE: session} if session else {}

    def request(
        self, kind: str, method: str, path: str, payload: object = None
    ) -> tuple[Hit, bytes]:
        headers = {"Accept": "application/json" if payload is not None else "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
            headers["X-CSRFToken"] = self.cookies.get(CSRF_COOKIE, "")
        started = time.monotonic()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            return Hit(kind, 0, time.monotonic() - started, -1, repr(error)), b""
        seconds = time.monotonic() - started
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        statements = int(response.getheader("X-Bench-Statements", "-1"))
        server = float(response.getheader("X-Bench-Seconds", "-1"))
        return Hit(kind, response.status, seconds, statements, server_seconds=server), raw


def _cursor(page: bytes, default: int) -> int:
    found = CURSOR.search(page)
    return int(found.group(1)) if found else default


def _reader(scenario: Scenario, browser: Browser, n: int, stop: threading.Event) -> list[Hit]:
    article = scenario.articles[n % len(scenario.articles)]
    # Readers arrive spread over a poll's period, then poll at its cadence.
    if stop.wait(random.uniform(0, scenario.poll_every)):  # noqa: S311
        return []
    hit, page = browser.request("article page, logged out", "GET", article.url)
    hits, cursor = [hit], _cursor(page, 0)
    next_at = time.monotonic() + scenario.poll_every
    while not stop.wait(max(0.0, next_at - time.monotonic())):
        path = f"/forum/t/{article.topic_id}/new/?after={cursor}&sort=oldest"
        hit, fragment = browser.request("poll", "GET", path)
        news = NEWS in fragment
        kind = f"poll, {'new replies' if news else 'nothing new'}"
        hits.append(Hit(kind, *_rest(hit), server_seconds=hit.server_seconds))
        cursor = _cursor(fragment, cursor)
        next_at += scenario.poll_every
    return hits


def _rest(hit: Hit) -> tuple[int, float, int, str]:
    return hit.status, hit.seconds, hit.statements, hit.error


def _member(scenario: Scenario, browser: Browser, n: int, stop: threading.Event) -> list[Hit]:
    rng = random.Random(f"member-{n}")  # noqa: S311 - a seeded plan, not a secret
    hits: list[Hit] = []
    if stop.wait(rng.uniform(0, scenario.member_think)):
        return hits
    while True:
        article = rng.choice(scenario.articles)
        hits.append(browser.request("article page, member", "GET", article.url)[0])
        if stop.wait(rng.uniform(0.5, 1.5) * scenario.member_think):
            return hits


def _poster(scenario: Scenario, browser: Browser, n: int, stop: threading.Event) -> list[Hit]:
    rng = random.Random(f"poster-{n}")  # noqa: S311 - a seeded plan, not a secret
    active = [article for article in scenario.articles if article.active]
    hits = [browser.request("session (CSRF cookie)", "GET", SESSION_URL)[0]]
    count = 0
    if stop.wait(rng.uniform(0, scenario.poster_think)):
        return hits
    while True:
        article = rng.choice(active)
        payload: dict[str, object] = {
            "body": f"Load comment {count} from poster {n}: the *separation* plant is on line.",
        }
        with scenario.lock:
            earlier = scenario.posted.get(article.slug, [])
            if earlier and rng.random() < scenario.reply_share:
                payload["parent"] = rng.choice(earlier)
        hit, raw = browser.request("post a comment", "POST", comments_url(article.slug), payload)
        post_id = _created_id(hit, raw)
        if post_id is not None:
            with scenario.lock:
                scenario.posted.setdefault(article.slug, []).append(post_id)
        hits.append(Hit(hit.kind, *_rest(hit), post_id=post_id, server_seconds=hit.server_seconds))
        count += 1
        if stop.wait(rng.uniform(0.5, 1.5) * scenario.poster_think):
            return hits


def _created_id(hit: Hit, raw: bytes) -> int | None:
    if hit.status not in (201, 202):
        return None
    try:
        data: Any = json.loads(raw)
    except ValueError:
        return None
    return data.get("id") if isinstance(data, dict) else None


def load_run(scenario: Scenario, address: tuple[str, int]) -> tuple[list[Hit], float]:
    """Every client at work until `scenario.seconds` have passed; their requests, and the
    run's wall time (the last answer included)."""
    stop = threading.Event()
    results: list[list[Hit]] = []
    threads = []
    Work = Callable[[Scenario, Browser, int, threading.Event], list[Hit]]
    plan: list[tuple[Work, str, int]] = [(_reader, "", n) for n in range(scenario.readers)]
    plan += [(_member, s, n) for n, s in enumerate(scenario.member_sessions)]
    plan += [(_poster, s, n) for n, s in enumerate(scenario.poster_sessions)]

    def client(work: Work, session: str, n: int) -> None:
        browser = Browser(address, session)
        try:
            hits = work(scenario, browser, n, stop)
        finally:
            browser.connection.close()
        with scenario.lock:
            results.append(hits)

    started = time.monotonic()
    for work, session, n in plan:
        thread = threading.Thread(target=client, args=(work, session, n), daemon=True)
        thread.start()
        threads.append(thread)
    stop.wait(scenario.seconds)
    stop.set()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT + 5)
    return [hit for hits in results for hit in hits], time.monotonic() - started
