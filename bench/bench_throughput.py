"""Proof, benchmark 2: how many pages with 200 comments gunicorn serves a second, against a
trivial view in the same server (the same middleware, sessions and all, and no work of its
own). Target: at least half the trivial view's throughput. Three rows: the article page
logged out and the forum's topic page of the same discussion logged out, each against the
trivial view; and the article page for a logged-in reader against a trivial view that only
finds who they are (Django's session and user lookups): what any page for them costs before it
does anything. The member's page's weight against the anonymous one's is reported beside it.

The server is gunicorn on 127.0.0.1 with the settings `make run` uses (no DEBUG), on the bench's
database, its cache each worker's local memory. The load generator is bounded: a fixed number of
client threads, each sending one request after another for a fixed time, a new connection each
(gunicorn's sync workers close it after every answer). Rounds take turns between the page and
its trivial view, so both see the same machine; each round's figure is seconds per request
(the inverse of throughput), and the ratio is page against trivial view.

The 200 comments are written through the service, as readers post them: twenty threads of ten,
replies up to the deepest level, all on the page's first screen of threads.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.test import Client

from accounts.models import User
from bench.load_server import Gunicorn, gunicorn_start
from bench.measure import Comparison, human
from bench.people import users_bulk_create
from forum.discussions.models import Post, Topic
from forum.discussions.services.posting import post_create
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parent.parent
APP = "bench.throughput_wsgi:application"
TRIVIAL_PATH = "/bench/trivial/"
# For a logged-in reader, also what authenticating them costs alone: a floor under any page.
AUTHENTICATED_PATH = "/bench/trivial-authenticated/"
THREADS = 20
PER_THREAD = 10  # a root and nine replies under it
WORKERS = 4  # gunicorn sync workers
CLIENTS = 8  # load generator threads
ROUNDS = 3  # per row, each timing the page and its trivial view in turn
SECONDS = 4.0  # each timed stretch, after WARM_UP seconds untimed
WARM_UP = 1.0
MAX_RATIO = 2.0  # at least half the trivial view's throughput


class Scene:
    """An article whose discussion holds 200 comments, and a reader to log in as."""

    def __init__(self) -> None:
        self.article = ArticleFactory(title="Samarium-cobalt magnets: the quiet comeback")
        topic = self.article.discussion
        authors = users_bulk_create("bench_tp_author_", 40, verified_readers=True)
        self.reader = users_bulk_create("bench_tp_reader_", 1, verified_readers=True)[0]
        for thread in range(THREADS):
            parent: Post | None = None
            for n in range(PER_THREAD):
                author = authors[(thread * PER_THREAD + n) % len(authors)]
                parent = post_create(
                    topic=topic,
                    author=author,
                    body=f"Thread {thread}, reply {n}: **recycling** is where the margin is. "
                    "See https://example.com/smco for the figures.",
                    reply_to=parent if n % 3 else (parent.root if parent else None),
                )
        self.comments = Topic.objects.get(pk=topic.pk).post_count
        self.url = self.article.get_absolute_url()
        self.topic_url = topic.get_absolute_url()  # the forum's page of the same discussion

    def session_cookie(self) -> str:
        client = Client()
        client.force_login(User.objects.get(pk=self.reader.pk))
        return client.cookies[settings.SESSION_COOKIE_NAME].value


@dataclass
class Stretch:
    """What the clients did in one timed stretch."""

    requests: int
    failures: int
    seconds: float

    @property
    def per_request(self) -> float:
        return self.seconds / max(self.requests, 1)


def _client(
    address: tuple[str, int],
    path: str,
    cookie: str,
    stop: threading.Event,
    timed: threading.Event,
    counts: list[int],
) -> None:
    headers = {"Cookie": cookie} if cookie else {}
    while not stop.is_set():
        connection = http.client.HTTPConnection(*address, timeout=30)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except OSError:
            ok = False
        finally:
            connection.close()
        if timed.is_set() and not stop.is_set():
            counts[0 if ok else 1] += 1


def stretch(server: Gunicorn, path: str, cookie: str) -> Stretch:
    """CLIENTS threads requesting `path` for WARM_UP + SECONDS; the last SECONDS counted."""
    stop, timed = threading.Event(), threading.Event()
    per_client = [[0, 0] for _ in range(CLIENTS)]
    clients = [
        threading.Thread(target=_client, args=(server.address, path, cookie, stop, timed, counts))
        for counts in per_client
    ]
    for client in clients:
        client.start()
    time.sleep(WARM_UP)
    timed.set()
    started = time.perf_counter()
    time.sleep(SECONDS)
    stop.set()
    elapsed = time.perf_counter() - started
    for client in clients:
        client.join(timeout=60)
    return Stretch(
        requests=sum(counts[0] for counts in per_client),
        failures=sum(counts[1] for counts in per_client),
        seconds=elapsed,
    )


def _served(server: Gunicorn, path: str, cookie: str) -> str:
    connection = http.client.HTTPConnection(*server.address, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        body = response.read().decode()
    finally:
        connection.close()
    if response.status != 200:
        raise RuntimeError(f"bench: GET {path} answered {response.status}")
    return body


@dataclass(frozen=True)
class Row:
    """One line of the table: a page for a viewer, against a trivial view in the same server."""

    viewer: str
    page: str
    url: str
    cookie: str
    baseline_path: str
    baseline: str
    target: str
    cached: str


def _rows(scene: Scene, cookie: str) -> list[Row]:
    anonymous_target = ">= 50% of the trivial view"
    return [
        Row(
            "anonymous",
            "article page",
            scene.url,
            "",
            TRIVIAL_PATH,
            "GET trivial view, same server",
            anonymous_target,
            CACHED["article, anonymous"],
        ),
        Row(
            "logged-in reader",
            "article page",
            scene.url,
            cookie,
            AUTHENTICATED_PATH,
            "GET trivial view that only authenticates",
            ">= 50% of the authenticating view",
            CACHED["article, logged-in"],
        ),
        Row(
            "anonymous",
            "forum topic page",
            scene.topic_url,
            "",
            TRIVIAL_PATH,
            "GET trivial view, same server",
            anonymous_target,
            CACHED["topic, anonymous"],
        ),
    ]


def run() -> list[Comparison]:
    print(
        f"Benchmark 2: an article page with {THREADS * PER_THREAD} comments served by gunicorn "
        f"({WORKERS} sync workers) against a trivial view, {CLIENTS} clients ..."
    )
    scene = Scene()
    cookie = f"{settings.SESSION_COOKIE_NAME}={scene.session_cookie()}"
    log = ROOT / "var" / "bench-gunicorn.log"
    log.unlink(missing_ok=True)
    server = gunicorn_start(
        log=log,
        app=APP,
        workers=WORKERS,
        environment={"DJANGO_SETTINGS_MODULE": "config.settings.local"},
    )
    comparisons = []
    try:
        weights = {
            viewer: len(_served(server, scene.url, viewer_cookie).encode())
            for viewer, viewer_cookie in (("anonymous", ""), ("member", cookie))
        }
        for row in _rows(scene, cookie):
            page = _served(server, row.url, row.cookie)
            shown = page.count('<li class="comment"')
            if shown != scene.comments:
                raise RuntimeError(f"bench: the page shows {shown} of {scene.comments} comments")
            if row.cookie and "Log out" not in page:
                raise RuntimeError("bench: the reader's session did not log them in")
            pages, baselines = [], []
            for _ in range(ROUNDS):
                pages.append(stretch(server, row.url, row.cookie))
                baselines.append(stretch(server, row.baseline_path, row.cookie))
            comparisons.append(_comparison(row, pages, baselines, scene.comments, weights))
            print(comparisons[-1].report())
            print(f"  - {comparisons[-1].notes[0]}")
    finally:
        server.stop()
    return comparisons


# What each viewer is served from the cache (each gunicorn worker fills its own).
CACHED = {
    "article, anonymous": "logged out, the whole page is cached per version of the article and "
    "its discussion (articles/views.py): the same bytes for everyone, one query to read the "
    "versions",
    "article, logged-in": "a reader who takes no part: the article is the rendering every "
    "reader shares (articles/fragments.py), the threads the members' shared rendering "
    "(forum/discussions/threads_html.py) with their own marked on it in one query "
    "(threads_layer.py), the empty comment form shared too (form_html.py); their header, "
    "subscription and the comments block around the threads are rendered for them",
    "topic, anonymous": "logged out, the whole forum page of the discussion is cached per "
    "version of the topic (forum/discussions/views.py topic_detail): one query, the topic's",
}


def _rate(stretches: list[Stretch]) -> float:
    return sum(s.requests for s in stretches) / sum(s.seconds for s in stretches)


def _comparison(
    row: Row,
    pages: list[Stretch],
    baselines: list[Stretch],
    comments: int,
    weights: dict[str, int],
) -> Comparison:
    failures = sum(s.failures for s in pages + baselines)
    rate, baseline = _rate(pages), _rate(baselines)
    weight = []
    if row.cookie:
        member, anonymous = weights["member"], weights["anonymous"]
        weight = [
            f"the member's page weighs {member:,} bytes, the anonymous one {anonymous:,}: "
            f"{member / anonymous:.2f}x"
        ]
    return Comparison(
        title=f"2. served: {row.page}, {comments} comments, {row.viewer}",
        measured=f"GET {row.page} ({row.viewer})",
        baseline=row.baseline,
        unit="request",
        measured_times=[s.per_request for s in pages],
        baseline_times=[s.per_request for s in baselines],
        max_ratio=MAX_RATIO,
        target=row.target,
        notes=[
            f"{rate:.0f} pages/s against {baseline:.0f} requests/s of the {row.baseline[4:]}: "
            f"{rate / baseline:.0%} of it; {failures} failed requests",
            *weight,
            f"gunicorn {WORKERS} sync workers, {CLIENTS} client threads in the bench process "
            f"(sharing the machine's cores with the server), {ROUNDS} rounds of "
            f"{human(SECONDS)} each way, taking turns",
            row.cached,
        ],
    )
