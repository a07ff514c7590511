"""On PostgreSQL, a comment page reads what it shows through indexes: no statement it sends
scans the posts table, however many comments other topics hold (issue 14: with 50,000 comments
elsewhere, a page of 20 went from 28 to 63 ms when the thread query became a sequential scan),
and a member's likes are read by the page's comments, not all the member's likes."""

from __future__ import annotations

import itertools
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from accounts.viewer import Viewer
from articles.models import Article
from forum.discussions.models import Reaction
from forum.discussions.selectors import thread_roots
from tests.factories import ArticleFactory, ReaderFactory
from tests.forum.discussions.page_plans import flat_comments, page_plans, threads_written

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ELSEWHERE = 100_000  # comments in another topic: the table a real site reaches
LIKED_ELSEWHERE = 5  # the member liked one in five of them
HERE = 300  # the article's own: 100 threads of a root and two replies, more than one page
SORTS = ("oldest", "newest", "top")


@pytest.fixture
def crowded_article(db: None) -> Article:
    """An article with 300 comments beside a topic with 100,000, analysed as a live site's
    tables are, and a member who liked a quarter of the article's comments and 20,000 of the
    others."""
    authors = [ReaderFactory() for _ in range(20)]
    elsewhere = flat_comments(ArticleFactory(slug="elsewhere").discussion, authors, ELSEWHERE)
    article = ArticleFactory(slug="crowded")
    posts = threads_written(article.discussion, authors, HERE // 3)
    liked = posts[::4] + elsewhere[::LIKED_ELSEWHERE]
    Reaction.objects.bulk_create(
        (Reaction(post=post, user=authors[0]) for post in liked), batch_size=5_000
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return article


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
            plans = page_plans(client, f"{base}?sort={sort}{after}")
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
