"""Load, issue 14: 300 logged-out readers polling for new replies every 20 s, 50 members
reading and 20 posting, for 3 minutes, on PostgreSQL with Redis (cache and broker) and a real
Celery worker running the fan-out. A bounded run: it stops by itself.

    BENCH_LOAD_SECONDS=60 make bench ONLY=bench_readers    # a shorter run

Reports p50, p95 and p99 of each kind of request, the statements per second the web sent
(counted in each response, bench/readers_wsgi.py) and the database's own figures
(pg_stat_database: transactions and rows per second, the worker's included), and checks:
no errors, every acknowledged post stored once, counters exact (each topic's post_count is
its visible posts, each reply_count its replies, one outbox event per visible post, every
event processed by the worker), and a poll that found nothing new sent no statement.

Without PostgreSQL and Redis (REDIS_URL) it says so in one line and does not run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

from django.db import connection
from django.db.models import Count, Max
from django.test import override_settings
from redis import Redis

from bench.load_server import ROOT, Gunicorn, discussion_problems, gunicorn_start, sessions_for
from bench.loadgen import percentile
from bench.measure import Comparison, human
from bench.people import users_bulk_create
from bench.readers_load import Article, Hit, Scenario, load_run
from forum.discussions.models import Post
from forum.discussions.services.posting import post_create
from forum.notifications.models import NotificationEvent
from tests.factories import ArticleFactory

READERS, MEMBERS, POSTERS = 300, 50, 20
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "180"))
ARTICLES, ACTIVE = 20, 5  # posters post into the first ACTIVE; readers spread over all
SEEDED = 20  # comments each article starts with
WORKERS = 4  # gunicorn sync workers: two per core
DRAIN_SECONDS = 120  # for the Celery worker to finish what the run queued
CELERY = Path(sys.executable).parent / "celery"
EXPECTED = {"post a comment": 201}  # every other kind: 200


def _redis_urls() -> tuple[str, str]:
    """The broker's and the cache's Redis, as given to `make bench` (bench/run.py keeps them
    aside: the other benchmarks run without Redis)."""
    return os.environ.get("BENCH_REDIS_URL", ""), os.environ.get("BENCH_REDIS_CACHE_URL", "")


def _redis_clear(broker: str, cache_url: str) -> None:
    """The database was emptied, so ids start again: drop the cache (the settings' cache
    database, REDIS_CACHE_URL or the broker's + 1), whose keys name topics by id, and the
    tasks an earlier run left queued for rows that are gone."""
    if not cache_url:
        parts = urlsplit(broker)
        cache_url = urlunsplit(parts._replace(path=f"/{int(parts.path.strip('/') or 0) + 1}"))
    Redis.from_url(cache_url).flushdb()
    Redis.from_url(broker).delete("celery")


def _worker_start(log: Path, environment: dict[str, str]) -> subprocess.Popen[bytes]:
    name = f"bench-readers-{uuid4().hex[:8]}@{socket.gethostname()}"
    command = [
        str(CELERY), "-A", "config", "worker", "--pool=solo", "--concurrency=1", "-l", "warning",
        "-n", name, "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    env = os.environ | {"PYTHONPATH": str(ROOT), **environment}
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603


def _pg_stats() -> dict[str, float]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT xact_commit + xact_rollback, tup_returned, tup_fetched, tup_inserted, "
            "tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()"
        )
        row = cursor.fetchone()
    names = ("transactions", "returned", "fetched", "inserted", "updated", "deleted")
    return dict(zip(names, (float(value) for value in row), strict=True))


def _scene() -> tuple[list[Article], list[str], list[str]]:
    """The articles, seeded with comments (through the service, tasks run eagerly here), and a
    session for each member and each poster."""
    members = users_bulk_create("bench_readers_member_", MEMBERS, verified_readers=True)
    posters = users_bulk_create("bench_readers_poster_", POSTERS, verified_readers=True)
    seeders = users_bulk_create("bench_readers_seed_", SEEDED, verified_readers=True)
    articles = []
    for n, article in enumerate(ArticleFactory.create_batch(ARTICLES)):
        with override_settings(FORUM_POST_RATE=(ARTICLES * SEEDED, 60)):
            for k, seeder in enumerate(seeders):
                body = f"Seed {k} of {n}: prices."
                post_create(topic=article.discussion, author=seeder, body=body)
        articles.append(
            Article(article.slug, article.get_absolute_url(), article.discussion.pk, n < ACTIVE)
        )
    return articles, sessions_for(members), sessions_for(posters)


def _drained(deadline: float, *, after: int) -> int:
    """The run's events (ids above `after`) the worker has not processed yet, once none are
    left or the deadline passes. Events the benchmarks before this one left unprocessed (their
    tasks went to an in-memory broker) are theirs, not this run's."""
    while True:
        left = NotificationEvent.objects.filter(pk__gt=after, processed_at__isnull=True).count()
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(1)


def _by_kind(hits: list[Hit]) -> dict[str, list[Hit]]:
    kinds: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        kinds[hit.kind].append(hit)
    return dict(sorted(kinds.items()))


def _kind_line(kind: str, hits: list[Hit], wall: float) -> str:
    times = [hit.seconds for hit in hits if hit.status]
    statements = [hit.statements for hit in hits if hit.statements >= 0]
    server = [hit.server_seconds for hit in hits if hit.server_seconds >= 0]
    mean = sum(statements) / len(statements) if statements else float("nan")
    return (
        f"{kind}: {len(hits):,} ({len(hits) / wall:.1f}/s); as the client saw it "
        f"{_quantiles(times)}; in the server {_quantiles(server)}; "
        f"statements {mean:.1f} a request (max {max(statements, default=-1)})"
    )


def _quantiles(times: list[float]) -> str:
    if not times:
        return "none"
    return ", ".join(f"p{q} {human(percentile(times, q / 100))}" for q in (50, 95, 99))


def _problems(hits: list[Hit], topic_ids: list[int], left: int) -> list[str]:
    problems = [
        f"{hit.kind}: {hit.status or 'no answer'} {hit.error}".strip()
        for hit in hits
        if hit.status != EXPECTED.get(hit.kind, 200)
    ][:20]
    acknowledged = [hit.post_id for hit in hits if hit.post_id is not None]
    stored = Post.objects.filter(pk__in=acknowledged).count()
    if len(set(acknowledged)) != len(acknowledged) or stored != len(acknowledged):
        problems.append(f"{len(acknowledged)} posts acknowledged, {stored} of them stored")
    per_topic = dict(
        Post.objects.filter(topic_id__in=topic_ids)
        .values_list("topic_id")
        .annotate(n=Count("pk"))
        .values_list("topic_id", "n")
    )
    expected = len(topic_ids) * SEEDED + len(acknowledged)
    if sum(per_topic.values()) != expected:
        problems.append(f"{sum(per_topic.values())} posts stored, expected {expected}")
    problems += discussion_problems(topic_ids)
    if left:
        problems.append(f"{left} outbox events not processed by the worker")
    # A poll finding nothing reads the database only where the cache cannot answer: the first
    # poll of each topic (its key filled), and polls racing a post (raised before its commit).
    polls = [hit for hit in hits if hit.kind == "poll, nothing new"]
    querying = [hit for hit in polls if hit.statements != 0]
    if len(querying) > len(topic_ids) + len(acknowledged):
        problems.append(f"{len(querying)} of {len(polls)} polls finding nothing sent statements")
    return problems


def run() -> list[Comparison]:
    broker, cache_url = _redis_urls()
    if connection.vendor != "postgresql" or not broker:
        print(
            "readers load: skipped, needs PostgreSQL and Redis (set DATABASE_URL=postgres://... "
            "and REDIS_URL=redis://...; BENCH_LOAD_SECONDS shortens the run)"
        )
        return []
    print(
        f"readers load: {READERS} logged-out readers polling every 20 s, {MEMBERS} members "
        f"reading, {POSTERS} posting, for {SECONDS:.0f} s; gunicorn ({WORKERS} sync workers), "
        "Redis cache and broker, a Celery worker"
    )
    articles, members, posters = _scene()
    events_before = NotificationEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    environment = {
        "REDIS_URL": broker,
        # Celery reads this variable before its settings: bench/run.py set it to memory://.
        "CELERY_BROKER_URL": broker,
        **({"REDIS_CACHE_URL": cache_url} if cache_url else {}),
        "FORUM_POSTS_PER_MINUTE": "1000",
    }
    _redis_clear(broker, cache_url)
    with tempfile.TemporaryDirectory(prefix="bench-readers-") as folder:
        worker = _worker_start(Path(folder) / "worker.log", environment)
        server: Gunicorn | None = None
        try:
            server = gunicorn_start(
                log=Path(folder) / "gunicorn.log", workers=WORKERS,
                app="bench.readers_wsgi:application", environment=environment,
            )  # fmt: skip
            cpu_before, stats_before = server.cpu_seconds(), _pg_stats()
            scenario = Scenario(articles, READERS, members, posters, SECONDS)
            hits, wall = load_run(scenario, server.address)
            stats_after, server_cpu = _pg_stats(), server.cpu_seconds() - cpu_before
            left = _drained(time.monotonic() + DRAIN_SECONDS, after=events_before)
            log = server.output()
        finally:
            if server is not None:
                server.stop()
            worker.terminate()
            worker.wait(timeout=20)
    return [_report(hits, wall, stats_before, stats_after, server_cpu, articles, left, log)]


def _report(
    hits: list[Hit],
    wall: float,
    before: dict[str, float],
    after: dict[str, float],
    server_cpu: float,
    articles: list[Article],
    left: int,
    log: str,
) -> Comparison:
    topic_ids = [article.topic_id for article in articles]
    problems = _problems(hits, topic_ids, left)
    kinds = _by_kind(hits)
    statements = sum(hit.statements for hit in hits if hit.statements > 0)
    posts = sum(1 for hit in hits if hit.post_id is not None)
    delta = {name: (after[name] - before[name]) / wall for name in after}
    cores = os.cpu_count() or 1
    notes = [_kind_line(kind, group, wall) for kind, group in kinds.items()]
    polls = kinds.get("poll, nothing new", [])
    silent = sum(1 for hit in polls if hit.statements == 0)
    notes += [
        f"polls finding nothing new answered with no database statement: {silent:,} of "
        f"{len(polls):,}; the others were a topic's first poll (the cache's key filled) or "
        "raced a post's commit",
        f"web: {len(hits):,} requests in {wall:.0f} s ({len(hits) / wall:.0f}/s), "
        f"{statements:,} statements ({statements / wall:.0f}/s), {posts:,} posts "
        f"({posts / wall:.2f}/s); gunicorn's workers used {server_cpu:.0f} CPU s "
        f"({server_cpu / wall / cores:.0%} of {cores} cores)",
        f"PostgreSQL (pg_stat_database, worker included): {delta['transactions']:.0f} "
        f"transactions/s; rows/s returned {delta['returned']:.0f}, fetched "
        f"{delta['fetched']:.0f}, inserted {delta['inserted']:.0f}, updated "
        f"{delta['updated']:.0f}",
        "checks: " + ("; ".join(problems) if problems else "0 errors, every acknowledged post "
                      "stored once, counters exact, every outbox event processed, no poll "
                      "finding nothing sent a statement"),
    ]  # fmt: skip
    if problems:
        notes.append(f"gunicorn's log, last lines: {log[-2000:]!r}")
    poll_times = [hit.seconds for hit in polls if hit.status]
    comparison = LoadRow(
        title=f"load: {READERS} readers polling, {MEMBERS} members reading, {POSTERS} posting",
        measured="every request",
        baseline="poll, nothing new",
        unit="request",
        measured_times=[hit.seconds for hit in hits if hit.status] or [0.0],
        baseline_times=poll_times or [0.0],
        max_ratio=float("inf"),
        target="0 errors, posts stored once, counters exact",
        notes=notes,
    )
    comparison.problems = problems
    print("\n".join(f"  - {note}" for note in notes))
    print(f"  result: {comparison.verdict}")
    return comparison


class LoadRow(Comparison):
    """The load run's row: met when every check holds (the times are reported, not judged)."""

    problems: list[str]

    @property
    def met(self) -> bool:
        return not self.problems
