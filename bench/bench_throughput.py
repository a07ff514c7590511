"""Proof, benchmark 2: how many article pages with 200 comments gunicorn serves a second, against
a trivial view in the same server (the framework's ceiling: the same middleware, sessions and
all, and no work of its own), for an anonymous and for a logged-in reader. Target: at least
half the ceiling.

The server is gunicorn on 127.0.0.1 with the settings `make run` uses (no DEBUG), on the bench's
database, its cache each worker's local memory. The load generator is bounded: a fixed number of
client threads, each sending one request after another for a fixed time, a new connection each
(gunicorn's sync workers close it after every answer). Rounds take turns between the page and
the trivial view, so both see the same machine; each round's figure is seconds per request
(the inverse of throughput), and the ratio is page against ceiling. For the logged-in reader a
third view takes its turn too, one that only finds who the reader is (Django's session and user
lookups): what any page for them costs before it does anything, reported beside the ratio.

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
ROUNDS = 3  # per viewer, each timing the page and the ceiling in turn
SECONDS = 4.0  # each timed stretch, after WARM_UP seconds untimed
WARM_UP = 1.0
MAX_RATIO = 2.0  # at least half the ceiling's throughput


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
        for viewer, viewer_cookie in (("anonymous", ""), ("logged-in reader", cookie)):
            page = _served(server, scene.url, viewer_cookie)
            shown = page.count('<li class="comment"')
            if shown != scene.comments:
                raise RuntimeError(f"bench: the page shows {shown} of {scene.comments} comments")
            if viewer_cookie and "Log out" not in page:
                raise RuntimeError("bench: the reader's session did not log them in")
            pages, ceilings, floors = [], [], []
            for _ in range(ROUNDS):
                pages.append(stretch(server, scene.url, viewer_cookie))
                ceilings.append(stretch(server, TRIVIAL_PATH, viewer_cookie))
                if viewer_cookie:
                    floors.append(stretch(server, AUTHENTICATED_PATH, viewer_cookie))
            comparisons.append(_comparison(viewer, pages, ceilings, floors, scene.comments))
            print(comparisons[-1].report())
            print(f"  - {comparisons[-1].notes[0]}")
            if floors:
                print(f"  - {comparisons[-1].notes[1]}")
    finally:
        server.stop()
    return comparisons


# What each viewer is served from the cache (each gunicorn worker fills its own).
CACHED = {
    False: "logged out, the whole page is cached per version of the article and its discussion "
    "(articles/views.py): the same bytes for everyone, one query to read the versions",
    True: "a reader who takes no part shares the cached rendering of the threads (per "
    "discussion version, forum/discussions/threads_html.py), their CSRF token put in; the rest "
    "of the page is rendered for them",
}


def _rate(stretches: list[Stretch]) -> float:
    return sum(s.requests for s in stretches) / sum(s.seconds for s in stretches)


def _comparison(
    viewer: str,
    pages: list[Stretch],
    ceilings: list[Stretch],
    floors: list[Stretch],
    comments: int,
) -> Comparison:
    failures = sum(s.failures for s in pages + ceilings + floors)
    rate, ceiling = _rate(pages), _rate(ceilings)
    floor_note = []
    if floors:
        floor = _rate(floors)
        floor_note = [
            f"a trivial view that only finds who the reader is (session, then user; Django's "
            f"own lookups, no work of ours): {floor:.0f} requests/s, {floor / ceiling:.0%} of "
            f"the ceiling; the page is {rate / floor:.0%} of that"
        ]
    return Comparison(
        title=f"2. served: article page, {comments} comments, {viewer}",
        measured=f"GET article page ({viewer})",
        baseline="GET trivial view, same server",
        unit="request",
        measured_times=[s.per_request for s in pages],
        baseline_times=[s.per_request for s in ceilings],
        max_ratio=MAX_RATIO,
        target=">= 50% of the ceiling",
        notes=[
            f"{rate:.0f} pages/s against a ceiling of {ceiling:.0f} requests/s: "
            f"{rate / ceiling:.0%} of it; {failures} failed requests",
            *floor_note,
            f"gunicorn {WORKERS} sync workers, {CLIENTS} client threads in the bench process "
            f"(sharing the machine's cores with the server), {ROUNDS} rounds of "
            f"{human(SECONDS)} each way, taking turns",
            CACHED[bool(floors)],
        ],
    )
