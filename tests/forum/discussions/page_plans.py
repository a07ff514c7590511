"""Comment pages' statements and their plans, on a table written in bulk: what the plan tests
(test_query_plans.py on PostgreSQL, test_sqlite_query_plans.py on SQLite) read."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from forum.discussions.models import Post, Topic, path_segment


def flat_comments(topic: Topic, authors: list[User], count: int) -> list[Post]:
    """`count` top-level comments written in one bulk INSERT, ids and paths given."""
    first = (Post.objects.aggregate(last=Max("id"))["last"] or 0) + 1
    start = timezone.now() - timedelta(days=30)
    posts = [
        Post(
            id=first + n,
            topic=topic,
            author=author,
            path=path_segment(first + n),
            body=f"Comment {n}",
            body_html=f"<p>Comment {n}</p>\n",
            created_at=start + timedelta(seconds=n),
            like_count=n % 7,
        )
        for n, author in zip(range(count), itertools.cycle(authors), strict=False)
    ]
    Post.objects.bulk_create(posts, batch_size=5_000)
    return posts


def threads_written(topic: Topic, authors: list[User], threads: int) -> list[Post]:
    """`threads` roots, each with a reply and a reply to that reply."""
    roots = flat_comments(topic, authors, threads)
    posts = list(roots)
    parents = roots
    for depth in (1, 2):
        first = (Post.objects.aggregate(last=Max("id"))["last"] or 0) + 1
        level = [
            Post(
                id=first + n,
                topic=topic,
                author=authors[n % len(authors)],
                parent=parent,
                reply_to=parent,
                root=parent.root or parent,
                path=parent.path + path_segment(first + n),
                depth=depth,
                body=f"Reply {n}",
                body_html=f"<p>Reply {n}</p>\n",
                created_at=parent.created_at + timedelta(minutes=depth),
            )
            for n, parent in enumerate(parents)
        ]
        Post.objects.bulk_create(level)
        posts += level
        parents = level
    return posts


def page_plans(client: Client, url: str) -> dict[str, str]:
    """Each SELECT the page sends that reads forum_post, with its plan (a union's too, which
    starts with a parenthesis): PostgreSQL's EXPLAIN, or SQLite's EXPLAIN QUERY PLAN, a line
    a step."""
    explain, column = ("EXPLAIN QUERY PLAN", 3) if connection.vendor == "sqlite" else ("EXPLAIN", 0)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    plans = {}
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if sql.lstrip("(").startswith("SELECT") and "forum_post" in sql:
                cursor.execute(f"{explain} {sql}")
                plans[sql] = "\n".join(row[column] for row in cursor.fetchall())
    return plans
