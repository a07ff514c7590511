"""Proof, benchmark 3: posting a comment through the service (sanitise, rules, counters,
outbox), tasks queued. Budget (issue 14): 25 ms at the p95 of the series. A bare ORM insert
of the same row is timed beside it, taking turns; its ratio (the old "within 3x" target,
withdrawn) is reported as a note only.

Each timed call is one real transaction, committed: `post_create` as a view calls it, and
`Post.objects.create` in autocommit. The outbox's fan-out is left out: tasks go to an
in-memory broker and are only queued (the queueing itself is timed, as part of the commit).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from bench.measure import (
    Budget,
    Comparison,
    human,
    median,
    p95,
    profile_top,
    query_mix,
    settle,
    timed,
)
from bench.people import users_bulk_create
from config.celery import app as celery_app
from forum.discussions.models import PATH_SEGMENT_WIDTH, Post, Topic, path_segment
from forum.discussions.selectors import topic_get_for_viewer
from forum.discussions.services.post_bodies import post_body_render
from forum.discussions.services.posting import post_create
from forum.notifications.outbox import task_queue
from forum.notifications.tasks import notification_event_fan_out_task
from tests.factories import ArticleFactory

N = 300  # timed posts each way
ROUNDS = 30  # the two sides take turns, N / ROUNDS posts at a time
WARMUP = 20  # untimed posts each way first
PROFILED = 50  # posts profiled on a miss
SPLIT = 20  # pairs of posts split into statements and the rest on a miss
THREADS = 10  # top-level comments the replies answer
COMMITS = 30  # one-row UPDATEs timed to show what a commit alone costs
MAX_RATIO = 3.0  # the withdrawn target, kept as a yardstick in the notes
BUDGET = 0.025  # seconds, at the p95
# The steps of post_create, for the profile on a miss: what share of the time each takes.
STAGES = {
    "lock and read the author": "forum/discussions/services/posting.py:author_locked",
    "lock and read the topic (on PostgreSQL, the post's id with it)": (
        "forum/discussions/services/posting.py:_topic_locked"
    ),
    "may the author post here (on the locked rows, no query)": (
        "forum/discussions/permissions.py:check_can_reply_to_topic"
    ),
    "the author's history: rate limit, repeats, standing": (
        "forum/moderation/gate.py:author_history"
    ),
    "moderation rules (word lists)": "forum/moderation/gate.py:post_hold",
    "render and sanitise": "forum/discussions/services/post_bodies.py:post_body_render",
    "full_clean (fields only)": "django/db/models/base.py:full_clean",
    "Model.save (the post)": "django/db/models/base.py:save",
    "watch the topic": "forum/notifications/services/subscriptions.py:topic_watch_on_post",
    "counters": "forum/discussions/services/post_status.py:apply_visibility",
    "outbox row": "forum/notifications/events.py:event_record",
    "commit": "django/db/backends/base/base.py:_commit",
    "queue the fan-out after commit": "forum/notifications/outbox.py:task_queue",
}

# The real path ends with the row's own id: on PostgreSQL the service takes it from the
# sequence with the topic's lock, elsewhere it is known only after the INSERT and the service
# spends a second statement on it (part of what it is measured doing). The bare insert writes a
# path of the same length in one go.
PLACEHOLDER_SEGMENT = "9" * PATH_SEGMENT_WIDTH
THREAD_TEXTS = 1_000_000  # the threads' bodies are numbered from here


def body(n: int) -> str:
    """A comment of some 300 characters with what readers use: emphasis, a quote, a link."""
    return (
        f"Point {n}: the *spot price* of neodymium oxide moved again this week, and separation "
        "capacity outside China is still **thin**.\n\n"
        "> Magnet makers are stockpiling ahead of the next export licence round.\n\n"
        "The [customs figures](https://example.com/exports) tell the same story."
    )


@contextmanager
def tasks_queued_not_run() -> Iterator[None]:
    """Tasks go to the in-memory broker and wait there: no fan-out runs inside the timing."""
    conf = celery_app.conf
    before = (conf.task_always_eager, conf.broker_url)
    conf.task_always_eager, conf.broker_url = False, "memory://"
    try:
        with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="memory://"):
            yield
    finally:
        conf.task_always_eager, conf.broker_url = before


def queue_one() -> None:
    """Queue a fan-out as post_create does after its commit. (For an event id no row has: in
    memory and never run, it would do nothing anyway.)"""
    task_queue(notification_event_fan_out_task, 0)


def queued_tasks() -> int:
    with celery_app.connection_for_write() as connection:
        declared = connection.default_channel.queue_declare(queue="celery", passive=True)
    return int(declared.message_count)


def give_standing(authors: list[User], topic: Topic) -> None:
    """Each author gets FORUM_STANDING_POSTS visible comments from two days ago: readers in
    good standing, whom no rule holds and whom the rate limit does not count."""
    long_ago = timezone.now() - timedelta(days=2)
    posts = Post.objects.bulk_create(
        [
            Post(
                topic=topic,
                author=author,
                body=f"An earlier comment, {n}.",
                body_html=f"<p>An earlier comment, {n}.</p>",
                created_at=long_ago,
            )
            for author in authors
            for n in range(settings.FORUM_STANDING_POSTS)
        ],
        batch_size=1000,
    )
    for post in posts:
        post.path = path_segment(post.pk)
    Post.objects.bulk_update(posts, ["path"], batch_size=1000)
    Topic.objects.filter(pk=topic.pk).update(post_count=len(posts))


class Poster:
    """Posts into one topic, each call a new comment by a new author: top-level and replies
    to the topic's threads in turn."""

    def __init__(self, topic: Topic, authors: list[User], threads: list[Post]) -> None:
        self.topic = topic
        self.authors = iter(authors)
        self.threads = threads
        self.count = 0

    def next_call(self) -> dict[str, Any]:
        self.count += 1
        reply_to = self.threads[self.count // 2 % len(self.threads)] if self.count % 2 else None
        return {"author": next(self.authors), "body": body(self.count), "reply_to": reply_to}

    def __call__(self) -> Callable[[], object]:
        raise NotImplementedError

    def top_level_and_reply(self) -> tuple[Callable[[], object], Callable[[], object]]:
        """The next two calls, the top-level one first (calls alternate between the two)."""
        first, second = self(), self()
        return (first, second) if self.count % 2 else (second, first)


class ServicePoster(Poster):
    def __call__(self) -> Callable[[], object]:
        call = self.next_call()
        return lambda: post_create(topic=self.topic, **call)


class OrmPoster(Poster):
    """The same rows, written with one INSERT each: body rendered and path made beforehand."""

    def __call__(self) -> Callable[[], object]:
        call = self.next_call()
        parent = call["reply_to"]
        fields = {
            "topic": self.topic,
            "author": call["author"],
            "parent": parent,
            "reply_to": parent,
            "root": parent,
            "depth": 1 if parent else 0,
            "body": call["body"],
            "body_html": post_body_render(call["body"]).html,
            "status": Post.Status.VISIBLE,
            "path": (parent.path if parent else "") + PLACEHOLDER_SEGMENT,
        }
        return lambda: Post.objects.create(**fields)


def _statement_label(sql: str) -> str:
    """A statement, short: its verb and the table of its outermost FROM, INTO or UPDATE, and
    whether it locks, e.g. `SELECT accounts_user FOR NO KEY UPDATE`."""
    verb, table, depth = sql.split(None, 1)[0].upper(), "", 0
    for match in re.finditer(r'[()]|\b(?:FROM|INTO|UPDATE)\s+"(\w+)"', sql):
        if match.group(0) in "()":
            depth += 1 if match.group(0) == "(" else -1
        elif depth == 0 and not table:
            table = match.group(1)
    lock = " FOR NO KEY UPDATE" if " FOR NO KEY UPDATE" in sql else ""
    return f"{verb} {table}{lock}".strip()


@dataclass
class Split:
    """A call's time taken apart without the profiler: medians over many calls."""

    wall: float
    statements: float
    """Every statement, timed around the driver's execute to the microsecond (Django's own log
    rounds each statement to the millisecond, which hides most of a sub-millisecond one)."""
    commit: float
    count: float
    """Statements per call (a reply sends two more than a top-level comment)."""
    each: dict[str, tuple[float, float]]
    """Per kind of statement: its median time, and how many a call sends."""


def _parts(call: Callable[[], object]) -> tuple[list[tuple[str, float]], float]:
    """Run `call` once, timing each statement it sends and its commit."""
    seen: list[tuple[str, float]] = []
    committed: list[float] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seen.append((_statement_label(sql), time.perf_counter() - start))

    real_commit = connection._commit

    def commit() -> None:
        start = time.perf_counter()
        try:
            real_commit()
        finally:
            committed.append(time.perf_counter() - start)

    connection._commit = commit  # type: ignore[method-assign]
    try:
        with connection.execute_wrapper(wrapper):
            call()
    finally:
        del connection._commit
    return seen, sum(committed)


def statement_split(poster: Poster, calls: int) -> Split:
    """Calls take turns, timed plain and with their statements and commit timed, so the timing
    of the parts stays out of the first figure; each way, half are top-level, half replies."""
    walls: list[float] = []
    totals: list[float] = []
    commits: list[float] = []
    counts: list[int] = []
    each: dict[str, list[float]] = {}
    for n in range(calls):
        top_level, reply = poster.top_level_and_reply()
        plain, parted = (top_level, reply) if n % 2 else (reply, top_level)
        walls.append(timed(plain))
        seen, committed = _parts(parted)
        totals.append(sum(took for _label, took in seen))
        commits.append(committed)
        counts.append(len(seen))
        for label, took in seen:
            each.setdefault(label, []).append(took)
    return Split(
        wall=median(walls),
        statements=median(totals),
        commit=median(commits),
        count=sum(counts) / calls,
        each={label: (median(times), len(times) / calls) for label, times in each.items()},
    )


def _run_side(make_call: Callable[[], Callable[[], object]], count: int) -> list[float]:
    calls = [make_call() for _ in range(count)]  # arguments ready, outside the timing
    return [timed(call) for call in calls]


# What each statement post_create still sends is for: none is there for its own sake.
STATEMENTS_FOR = (
    "the author's row lock (posts by one author, and a ban, served one after the other; the "
    "verified address and staff role read with it), the topic's row lock (closed, comments off, "
    "premoderated read as they are; on PostgreSQL the post's id taken from its sequence with "
    "it), the author's history (rate limit, repeats, standing: one aggregate), the word lists, "
    "the INSERT (elsewhere than PostgreSQL an UPDATE of the path once the id is known), the "
    "subscription (INSERT ... ON CONFLICT DO NOTHING), the topic's counters, the outbox row; a "
    "reply adds the lock on the post it answers and its parent's count"
)


def _bounds(service: ServicePoster, baseline: float) -> list[str]:
    """What bounds post_create, with figures taken without the profiler."""
    split = statement_split(service, SPLIT)
    queueing = median([timed(queue_one) for _ in range(SPLIT)])
    rendering = median([timed(lambda: post_body_render(body(0))) for _ in range(SPLIT)])
    python = split.wall - split.statements - split.commit - queueing
    orm = (python - rendering) / split.count
    database = split.statements + split.commit
    return [
        f"  without the profiler (medians of {SPLIT} calls, half replies): a post_create takes "
        f"{human(split.wall)}: its {split.count:g} statements {human(split.statements)} "
        "(timed around the driver, round trips included; on PostgreSQL the first carries the "
        f"BEGIN the driver sends ahead of it), the commit {human(split.commit)}, queueing its "
        f"task {human(queueing)}; the rest, {human(python)}, is Python: rendering and "
        f"sanitising the body {human(rendering)}, and the ORM building each statement and "
        f"reading its rows, with the service's own checks, about {human(orm)} a statement",
        "  each statement (median; how many a call sends, where not one): "
        + "; ".join(
            f"{label} {human(took)}" + (f" x{count:g}" if count != 1 else "")
            for label, (took, count) in split.each.items()
        ),
        f"  what they are for: {STATEMENTS_FOR}",
        f"  the budget is {human(BUDGET)}; the bare INSERT takes {human(baseline)} (one "
        f"committed in autocommit, a single round trip); the database alone (statements "
        f"and commit, no Python) takes {human(database)}, {database / baseline:.1f}x, and the "
        f"ORM's part {human(orm * split.count)}, {orm * split.count / baseline:.1f}x",
    ]


def run() -> Comparison:
    print(f"posting: {N} comments through post_create against {N} Post.objects.create")
    each_side = WARMUP + N + PROFILED + 2 * SPLIT + 2
    authors = users_bulk_create("bench_poster_", 2 * each_side + THREADS, verified_readers=True)
    service_authors, orm_authors = authors[:each_side], authors[each_side : 2 * each_side]
    give_standing(authors, ArticleFactory().discussion)
    article = ArticleFactory(title="Rare earth prices: the week in review")
    with tasks_queued_not_run():
        threads = [
            # Numbered apart from the timed calls' (1, 2, ...): the same text from two
            # accounts within the hour is a coordinated push, held for moderators.
            post_create(topic=article.discussion, author=author, body=body(THREAD_TEXTS + n))
            for n, author in enumerate(authors[2 * each_side :])
        ]
        topic = topic_get_for_viewer(pk=article.discussion.pk, viewer=threads[0].author)
        service = ServicePoster(topic, service_authors, threads)
        orm = OrmPoster(topic, orm_authors, threads)
        _run_side(service, WARMUP)
        _run_side(orm, WARMUP)
        queued_before = queued_tasks()
        service_times: list[float] = []
        orm_times: list[float] = []
        per_round = N // ROUNDS
        for round_number in range(ROUNDS):
            sides = [(service, service_times), (orm, orm_times)]
            for poster, times in sides if round_number % 2 == 0 else reversed(sides):
                settle()
                times.extend(_run_side(poster, per_round))
        queued = queued_tasks() - queued_before
        # The floor under both sides: one committed write of one small row, nothing else.
        commit_floor = median(
            [
                timed(lambda: Topic.objects.filter(pk=topic.pk).update(is_pinned=False))
                for _ in range(COMMITS)
            ]
        )

        held = Post.objects.filter(topic=topic).exclude(status=Post.Status.VISIBLE).count()
        top_level, reply = service.top_level_and_reply()
        mix_top, mix_reply = query_mix(top_level), query_mix(reply)
        orm_mix = query_mix(orm())
        ratio = median(service_times) / median(orm_times)
        comparison = Budget.of(
            title="posting a comment, rules and outbox, tasks queued",
            measured="post_create",
            unit="one comment",
            times=service_times,
            budget=BUDGET,
            target=f"p95 ≤ {BUDGET * 1e3:.0f} ms",
            notes=[
                f"against a bare Post.objects.create of the same row, taking turns: median "
                f"{human(median(orm_times))}, p95 {human(p95(orm_times))}; post_create is "
                f"{ratio:.2f}x at the median (the old target, within {MAX_RATIO:g}x, is "
                "withdrawn: a figure, not a verdict)",
                f"{N} comments each way (half top-level, half replies), {ROUNDS} alternating "
                f"rounds after {WARMUP} untimed each; every call its own committed transaction "
                "by a new verified reader in good standing",
                "outbox fan-out excluded: tasks queued to an in-memory broker, not run "
                f"({queued} fan-out tasks queued, one per timed comment; queueing is timed)",
                f"held for moderation: {held}",
                f"statements per post_create: top-level {mix_top}; reply {mix_reply}",
                f"statements per Post.objects.create: {orm_mix}",
                f"a one-row UPDATE committed on its own: {human(commit_floor)} (median of "
                f"{COMMITS}), the floor under both sides; where it is most of the baseline, "
                "the ratio moves with the disk's load",
            ],
        )
        print(comparison.report())
        for note in comparison.notes:
            print(f"  - {note}")
        if not comparison.met:
            calls = [service() for _ in range(PROFILED)]
            print(f"  profile of {PROFILED} post_create calls, top 10 by cumulative time:")
            comparison.profile = profile_top(lambda: [call() for call in calls], stages=STAGES)
            comparison.profile += _bounds(service, median(orm_times))
            print("\n".join(comparison.profile))
    assert not transaction.get_connection().in_atomic_block  # noqa: S101 - real commits
    return comparison
