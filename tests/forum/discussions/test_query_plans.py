"""On PostgreSQL, a comment page reads what it shows through indexes: no statement it sends
scans the posts table, however many comments other topics hold (issue 14: with 50,000 comments
elsewhere, a page of 20 went from 28 to 63 ms when the thread query became a sequential scan),
and a member's likes are read by the page's comments, not all the member's likes."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from accounts.viewer import Viewer
from articles.models import Article
from forum.discussions.models import Post, Reaction, Topic, path_segment
from forum.discussions.selectors import thread_roots
from tests.factories import ArticleFactory, ReaderFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ELSEWHERE = 100_000  # comments in another topic: the table a real site reaches
LIKED_ELSEWHERE = 5  # the member liked one in five of them
HERE = 300  # the article's own: 100 threads of a root and two replies, more than one page
SORTS = ("oldest", "newest", "top")


def _flat_comments(topic: Topic, authors: list[User], count: int) -> list[Post]:
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


def _threads(topic: Topic, authors: list[User], threads: int) -> list[Post]:
    """`threads` roots, each with a reply and a reply to that reply."""
    roots = _flat_comments(topic, authors, threads)
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


@pytest.fixture
def crowded_article(db: None) -> Article:
    """An article with 300 comments beside a topic with 100,000, analysed as a live site's
    tables are, and a member who liked a quarter of the article's comments and 20,000 of the
    others."""
    authors = [ReaderFactory() for _ in range(20)]
    elsewhere = _flat_comments(ArticleFactory(slug="elsewhere").discussion, authors, ELSEWHERE)
    article = ArticleFactory(slug="crowded")
    posts = _threads(article.discussion, authors, HERE // 3)
    liked = posts[::4] + elsewhere[::LIKED_ELSEWHERE]
    Reaction.objects.bulk_create(
        (Reaction(post=post, user=authors[0]) for post in liked), batch_size=5_000
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return article


def _plans(client: Client, url: str) -> dict[str, str]:
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


def _before_last_page(article: Article, sort: str) -> int:
    """The thread the last page starts after, in `sort`."""
    roots = thread_roots(topic=article.discussion, viewer=Viewer(user=None), sort=sort)
    return list(roots.values_list("pk", flat=True))[-settings.FORUM_THREADS_PER_PAGE - 1]


def test_no_statement_of_a_comment_page_scans_the_posts_table(
    crowded_article: Article, client: Client
) -> None:
    """Every page a reader can ask for: the article's and the topic's, first and last page,
    every sort, logged out and as a member with likes."""
    member = Reaction.objects.select_related("user").first()
    assert member is not None
    pages = [crowded_article.get_absolute_url(), crowded_article.discussion.get_absolute_url()]
    scans: dict[str, str] = {}
    likes_read: dict[str, str] = {}
    for logged_in in (False, True):
        if logged_in:
            client.force_login(member.user)
        for base, sort, last in itertools.product(pages, SORTS, (False, True)):
            after = f"&after={_before_last_page(crowded_article, sort)}" if last else ""
            plans = _plans(client, f"{base}?sort={sort}{after}")
            assert plans, "the page reads comments"
            # Nor walk the primary key backwards past other topics' newer posts (the newest
            # post's id, as MAX(id) had PostgreSQL read it).
            scans |= {
                sql: plan
                for sql, plan in plans.items()
                if "Seq Scan on forum_post" in plan
                or "Index Scan Backward using forum_post_pkey" in plan
            }
            likes_read |= {sql: plan for sql, plan in plans.items() if "forum_reaction" in plan}

    assert not scans, "\n\n".join(f"{sql}\n{plan}" for sql, plan in scans.items())
    assert likes_read, "a member's page reads their likes"
    # Through the (post, user) index, for the page's comments alone.
    whole = {
        sql: plan
        for sql, plan in likes_read.items()
        if re.search(r"Seq Scan on forum_reaction|forum_reaction_user_id", plan)
    }
    assert not whole, "\n\n".join(f"{sql}\n{plan}" for sql, plan in whole.items())
