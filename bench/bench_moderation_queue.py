"""Proof, benchmark 5: the moderation queue page with 100,000 pending posts against the indexed
SELECT alone. No figure in the issue; the targets here are ours:

- the page's server time independent of the queue's length: the page with 100,000 pending
  within 1.5x the page with one full page pending (26: a page of 25 and a link to the next, so
  both render the same items and links and only the queue's length differs);
- the page within 80 ms at the p95 of its series, pending and reported queues alike (issue
  14's budget); its ratio to its own first-page SELECT, the old "within 20x" target, is
  reported in the notes only.

The page is fetched through `django.test.Client` as a logged-in moderator: middleware, session,
the view, its queue queries, the tab counts and the header, the template. The baseline is
the SQL of the queue's first page exactly as `moderation_queue` sends it (same joins, ORDER BY
and LIMIT), run on a cursor and fetched: the database's share of the page, with no model built.

The scene is written in bulk with explicit ids, so each post's path (its id as the last
segment) is known before the INSERT and every row is written once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from bench.measure import (
    Budget,
    Comparison,
    human,
    median,
    p95,
    profile_top,
    query_mix,
    settle,
    statement_time,
    timed,
)
from bench.people import users_bulk_create
from bench.rows import posts_sequence_reset
from forum.discussions.models import Category, Post, Topic, path_segment
from forum.moderation.models import Report
from forum.moderation.selectors import (
    QUEUE_COUNT_CAP,
    Queue,
    _queue_posts,
    moderation_queue_summary,
)
from tests.factories import ArticleFactory, CategoryFactory

PENDING = 100_000  # held posts in the Pending queue
FEW = 10  # the short queue whose statements are counted against the long one's
PAGE = settings.FORUM_MODERATION_PAGE_SIZE
FULL_PAGE = PAGE + 1  # the short queue timed: one page shown, one more waiting
AUTHORS = 5_000  # a spam wave's throwaway accounts: some 20 held posts each
TOPICS = 1_000
ARTICLES = 5  # a few of the discussions are under articles
THREADS_PER_TOPIC = 20  # visible top-level comments, which 60% of the held posts answer
REPLY_SHARE = 0.6
REPORTED = 1_000  # visible comments with one or two open reports, below the hiding threshold
HIDDEN = 100  # comments hidden by three reports: pending, yet in the Reported queue only
WAVE_HOURS = 48  # the held posts arrived over two days
BATCH = 1000
RUNS = 30  # timed runs each way, taking turns, after WARMUP untimed
WARMUP = 5
MAX_TIME_RATIO = 1.5
# Why 20x: the SELECT is the one piece of work on the queue itself; all else a page does is per
# request (session, user, roles, header) or per item shown (the other three queue queries, 25
# items rendered with their decision forms). 20x a SELECT of 1-2 ms leaves 20-40 ms for that,
# about a millisecond an item: what a list page with a few forms on each row should cost, and
# tight enough that anything growing with the queue shows at once (a COUNT over 100,000 rows
# takes tens of milliseconds by itself).
MAX_PAGE_RATIO = 20.0  # the withdrawn target against the SELECT: a figure in the notes now
BUDGET = 0.080  # seconds, at the p95 (issue 14)
HELD_REASONS = (
    "A first post: the author has 0 approved posts.",
    "3 links from an author with 0 approved posts.",
    "Contains words on the watch list: casino, crypto.",
    "Every post in this discussion is reviewed.",
)
# The parts of the page, for the profile on a miss: what share of the time each takes. The
# counts are lazy (a context processor's), so they run inside the template's rendering.
STAGES = {
    "the queue's page, its queries (moderation_queue)": (
        "forum/moderation/selectors.py:moderation_queue"
    ),
    "tab and header counts (moderation_queue_summary)": (
        "forum/moderation/selectors.py:moderation_queue_summary"
    ),
    "the queue's items (Jinja2: queue_items_html)": (
        "forum/moderation/item_html.py:queue_items_html"
    ),
    "the page's Django template, counts included": "django/shortcuts.py:render",
    "URLs reversed ({% url %}, get_absolute_url)": "django/urls/base.py:reverse",
}


def _spread(n: int, total: int, start: datetime, hours: float) -> datetime:
    return start + timedelta(hours=hours) * n / max(total, 1)


class Scene:
    """A forum under a spam wave: TOPICS discussions with visible threads, REPORTED reported
    comments and HIDDEN hidden by reports; the held posts are added in steps (`hold`)."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self.authors = users_bulk_create("bench_modq_author_", AUTHORS, verified_readers=True)
        self.moderator = users_bulk_create("bench_modq_moderator_", 1, verified_readers=True)[0]
        User.objects.filter(pk=self.moderator.pk).update(is_staff=True)
        self.moderator.groups.add(Group.objects.get(name=Role.MODERATORS))
        self.client = Client(SERVER_NAME="localhost")  # an allowed host, outside a test run
        self.client.force_login(self.moderator)

        category: Category = CategoryFactory(name="Markets", slug="bench-modq-markets")
        topics = [ArticleFactory().discussion for _ in range(ARTICLES)]
        Topic.objects.bulk_create(
            [
                Topic(
                    category=category,
                    title=f"Neodymium supply, thread {n}",
                    slug=f"neodymium-supply-thread-{n}",
                    author=self.authors[n % AUTHORS],
                    post_count=THREADS_PER_TOPIC,
                )
                for n in range(TOPICS - ARTICLES)
            ],
            batch_size=BATCH,
        )
        topics += list(Topic.objects.filter(category=category).order_by("pk"))
        Topic.objects.filter(pk__in=[t.pk for t in topics[:ARTICLES]]).update(
            post_count=THREADS_PER_TOPIC
        )
        self.topics = topics

        # The visible threads; the first REPORTED carry open reports, HIDDEN more are hidden.
        threads_start = self.now - timedelta(days=30)
        count = TOPICS * THREADS_PER_TOPIC
        rows = []
        for n in range(count + HIDDEN):
            hidden = n >= count
            reported = n < REPORTED or hidden
            created = _spread(n, count + HIDDEN, threads_start, 24 * 20)
            rows.append(
                {
                    "topic": topics[n % TOPICS],
                    "author": self.authors[n % AUTHORS],
                    "body": f"Dysprosium spot price, note {n}.",
                    "body_html": f"<p>Dysprosium spot price, note {n}.</p>\n",
                    "created_at": created,
                    "status": Post.Status.PENDING if hidden else Post.Status.VISIBLE,
                    "open_report_count": (3 if hidden else 1 + n % 2) if reported else 0,
                    "reported_at": created + timedelta(hours=1) if reported else None,
                    "held_reason": "Reported by 3 readers (spam)." if hidden else "",
                    "held_at": created + timedelta(hours=2) if hidden else None,
                }
            )
        posts = self._insert(rows)
        self.threads = posts[:count]
        reported = posts[:REPORTED] + posts[count:]
        Report.objects.bulk_create(
            [
                Report(
                    post=post,
                    # Readers other than the author, a different one for each report.
                    reporter=self.authors[(n + 1 + k) % AUTHORS],
                    reason=(Report.Reason.SPAM, Report.Reason.ABUSE, Report.Reason.OFF_TOPIC)[k],
                    text="Looks like an advert." if k == 0 else "",
                    created_at=post.reported_at + timedelta(minutes=10 * k),
                )
                for n, post in enumerate(reported)
                for k in range(post.open_report_count)
            ],
            batch_size=BATCH,
        )
        self.held = 0

    def _insert(self, rows: list[dict[str, object]]) -> list[Post]:
        """Posts with ids chosen here, so each path is complete in its one INSERT; a row's
        `parent` makes it a reply at depth 1 (threads here are one level deep)."""
        first = (Post.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
        posts = []
        for pk, row in enumerate(rows, start=first):
            parent: Post | None = row.get("parent")  # type: ignore[assignment]
            posts.append(
                Post(
                    pk=pk,
                    reply_to=parent,
                    root=parent,
                    depth=1 if parent else 0,
                    path=(parent.path if parent else "") + path_segment(pk),
                    **row,
                )
            )
        Post.objects.bulk_create(posts, batch_size=BATCH)
        posts_sequence_reset()
        return posts

    def hold(self, total: int, *, start: datetime, hours: float) -> tuple[int, int]:
        """Held posts until `total` wait in the Pending queue, arriving in order from `start`
        over `hours`: top-level and replies to the threads; returns their first and last id."""
        count = total - self.held
        rows = []
        for n in range(count):
            held_at = _spread(n, count, start, hours)
            reply = n % 10 < REPLY_SHARE * 10  # six in ten answer a thread
            body = f"Cheap magnets, direct from the factory: offer {self.held + n}."
            rows.append(
                {
                    "topic": self.topics[n % TOPICS],
                    "parent": self.threads[n % len(self.threads)] if reply else None,
                    "author": self.authors[(self.held + n) % AUTHORS],
                    "body": body,
                    "body_html": f"<p>{body}</p>\n",
                    "created_at": held_at,
                    "status": Post.Status.PENDING,
                    "held_reason": HELD_REASONS[n % len(HELD_REASONS)],
                    "held_at": held_at,
                }
            )
        posts = self._insert(rows)
        self.held = total
        database_analyze()
        return posts[0].pk, posts[-1].pk

    def page(self, queue: str = Queue.PENDING) -> Callable[[], object]:
        def get() -> None:
            response = self.client.get("/moderation/", {"queue": queue})
            assert response.status_code == 200, response.status_code  # noqa: S101

        return get


def database_analyze() -> None:
    """On PostgreSQL, what autovacuum would do after a bulk load: fresh statistics (and, after
    an UPDATE of many rows, no dead index entries to step over)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Post._meta.db_table}")


def first_page_sql(queue: str) -> tuple[str, tuple[object, ...]]:
    """The SQL of a queue's first page as `moderation_queue` sends it (one row more than a
    page, to know whether more follow)."""
    return _queue_posts(queue)[: PAGE + 1].query.sql_with_params()


def select_alone(queue: str) -> Callable[[], object]:
    sql, params = first_page_sql(queue)

    def fetch() -> list[tuple[object, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        assert len(rows) == PAGE + 1, len(rows)  # noqa: S101
        return rows

    return fetch


def explain(sql: str, params: tuple[object, ...] | None = None) -> list[str]:
    """EXPLAIN (ANALYZE) on PostgreSQL, EXPLAIN QUERY PLAN on SQLite: the plan's lines."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[-1] for row in cursor.fetchall()]


def key_line(lines: list[str], *names: str) -> str:
    """The first line naming any of `names`, with PostgreSQL's planning and execution times."""
    key = next((line.strip() for line in lines if any(n in line for n in names)), "?")
    key = key.removeprefix("->").strip()
    return key + "".join(
        f"; {line}" for line in lines if line.startswith(("Planning", "Execution"))
    )


def plan(queue: str) -> tuple[list[str], str, bool]:
    """The first page's plan, its line about the posts table, and whether the queue's partial
    index is read in order (no sort, no scan of the whole table)."""
    index = {Queue.PENDING: "post_pending_queue", Queue.REPORTED: "post_reported_queue"}[queue]
    lines = explain(*first_page_sql(queue))
    key = key_line(lines, index)
    sorted_apart = any("Sort" in line or "TEMP B-TREE" in line for line in lines)
    seq_scan = any(
        f"Seq Scan on {Post._meta.db_table}" in line
        or line.strip() == f"SCAN {Post._meta.db_table}"
        for line in lines
    )
    return lines, key, index in key and not sorted_apart and not seq_scan


def tab_counts() -> tuple[float, str]:
    """What the tab counts cost (`moderation_queue_summary`: each queue counted over at most
    QUEUE_COUNT_CAP + 1 rows read in its index's order), and the plan of the pending count."""
    with CaptureQueriesContext(connection) as captured:
        moderation_queue_summary()
    pending_sql = next(q["sql"] for q in captured.captured_queries if "held_at" in q["sql"])
    counts_time = median([timed(moderation_queue_summary) for _ in range(RUNS // 3)])
    return counts_time, key_line(explain(pending_sql), Post._meta.db_table)


def plan_note(key: str, *, indexed: bool) -> str:
    how = "the partial index read in order, no sort" if indexed else "NOT an ordered index read"
    return f"plan: `{key}` ({how})"


def slowest_statements(fn: Callable[[], object], limit: int = 3) -> str:
    """The statements of one call that take longest, by Django's own per-statement timer."""
    with CaptureQueriesContext(connection) as captured:
        fn()
    ranked = sorted(captured.captured_queries, key=lambda q: float(q["time"]), reverse=True)
    total = sum(float(q["time"]) for q in captured.captured_queries)
    described = "; ".join(f"{human(float(q['time']))} `{q['sql'][:90]}...`" for q in ranked[:limit])
    return f"{human(total)} in all; the slowest: {described}"


def take_turns(sides: list[tuple[Callable[[], object], list[float]]], runs: int = RUNS) -> None:
    for fn, _times in sides:
        for _ in range(WARMUP):
            fn()
    for run_number in range(runs):
        for fn, times in sides if run_number % 2 == 0 else list(reversed(sides)):
            settle()
            times.append(timed(fn))


def select_ratio_note(page: list[float], select: list[float]) -> str:
    ratio = median(page) / median(select)
    return (
        f"against its first page's SELECT alone (median {human(median(select))}): "
        f"{ratio:.1f}x at the median (the old target, within {MAX_PAGE_RATIO:g}x, is withdrawn: "
        "a figure, not a verdict)"
    )


def run() -> list[Comparison]:
    print(
        f"moderation queue: GET /moderation/ with {PENDING:,} pending against its first page's "
        "SELECT alone, and against the same page with one page pending"
    )
    started = time.perf_counter()
    scene = Scene()
    wave_start = scene.now - timedelta(hours=WAVE_HOURS)
    early_start = wave_start - timedelta(days=7)
    scene.hold(FEW, start=early_start, hours=24 * 3)
    mix_few = query_mix(scene.page())
    scene.hold(FULL_PAGE, start=early_start + timedelta(days=3), hours=24 * 3)
    mix_full = query_mix(scene.page())
    full_before: list[float] = []
    take_turns([(scene.page(), full_before)])

    wave_first, wave_last = scene.hold(PENDING, start=wave_start, hours=WAVE_HOURS)
    setup = time.perf_counter() - started
    assert _queue_posts(Queue.PENDING).count() == PENDING  # noqa: S101
    assert _queue_posts(Queue.REPORTED).count() == REPORTED + HIDDEN  # noqa: S101

    page_times: list[float] = []
    select_times: list[float] = []
    take_turns([(scene.page(), page_times), (select_alone(Queue.PENDING), select_times)])
    orm_select = median(
        [timed(lambda: list(_queue_posts(Queue.PENDING)[: PAGE + 1])) for _ in range(RUNS)]
    )
    mix_many = query_mix(scene.page())
    statements_many = slowest_statements(scene.page())
    wall_many, in_statements_many = statement_time(scene.page, RUNS // 3)
    counts_time, count_plan = tab_counts()
    pending_plan, pending_key, pending_indexed = plan(Queue.PENDING)

    reported_times: list[float] = []
    reported_select: list[float] = []
    take_turns(
        [
            (scene.page(Queue.REPORTED), reported_times),
            (select_alone(Queue.REPORTED), reported_select),
        ]
    )
    mix_reported = query_mix(scene.page(Queue.REPORTED))
    reported_plan, reported_key, reported_indexed = plan(Queue.REPORTED)
    # Profiled now, while the queue is long; kept for the rows that miss.
    profiles = {Queue.PENDING: profile_top(scene.page(), stages=STAGES)}
    if p95(reported_times) > BUDGET:
        profiles[Queue.REPORTED] = profile_top(scene.page(Queue.REPORTED), stages=STAGES)

    # The wave dealt with (rejected in one statement): one page pending again, in a table
    # 100,000 posts larger. The short queue timed before and after, so drift shows.
    Post.objects.filter(pk__gte=wave_first, pk__lte=wave_last).update(
        status=Post.Status.REJECTED, moderated_at=timezone.now(), moderated_by=scene.moderator
    )
    database_analyze()
    assert _queue_posts(Queue.PENDING).count() == FULL_PAGE  # noqa: S101
    full_after: list[float] = []
    take_turns([(scene.page(), full_after)])
    mix_after = query_mix(scene.page())
    statements_full = slowest_statements(scene.page())
    wall_full, in_statements_full = statement_time(scene.page, RUNS // 3)
    elapsed = time.perf_counter() - started

    for name, lines in (("pending", pending_plan), ("reported", reported_plan)):
        print(f"  plan of the {name} queue's first page:")
        print("\n".join(f"    {line}" for line in lines))
    scene_note = (
        f"scene: {PENDING:,} held posts ({REPLY_SHARE:.0%} replies to visible threads) by "
        f"{AUTHORS:,} authors in {TOPICS:,} discussions ({ARTICLES} under articles), "
        f"{TOPICS * THREADS_PER_TOPIC:,} visible threads, {REPORTED:,} reported and {HIDDEN} "
        f"hidden by reports; built in {setup:.1f} s, the whole benchmark {elapsed:.1f} s"
    )
    method = (
        f"{RUNS} runs each way, taking turns, after {WARMUP} untimed each; the page is a GET "
        "through django.test.Client as a logged-in moderator"
    )
    select_note = (
        f"baseline: the first page's SQL as moderation_queue sends it ({PAGE + 1} rows, "
        "the same joins, ORDER BY and LIMIT) run on a cursor and fetched; through the ORM, "
        f"model instances built, it takes {human(orm_select)}"
    )
    pending = Budget.of(
        title=f"moderation queue page, {PENDING:,} pending",
        measured="GET /moderation/",
        unit="page",
        times=page_times,
        budget=BUDGET,
        target=f"p95 ≤ {BUDGET * 1e3:.0f} ms",
        notes=[
            method,
            select_ratio_note(page_times, select_times),
            select_note,
            plan_note(pending_key, indexed=pending_indexed),
            f"statements per page: {mix_many} with {PENDING:,} pending, {mix_few} with {FEW}",
            f"the page's statements with {PENDING:,} pending: {statements_many}",
            f"without the profiler, a page with {PENDING:,} pending takes {human(wall_many)}, "
            f"its statements {human(in_statements_many)} of it; with {FULL_PAGE}, "
            f"{human(wall_full)} and {human(in_statements_full)}: the rest is Python, the "
            "ORM's share of the queue's queries (building their SQL and their rows' models) as "
            "much as rendering the template",
            scene_note,
        ],
    )
    size = Comparison(
        title=f"moderation queue page, {PENDING:,} pending against {FULL_PAGE}",
        measured=f"GET /moderation/, {PENDING:,} pending",
        baseline=f"GET /moderation/, {FULL_PAGE} pending",
        unit="page",
        measured_times=page_times,
        baseline_times=full_before + full_after,
        max_ratio=MAX_TIME_RATIO,
        target="time independent of the queue's length",
        notes=[
            f"{FULL_PAGE} pending: a full page of {PAGE} and a link to the next, as with "
            f"{PENDING:,}; timed {RUNS} times before the {PENDING:,} arrived (median "
            f"{human(median(full_before))}) and {RUNS} after they were rejected in one "
            f"statement (median {human(median(full_after))}), {WARMUP} untimed first each time",
            f"statements per page: {mix_full} with {FULL_PAGE} pending before, {mix_after} "
            f"after; {mix_many} with {PENDING:,}",
            f"the page's statements with {FULL_PAGE} pending (after): {statements_full}",
            f"the tab counts (moderation_queue_summary, also behind the header's link on every "
            f"page a moderator opens) take {human(counts_time)} with {PENDING:,} pending: each "
            f"queue counted over at most {QUEUE_COUNT_CAP + 1:,} rows (shown as "
            f'"{QUEUE_COUNT_CAP:,}+"); the pending count\'s plan: `{count_plan}`',
        ],
    )
    reported = Budget.of(
        title=f"moderation queue page, Reported tab ({REPORTED + HIDDEN:,}; {PENDING:,} pending)",
        measured="GET /moderation/?queue=reported",
        unit="page",
        times=reported_times,
        budget=BUDGET,
        target=f"p95 ≤ {BUDGET * 1e3:.0f} ms",
        notes=[
            method,
            select_ratio_note(reported_times, reported_select),
            select_note.split("; through")[0],
            plan_note(reported_key, indexed=reported_indexed),
            f"statements per page: {mix_reported}",
        ],
    )
    comparisons = [(pending, Queue.PENDING), (size, Queue.PENDING), (reported, Queue.REPORTED)]
    for comparison, queue in comparisons:
        print(comparison.title)
        print(comparison.report())
        for note in comparison.notes:
            print(f"  - {note}")
        if not comparison.met:
            comparison.profile = profiles[queue]
            print(
                f"  profile of one {queue} page with {PENDING:,} pending, top 10 by cumulative "
                "time:"
            )
            print("\n".join(comparison.profile))
    return [comparison for comparison, _queue in comparisons]
