"""A bounded load generator for the comments API, shared by tests/load and bench/bench_load.py.

Standard library only: each client is a thread with one `http.client` connection (kept alive
where the server allows; gunicorn's sync workers close it after each answer, and the client
connects again), logged in as a reader of its own (a session cookie, as a browser holds it
after logging in), posting comments and replies through `POST /api/v1/articles/<slug>/comments/`
as a single-page app does: session cookie, and the CSRF cookie's value in `X-CSRFToken`.

Bounded: a fixed number of clients and posts, a timeout on every request and a deadline for the
whole run, after which clients start nothing new (what they did not send is counted).
"""

from __future__ import annotations

import http.client
import json
import random
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from http.cookies import SimpleCookie
from typing import Any

SESSION_COOKIE = "sessionid"
CSRF_COOKIE = "csrftoken"
# What a single-page app calls first: allauth's headless session endpoint, which sets the CSRF
# cookie it must echo in X-CSRFToken on every write.
SESSION_URL = "/_allauth/browser/v1/auth/session"
REQUEST_TIMEOUT = 30.0  # seconds, each request
PAUSE_AFTER_FAILURE = 0.05  # seconds a client waits after a failed request before its next


def comments_url(slug: str) -> str:
    return f"/api/v1/articles/{slug}/comments/"


@dataclass(frozen=True)
class Outcome:
    """One request as its client saw it. `status` is 0 when no response came (refused,
    reset, timed out); `error` then says why."""

    method: str
    path: str
    status: int
    started: float  # time.monotonic() when the request began
    seconds: float  # until the whole response was read, or the failure
    error: str = ""
    content_type: str = ""
    retry_after: str = ""  # the Retry-After header, if the answer had one
    post_id: int | None = None  # the comment a 201 or 202 created
    parent: int | None = None  # the comment a post answered
    slug: str = ""  # whose comments a post went to

    @property
    def ended(self) -> float:
        return self.started + self.seconds

    @property
    def server_error(self) -> bool:
        return self.status >= 500


class ApiClient:
    """One reader's connection to the site, cookies and all. Not thread-safe: one per thread."""

    def __init__(
        self, host: str, port: int, *, session: str, timeout: float = REQUEST_TIMEOUT
    ) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=timeout)
        self.cookies = {SESSION_COOKIE: session}

    def close(self) -> None:
        self.connection.close()

    def request(self, method: str, path: str, payload: object = None) -> tuple[Outcome, Any]:
        """Send one request and read the whole answer; never raises for a network failure
        (the outcome says what happened). Returns the outcome and the decoded JSON, if any."""
        headers = {
            "Accept": "application/json",
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        if CSRF_COOKIE in self.cookies and method not in ("GET", "HEAD"):
            headers["X-CSRFToken"] = self.cookies[CSRF_COOKIE]
        started = time.monotonic()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()  # the next request connects afresh
            failed = Outcome(method, path, 0, started, time.monotonic() - started, repr(error))
            return failed, None
        seconds = time.monotonic() - started
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        data = None
        if (response.getheader("Content-Type") or "").startswith("application/json"):
            try:
                data = json.loads(raw)
            except ValueError:
                data = None
        answered = Outcome(
            method,
            path,
            response.status,
            started,
            seconds,
            content_type=response.getheader("Content-Type", ""),
            retry_after=response.getheader("Retry-After", ""),
        )
        return answered, data

    def start(self) -> Outcome:
        """What a single-page app does on load: ask who is logged in, and keep the CSRF cookie
        that answer sets."""
        outcome, _ = self.request("GET", SESSION_URL)
        return outcome

    def comment(self, slug: str, body: str, parent: int | None = None) -> Outcome:
        payload: dict[str, object] = {"body": body}
        if parent is not None:
            payload["parent"] = parent
        outcome, data = self.request("POST", comments_url(slug), payload)
        post_id = data.get("id") if outcome.status in (201, 202) and data else None
        return replace(outcome, post_id=post_id, parent=parent, slug=slug)


def percentile(values: Sequence[float], share: float) -> float:
    """The `share` (0 to 1) percentile, interpolated within the values."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=1000, method="inclusive")[round(share * 1000) - 1]


def human(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


@dataclass
class LoadResult:
    """Every request of a run, and how long the run took."""

    clients: int
    outcomes: list[Outcome]
    wall: float
    unsent: int  # requests never started: the deadline passed first

    def statuses(self) -> Counter[int]:
        return Counter(outcome.status for outcome in self.outcomes)

    def created(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.post_id is not None]

    def failures(self) -> list[Outcome]:
        """Requests that got no answer, or a server error."""
        return [o for o in self.outcomes if o.status == 0 or o.server_error]

    def latencies(self, status: int | None = None) -> list[float]:
        """Seconds per answered request (with `status`, those answered so only)."""
        return [
            o.seconds for o in self.outcomes if o.status and (status is None or o.status == status)
        ]

    @property
    def throughput(self) -> float:
        """Answered requests per second over the whole run."""
        return len(self.latencies()) / self.wall

    def summary(self) -> str:
        """One line: how many, how fast, p50 and p99 latency, and every status seen."""
        times = self.latencies()
        statuses = ", ".join(
            f"{status or 'no answer'} x{count}" for status, count in sorted(self.statuses().items())
        )
        quantiles = (
            f"p50 {human(percentile(times, 0.50))}, p99 {human(percentile(times, 0.99))}, "
            f"max {human(max(times))}"
            if times
            else "no answers"
        )
        return (
            f"{len(self.outcomes):,} requests from {self.clients} clients in {self.wall:.1f} s "
            f"({self.throughput:.0f}/s); {quantiles}; statuses: {statuses}"
            + (f"; {self.unsent} never sent (deadline)" if self.unsent else "")
        )


@dataclass
class PostingPlan:
    """What each client posts: `posts` comments into the discussions of `slugs`, each a reply
    with probability `reply_share` to a comment already posted there (by anyone; top-level
    while there is none), else top-level. A seeded generator per client makes every client's
    choices the same from run to run; which comment a reply answers also depends on what
    others have posted by then."""

    slugs: Sequence[str]
    posts: int
    reply_share: float = 0.5
    seed: int = 2024
    label: str = "Comment"  # begins every body: runs with the same clients need different ones
    _posted: dict[str, list[int]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def body(self, client: int, n: int) -> str:
        # Unique per author: the same body twice within minutes is refused as a repeat.
        return (
            f"{self.label} {n} from client {client}: separation capacity outside China is still "
            "*thin*, and **magnet** makers know it."
        )

    def choices(self, client: int) -> list[tuple[str, bool, float]]:
        """The client's posts in order: discussion, whether a reply, and a number in [0, 1)
        that picks the comment answered among those posted by then."""
        rng = random.Random(f"{self.seed}-{client}")  # noqa: S311 - a seeded plan, not a secret
        return [
            (rng.choice(self.slugs), rng.random() < self.reply_share, rng.random())
            for _ in range(self.posts)
        ]

    def parent(self, slug: str, pick: float) -> int | None:
        with self._lock:
            posted = self._posted.get(slug, [])
            return posted[int(pick * len(posted))] if posted else None

    def record(self, outcome: Outcome) -> None:
        if outcome.post_id is not None:
            with self._lock:
                self._posted.setdefault(outcome.slug, []).append(outcome.post_id)


class LoadRun:
    """Clients at work in threads of their own, started by `load_start`; `wait` for the result.
    A test can watch `done` to strike while the load is on."""

    def __init__(self, clients: int, seconds: float) -> None:
        self.clients = clients
        self.done = 0  # requests finished so far, all clients together
        self.unsent = 0
        self.started = time.monotonic()
        self.deadline = self.started + seconds
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=clients, thread_name_prefix="load-client")
        self._futures: list[Future[list[Outcome]]] = []

    def start(self, work: Callable[[LoadRun, int], list[Outcome]]) -> None:
        self._futures = [self._pool.submit(work, self, n) for n in range(self.clients)]

    def count(self, *, done: int = 0, unsent: int = 0) -> None:
        with self._lock:
            self.done += done
            self.unsent += unsent

    def past_deadline(self) -> bool:
        return time.monotonic() > self.deadline

    def wait(self) -> LoadResult:
        outcomes = [outcome for future in self._futures for outcome in future.result()]
        self._pool.shutdown()
        wall = max((o.ended for o in outcomes), default=self.started) - self.started
        return LoadResult(self.clients, outcomes, wall, self.unsent)


def _client_work(
    api: ApiClient,
    steps: Sequence[Callable[[], Outcome]],
    run: LoadRun,
    after: Callable[[Outcome], None],
) -> list[Outcome]:
    """One client's requests, in order, until done or the deadline; a failed start is kept
    as an outcome (a run without its client's session shows as failures, not as silence)."""
    outcomes = []
    try:
        started = api.start()
        if started.status != 200:
            outcomes.append(started)
        for n, step in enumerate(steps):
            if run.past_deadline():
                run.count(unsent=len(steps) - n)
                break
            outcome = step()
            outcomes.append(outcome)
            after(outcome)
            run.count(done=1)
            if outcome.status == 0 or outcome.server_error:
                time.sleep(PAUSE_AFTER_FAILURE)
    finally:
        api.close()
    return outcomes


def load_start(
    *,
    address: tuple[str, int],
    sessions: Sequence[str],
    seconds: float,
    plan: PostingPlan | None = None,
    get_path: str = "",
    requests_each: int = 0,
) -> LoadRun:
    """Start one client per session: each posts by `plan`, or else GETs `get_path`
    `requests_each` times. The run starts no request later than `seconds` from now.

    A failed request (no answer, or a 5xx) is recorded and the client goes on with its next
    after a short pause, as a patient user would: a run shows how the site fails and
    recovers, it does not stop at the first error.
    """
    host, port = address
    run = LoadRun(len(sessions), seconds)

    def work(run: LoadRun, client: int) -> list[Outcome]:
        api = ApiClient(host, port, session=sessions[client])
        steps: list[Callable[[], Outcome]]
        if plan is None:
            steps = [lambda: api.request("GET", get_path)[0]] * requests_each
            return _client_work(api, steps, run, lambda outcome: None)
        steps = [
            partial(_post_step, api, plan, client, n, slug, reply, pick)
            for n, (slug, reply, pick) in enumerate(plan.choices(client))
        ]
        return _client_work(api, steps, run, plan.record)

    run.start(work)
    return run


def _post_step(
    api: ApiClient, plan: PostingPlan, client: int, n: int, slug: str, reply: bool, pick: float
) -> Outcome:
    parent = plan.parent(slug, pick) if reply else None
    return api.comment(slug, plan.body(client, n), parent)
