"""Proof, load: 50 clients post 200 comments each at once through the API, against gunicorn on
the bench's PostgreSQL database; p50 and p99 latency and throughput. The baseline is the
smallest request through the same stack, a GET of the forum's categories, from the same 50
clients: under the same queueing, the ratio is what a post costs over the fixed price of a
request (HTTP, middleware, session, a database connection).

Each client is a reader logged in with a session of its own, posting as a single-page app does
(bench/loadgen.py): half the posts top-level, half replies to a random comment posted before,
into five article discussions. Tasks are queued to an in-memory broker and not run
(bench/load_wsgi.py), as the request path is what is measured; tests/load runs the same load
against Redis, with the checks.

On SQLite this benchmark does not run: SQLite takes one writer at a time, and 50 clients
through several server processes would time its lock ("database is locked"), not the site.
"""

from __future__ import annotations

import os
import resource
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from bench.load_server import Gunicorn, discussion_problems, gunicorn_start, sessions_for
from bench.loadgen import LoadResult, LoadRun, PostingPlan, human, load_start, percentile
from bench.measure import Comparison
from bench.people import users_bulk_create
from forum.discussions.models import Post
from tests.factories import ArticleFactory

CLIENTS = 50
POSTS_EACH = 200
DISCUSSIONS = 5
WORKERS = 4  # gunicorn sync workers: two per core of the 2-core machines this runs on
GETS_EACH = 20  # baseline requests per client, before the posting and again after
WARMUP_EACH = 2  # untimed requests per client first: every worker has imported and connected
BASELINE_PATH = "/api/v1/forum/categories/"
DEADLINE_SECONDS = 1800  # for any one run: a guard against a hang, far above any machine's need
MAX_RATIO = 5.0


@dataclass
class Measured:
    """A run, and the CPU it took: gunicorn's workers', and this process's (the clients')."""

    result: LoadResult
    server_cpu: float
    client_cpu: float

    def per_request(self) -> str:
        # Each client's first request, for its CSRF cookie, is among what the workers did.
        count = len(self.result.outcomes) + self.result.clients
        return (
            f"{self.server_cpu / count * 1e3:.1f} ms in gunicorn's workers and "
            f"{self.client_cpu / count * 1e3:.1f} ms in the clients"
        )


def _measured(server: Gunicorn, start: Callable[[], LoadRun]) -> Measured:
    server_before, client_before = server.cpu_seconds(), _own_cpu()
    result = start().wait()
    return Measured(result, server.cpu_seconds() - server_before, _own_cpu() - client_before)


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _gets(server: Gunicorn, sessions: list[str], each: int) -> Measured:
    return _measured(
        server,
        lambda: load_start(
            address=server.address,
            sessions=sessions,
            get_path=BASELINE_PATH,
            requests_each=each,
            seconds=DEADLINE_SECONDS,
        ),
    )


def _quantiles(result: LoadResult, status: int) -> str:
    times = result.latencies(status)
    return f"p50 {human(percentile(times, 0.5))}, p99 {human(percentile(times, 0.99))}"


def run() -> list[Comparison]:
    if connection.vendor != "postgresql":
        print(
            "load: skipped on SQLite, which takes one writer at a time (50 clients would time "
            "its lock); run with DATABASE_URL=postgres://... to measure it"
        )
        return []
    total = CLIENTS * POSTS_EACH
    print(
        f"load: {CLIENTS} clients x {POSTS_EACH} comments through gunicorn ({WORKERS} sync "
        f"workers) against GET {BASELINE_PATH} from the same {CLIENTS} clients"
    )
    readers = users_bulk_create("bench_load_", CLIENTS, verified_readers=True)
    articles = ArticleFactory.create_batch(DISCUSSIONS)
    sessions = sessions_for(readers)
    plan = PostingPlan(slugs=[article.slug for article in articles], posts=POSTS_EACH)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        server = gunicorn_start(
            log=Path(folder) / "gunicorn.log",
            workers=WORKERS,
            app="bench.load_wsgi:application",
            environment={"FORUM_POSTS_PER_MINUTE": str(total)},
        )
        try:
            workers = server.worker_pids()
            _gets(server, sessions, WARMUP_EACH)
            before = _gets(server, sessions, GETS_EACH)
            posting = _measured(
                server,
                lambda: load_start(
                    address=server.address, sessions=sessions, plan=plan, seconds=DEADLINE_SECONDS
                ),
            )
            after = _gets(server, sessions, GETS_EACH)
            replaced = server.worker_pids() != workers
        finally:
            server.stop()
        log = server.output()

    topic_ids = [article.discussion.pk for article in articles]
    stored = Post.objects.filter(topic_id__in=topic_ids).count()
    problems = discussion_problems(topic_ids)
    # The rows compared must be the ones asked for: a benchmark of failures measures nothing.
    posted = posting.result
    assert posted.statuses() == {201: total}, f"{posted.summary()}\n{log[-5000:]}"  # noqa: S101
    assert stored == total, stored  # noqa: S101
    assert problems == [], problems  # noqa: S101
    assert not replaced, f"a gunicorn worker was replaced:\n{log[-5000:]}"  # noqa: S101
    gets = Measured(
        LoadResult(
            CLIENTS,
            before.result.outcomes + after.result.outcomes,
            before.result.wall + after.result.wall,
            0,
        ),
        before.server_cpu + after.server_cpu,
        before.client_cpu + after.client_cpu,
    )
    assert gets.result.statuses() == {200: len(gets.result.outcomes)}, gets.result.summary()  # noqa: S101

    cores = os.cpu_count() or 1
    post_cpu = posting.server_cpu / total
    replies = sum(1 for outcome in posted.created() if outcome.parent is not None)
    comparison = Comparison(
        title=f"{CLIENTS} clients x {POSTS_EACH} comments over HTTP",
        measured="POST comments/ (201)",
        baseline=f"GET {BASELINE_PATH}",
        unit=f"one request among {CLIENTS} clients",
        measured_times=posted.latencies(201),
        baseline_times=gets.result.latencies(200),
        max_ratio=MAX_RATIO,
        target="within 5x",
        notes=[
            f"posting: {total:,} comments ({replies:,} replies) in {posted.wall:.1f} s, "
            f"{total / posted.wall:.0f} comments/s; latency {_quantiles(posted, 201)}; "
            "every one stored, counters and tree checked",
            f"baseline: {len(gets.result.outcomes):,} GETs ({GETS_EACH} per client before the "
            f"posting and {GETS_EACH} after), {gets.result.throughput:.0f}/s; latency "
            f"{_quantiles(gets.result, 200)}",
            f"CPU per post: {posting.per_request()}; per GET: {gets.per_request()} "
            "(PostgreSQL's own not counted); at that, "
            f"{cores} cores serve at most {cores / post_cpu:.0f} posts/s however many clients",
            f"gunicorn: {WORKERS} sync workers on 127.0.0.1 (a new TCP connection per request: "
            "sync workers do not keep them alive); each client logged in with a session of its "
            "own and sends the CSRF cookie back, as a browser does",
            "both sides pay what every request pays: HTTP, middleware, the session and user "
            "lookups (database connections kept between requests, CONN_MAX_AGE 60, "
            "the settings' default); a post adds its transaction (locks, rules, rendering, the "
            "insert, counters, outbox) and queueing its fan-out (in-memory broker, not run)",
            f"latency is mostly waiting: {CLIENTS} clients share {WORKERS} workers on {cores} "
            "cores, so each request waits for those ahead of it; the ratio is what a post costs "
            "over a trivial request under the same queueing",
        ],
    )
    print(comparison.report())
    for note in comparison.notes:
        print(f"  - {note}")
    return [comparison]
