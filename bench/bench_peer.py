"""Issue 14: our topic page against django-spirit 0.14.3's, a maintained Django forum, side by
side in one run, and our page's cost against the size of its topic.

Each side shows a page of 20 comments of a topic holding N = 20, 200, 1,000, 5,000 and 20,000,
the first page and the last, to a logged-out visitor and to a logged-in member who liked one
comment in ten. Both topics are flat (Spirit has no threads): on ours, 20 threads of one
comment each, in the default order (oldest first), as Spirit's pages run.

What differs between the pages: ours is the site's whole page (header, search box, sort links,
"Load more", the comment form for a member, per comment its author's card, Like, Reply and
Report); Spirit's is its whole topic page (its header, pagination, per comment its author,
like and quote links, and for a member its reply form). Spirit's cache (in its database, as it
ships) and ours are emptied before each cold render; a warm render keeps them.

Spirit runs in bench/.venv-spirit (made on first use) with bench/spirit/: a forum set up as its
project template sets one up, on a SQLite file of its own, or on PostgreSQL in a database of
its own (ours with "_spirit" appended) when ours is PostgreSQL.

Rows: ours at most 0.5x Spirit, cold, at every N, viewer and page; a member's warm page at most
0.3x Spirit's; our page at N = 20,000 within 1.2x of ours at N = 20 (every sort, first and
last page, both viewers; the last page reached as "Load more" reaches it, after the thread
before it; the two sizes taking turns); and our pages at N = 20 and 1,000 within 1.1x of
themselves once 200,000 more comments fill the table, in another topic.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import django
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Max
from django.test import Client, override_settings
from django.utils import timezone

from accounts.viewer import Viewer
from bench.bench_article_page import QueryKinds
from bench.measure import ROOT, Comparison, PeerProcess, human, median, peer_python, settle
from bench.people import users_bulk_create
from bench.rows import posts_sequence_reset
from forum.discussions.models import Post, Reaction, Topic, path_segment
from forum.discussions.rendering import render_post_body
from forum.discussions.selectors import thread_roots
from tests.factories import ArticleFactory

SPIRIT_VERSION = "0.14.3"
SPIRIT_VENV = ROOT / "bench" / ".venv-spirit"
SPIRIT_SERVE = ROOT / "bench" / "spirit" / "serve.py"
SPIRIT_REQUIREMENTS = (
    f"django-spirit=={SPIRIT_VERSION}",
    f"Django=={django.get_version()}",
    "psycopg[binary]==3.3.9",
)
SIZES = (20, 200, 1_000, 5_000, 20_000)
VIEWERS = ("anonymous", "member")
PAGES = ("first", "last")
SORTS = ("oldest", "newest", "top")
RUNS = 7  # renders per side, size, viewer and page, the sides taking turns
PEOPLE = 50
MEMBER = 5
PER_PAGE = 20
MAX_PEER_RATIO = 0.5
MAX_WARM_RATIO = 0.3
MAX_GROWTH = 1.2
CROWD = 200_000  # comments then written to another topic: the page must not notice
CROWD_SIZES = (20, 1_000)
CROWD_RUNS = 15
MAX_CROWD_GROWTH = 1.1
OUR_COMMENT = re.compile(r'id="comment-(\d+)"')
SENTENCES = (
    "The licensing delay is the story here, not the quota itself.",
    "Buyers I talk to are already **double-sourcing** NdPr oxide.",
    "Outside China the separation capacity is still a rounding error.",
    "Dysprosium is the one to watch; terbium follows it.",
    "Permitting, not geology, is the bottleneck for new mines.",
    "I would like to see the source for that 30-day figure.",
    "Good point, though the midstream is where the margin sits.",
)


def body(index: int) -> str:
    return " ".join(SENTENCES[(index + k) % len(SENTENCES)] for k in range(1 + index % 3))


@dataclass
class Side:
    """Renders of one side, by (size, viewer, page, sort), cold and warm."""

    cold: dict[tuple[int, str, str, str], list[float]] = field(default_factory=dict)
    warm: dict[tuple[int, str, str, str], list[float]] = field(default_factory=dict)
    info: dict[tuple[int, str, str, str], dict[str, Any]] = field(default_factory=dict)


class Ours:
    """Our topic pages, one article's discussion per size, written in bulk."""

    def __init__(self) -> None:
        self.people = users_bulk_create("bench_peer_", PEOPLE, verified_readers=True)
        self.urls: dict[int, str] = {}
        self.rendered = {
            b: render_post_body(b, profile_urls={}).html for b in map(body, range(7 * 3))
        }
        self.opened = timezone.now() - timedelta(days=30)
        for size in SIZES:
            topic = self.comments_write(f"bench-peer-{size}", size)
            self.urls[size] = topic.get_absolute_url()
        self.clients = {"anonymous": Client(), "member": Client()}
        self.clients["member"].force_login(self.people[MEMBER])

    def comments_write(self, slug: str, size: int) -> Topic:
        """An article's discussion of `size` flat comments, the member liking one in ten,
        written in bulk (ids and paths chosen here) and analysed."""
        article = ArticleFactory(slug=slug, publish_at=self.opened - timedelta(hours=1))
        topic = article.discussion
        first = (Post.objects.aggregate(last=Max("id"))["last"] or 0) + 1
        for start in range(0, size, 10_000):
            posts = [
                Post(
                    id=first + index,
                    topic=topic,
                    author=self.people[index % PEOPLE],
                    path=path_segment(first + index),
                    body=body(index % 21),
                    body_html=self.rendered[body(index % 21)],
                    like_count=1 if index % 10 == 0 else 0,
                    created_at=self.opened + timedelta(seconds=index),
                )
                for index in range(start, min(start + 10_000, size))
            ]
            Post.objects.bulk_create(posts, batch_size=1000)
            Reaction.objects.bulk_create(
                [Reaction(post=post, user=self.people[MEMBER]) for post in posts[::10]],
                batch_size=1000,
            )
        Topic.objects.filter(pk=topic.pk).update(
            post_count=size, last_activity_at=self.opened + timedelta(seconds=size)
        )
        posts_sequence_reset()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return topic

    def before_last_page(self, size: int, sort: str) -> int:
        """The thread the last page of `sort` starts after (read untimed)."""
        topic = Topic.objects.get(article__slug=f"bench-peer-{size}")
        roots = thread_roots(topic=topic, viewer=Viewer(user=None), sort=sort)
        last_page = (math.ceil(size / PER_PAGE) - 1) * PER_PAGE
        return roots.values_list("pk", flat=True)[last_page - 1]

    def render(self, size: int, viewer: str, page: str, sort: str, *, cold: bool) -> dict[str, Any]:
        url = f"{self.urls[size]}?sort={sort}"
        if page == "last" and size > PER_PAGE:  # as "Load more" reaches it: after the thread before
            url += f"&after={self.before_last_page(size, sort)}"
        if cold:
            cache.clear()
        settle()
        kinds = QueryKinds()
        with connection.execute_wrapper(kinds):
            start = time.perf_counter()
            response = self.clients[viewer].get(url)
            seconds = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101
        return {
            "seconds": seconds,
            "queries": kinds.total(),
            "mix": kinds.mix(),
            "comments": len(OUR_COMMENT.findall(response.content.decode())),
            "bytes": len(response.content),
        }


class Spirit:
    """django-spirit in its own process, answering one render at a time."""

    def __init__(self, folder: Path) -> None:
        spec = folder / "site.json"
        spec.write_text(
            json.dumps(
                {
                    "people": [f"bench_peer_{n}" for n in range(PEOPLE)],
                    "member": MEMBER,
                    "bodies": [body(index % 21) for index in range(max(SIZES))],
                    "authors": [index % PEOPLE for index in range(max(SIZES))],
                    "liked": list(range(0, max(SIZES), 10)),
                    "sizes": SIZES,
                }
            )
        )
        environment = {"SPIRIT_BENCH_DB": str(folder / "spirit.sqlite3")}
        if connection.vendor == "postgresql":
            environment["SPIRIT_BENCH_DATABASE_URL"] = spirit_database()
        python = peer_python(SPIRIT_VENV, SPIRIT_REQUIREMENTS)
        self.process = PeerProcess(python, SPIRIT_SERVE, str(spec), env=environment)
        self.ready = self.process.ready

    def render(self, size: int, viewer: str, page: str, *, cold: bool) -> dict[str, Any]:
        command = {"cmd": "render", "size": size, "viewer": viewer, "page": page, "cold": cold}
        return self.process.ask(command)

    def close(self) -> None:
        self.process.close()


def spirit_database() -> str:
    """A PostgreSQL database of Spirit's own beside ours, made afresh."""
    name = f"{settings.DATABASES['default']['NAME']}_spirit"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path=f"/{name}"))


def checked(info: dict[str, Any], side: str, size: int) -> float:
    shown = min(PER_PAGE, size)
    if info["comments"] != shown:
        sys.exit(f"bench: {side}'s page at N = {size} shows {info['comments']}, not {shown}")
    return float(info["seconds"])


def measure(ours: Ours, spirit: Spirit) -> tuple[Side, Side]:
    us, them = Side(), Side()
    for viewer in VIEWERS:  # templates compiled, connections opened: untimed
        ours.render(SIZES[0], viewer, "first", "oldest", cold=True)
        spirit.render(SIZES[0], viewer, "first", cold=True)
    for size in SIZES:
        for viewer in VIEWERS:
            for page in PAGES:
                key = (size, viewer, page, "oldest")
                for _ in range(RUNS):
                    info = ours.render(size, viewer, page, "oldest", cold=True)
                    us.cold.setdefault(key, []).append(checked(info, "our", size))
                    us.info[key] = info
                    info = spirit.render(size, viewer, page, cold=True)
                    them.cold.setdefault(key, []).append(checked(info, "Spirit", size))
                    them.info[key] = info
                    if page == "first":
                        info = ours.render(size, viewer, page, "oldest", cold=False)
                        us.warm.setdefault(key, []).append(checked(info, "our", size))
                        info = spirit.render(size, viewer, page, cold=False)
                        them.warm.setdefault(key, []).append(checked(info, "Spirit", size))
    return us, them


def growth(ours: Ours) -> dict[tuple[str, str, str], dict[int, list[float]]]:
    """Our page at the largest N and at the smallest, each viewer, page and sort, the two sizes
    taking turns render by render: a ratio of two series measured side by side, as the crowd's
    rows are. Taken from measure()'s series, the two sizes were minutes apart (the smallest
    first, the largest last, Spirit's renders between), and any drift of the process or the
    database over the run showed as growth."""
    small, large = SIZES[0], SIZES[-1]
    times: dict[tuple[str, str, str], dict[int, list[float]]] = {}
    for viewer in VIEWERS:
        for page in PAGES:
            for sort in SORTS:
                series: dict[int, list[float]] = {small: [], large: []}
                for run_number in range(RUNS):
                    for size in (small, large) if run_number % 2 == 0 else (large, small):
                        info = ours.render(size, viewer, page, sort, cold=True)
                        series[size].append(checked(info, "our", size))
                times[viewer, page, sort] = series
    return times


def comparisons_make(
    us: Side,
    them: Side,
    grown: dict[tuple[str, str, str], dict[int, list[float]]],
    engine: str,
) -> list[Comparison]:
    rows = []
    for (size, viewer, page, sort), times in us.cold.items():
        key = (size, viewer, page, sort)
        rows.append(
            Comparison(
                title=f"peer: topic page of 20, N = {size:,}, {viewer}, {page} page, cold",
                measured="GET topic page (ours)",
                baseline=f"django-spirit {SPIRIT_VERSION}",
                unit="render",
                measured_times=times,
                baseline_times=them.cold[key],
                max_ratio=MAX_PEER_RATIO,
                target=f"at most {MAX_PEER_RATIO}x Spirit",
                notes=[
                    f"queries: ours {us.info[key]['queries']} ({us.info[key]['mix']}), Spirit "
                    f"{them.info[key]['queries']} ({them.info[key]['mix']})",
                    f"page: ours {us.info[key]['bytes']:,} bytes, Spirit "
                    f"{them.info[key]['bytes']:,}; both on {engine}",
                ],
            )
        )
    for key, times in us.warm.items():
        size, viewer, _page, _sort = key
        if viewer == "member":
            rows.append(
                Comparison(
                    title=f"peer: topic page of 20, N = {size:,}, member, warm",
                    measured="GET topic page (ours), cache kept",
                    baseline=f"django-spirit {SPIRIT_VERSION}, cache kept",
                    unit="render",
                    measured_times=times,
                    baseline_times=them.warm[key],
                    max_ratio=MAX_WARM_RATIO,
                    target=f"at most {MAX_WARM_RATIO}x Spirit",
                )
            )
    small, large = SIZES[0], SIZES[-1]
    for (viewer, page, sort), series in grown.items():
        rows.append(
            Comparison(
                title=f"page follows the page: N = {large:,} against {small}, "
                f"{viewer}, {page} page, {sort}",
                measured=f"GET topic page, N = {large:,}",
                baseline=f"GET topic page, N = {small}",
                unit="render",
                measured_times=series[large],
                baseline_times=series[small],
                max_ratio=MAX_GROWTH,
                target=f"within {MAX_GROWTH}x",
                notes=[f"{RUNS} cold renders of each, the two sizes taking turns"],
            )
        )
    return rows


def crowded(ours: Ours) -> list[Comparison]:
    """Our page before and after CROWD comments come to another topic: the same page, its
    statements reading through the same indexes however large the table."""
    keys = [(size, viewer) for size in CROWD_SIZES for viewer in VIEWERS]

    def series() -> dict[tuple[int, str], list[float]]:
        times: dict[tuple[int, str], list[float]] = {key: [] for key in keys}
        for _ in range(CROWD_RUNS):
            for size, viewer in keys:
                info = ours.render(size, viewer, "first", "oldest", cold=True)
                times[size, viewer].append(checked(info, "our", size))
        return times

    before = series()
    started = time.perf_counter()
    ours.comments_write("bench-peer-crowd", CROWD)
    written = time.perf_counter() - started
    after = series()
    return [
        Comparison(
            title=f"page among {CROWD:,} other comments: N = {size:,}, {viewer}, first page, cold",
            measured=f"GET topic page, {CROWD:,} more comments in the table",
            baseline="GET topic page, before they came",
            unit="render",
            measured_times=after[size, viewer],
            baseline_times=before[size, viewer],
            max_ratio=MAX_CROWD_GROWTH,
            target=f"within {MAX_CROWD_GROWTH}x",
            notes=[
                f"{CROWD:,} comments written to another topic in {written:.0f} s, then the "
                f"tables analysed; {CROWD_RUNS} cold renders of each page before and after"
            ],
        )
        for size, viewer in keys
    ]


def run() -> list[Comparison]:
    engine = connection.vendor
    print(f"peer: our topic page against django-spirit {SPIRIT_VERSION}, on {engine}")
    ours = Ours()
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with (
        tempfile.TemporaryDirectory(prefix="bench-peer-") as folder,
        override_settings(ALLOWED_HOSTS=hosts),
    ):
        spirit = Spirit(Path(folder))
        try:
            us, them = measure(ours, spirit)
        finally:
            spirit.close()
        rows = comparisons_make(us, them, growth(ours), engine) + crowded(ours)
    for row in rows:
        ours_time, theirs = human(median(row.measured_times)), human(median(row.baseline_times))
        print(f"{row.title}: {ours_time} against {theirs}, {row.ratio:.2f}x: {row.verdict}")
    return rows
