"""The comment pages cost a fixed number of queries however many comments there are."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from articles.models import Article
from forum.discussions.models import Post, Reaction, Topic, path_segment
from forum.discussions.services.cache_versions import NEXT_VERSION
from forum.discussions.services.posting import post_create
from forum.notifications.models import NotificationEvent
from tests.factories import AdministratorFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db

# A logged-in reader of an article, cold (the article's Highlights, tags and notes read for its
# shared rendering): see the page view and forum/discussions/threads_html.py.
MAX_QUERIES = 14
# 25 threads, each three levels deep below its root: 25 + 75 + 150 + 250 = 500 posts.
LEVEL_SIZES = (25, 75, 150, 250)


def _level(topic: Topic, parents: list[Post | None], size: int, authors: list[User]) -> list[Post]:
    """`size` posts spread over `parents` (round robin), written in two bulk queries."""
    authors_cycle = itertools.cycle(authors)
    posts = [
        Post(
            topic=topic,
            author=next(authors_cycle),
            parent=parent,
            reply_to=parent,
            root=(parent.root or parent) if parent else None,
            depth=parent.depth + 1 if parent else 0,
            body=f"Comment {n}",
            body_html=f"<p>Comment {n} with <em>markup</em></p>\n",
        )
        for n, parent in zip(range(size), itertools.cycle(parents), strict=False)
    ]
    Post.objects.bulk_create(posts)
    for post in posts:
        post.path = (post.parent.path if post.parent else "") + path_segment(post.pk)
    Post.objects.bulk_update(posts, ["path"])
    return posts


def _build_tree(topic: Topic, viewer: User | None) -> int:
    """500 comments in a deep, wide tree by many authors, some hidden, some liked by `viewer`.

    Written in bulk (the services would take minutes), with the counters the services keep.
    """
    authors = [ReaderFactory() for _ in range(12)] + [ModeratorFactory(), AdministratorFactory()]
    if topic.article is not None:
        authors.append(topic.article.author or ReaderFactory())
    parents: list[Post | None] = [None]
    everything: list[Post] = []
    for size in LEVEL_SIZES:
        level = _level(topic, parents, size, authors)
        everything += level
        parents = list(level)
    assert len(everything) == 500
    assert max(post.depth for post in everything) == 3

    hidden = everything[::37]  # removed, pending, deleted: placeholders and pruned branches
    for post, status in zip(
        hidden,
        itertools.cycle([Post.Status.REMOVED, Post.Status.PENDING, Post.Status.DELETED]),
        strict=False,
    ):
        post.status = status
    Post.objects.bulk_update(hidden, ["status"])
    if viewer is not None:
        liked = everything[1::5]
        Reaction.objects.bulk_create(Reaction(post=post, user=viewer) for post in liked)
        Post.objects.filter(pk__in=[p.pk for p in liked]).update(like_count=F("like_count") + 1)
    hidden_ids = {post.pk for post in hidden}
    replies = Counter(post.parent_id for post in everything if post.pk not in hidden_ids)
    for post in everything:
        post.reply_count = replies[post.pk]
    Post.objects.bulk_update(everything, ["reply_count"])
    visible = len(everything) - len(hidden)
    Topic.objects.filter(pk=topic.pk).update(post_count=visible, discussion_version=NEXT_VERSION)
    return visible


def _count(client: Client, url: str) -> int:
    client.get(url)  # warm: whatever is read once per process is not this page's cost
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.fixture(params=["anonymous", "reader"])
def viewer(request: pytest.FixtureRequest, client: Client) -> User | None:
    if request.param == "anonymous":
        return None
    user = ReaderFactory()
    client.force_login(user)
    return user


PAGES: dict[str, Callable[[Article], str]] = {
    "article page": lambda article: article.get_absolute_url(),
    "topic page": lambda article: article.discussion.get_absolute_url(),
}


@pytest.mark.parametrize("page", PAGES)
def test_comment_page_with_no_comments_skips_the_thread_reads(
    client: Client, article: Article, viewer: User | None, page: str
) -> None:
    """With no thread to show, the posts, their authors, roles and likes are not read: the
    empty page costs fewer queries than a full one, and the full one stays within budget."""
    url = PAGES[page](article)
    empty = _count(client, url)

    visible = _build_tree(article.discussion, viewer)

    full = _count(client, url)
    assert empty < full <= MAX_QUERIES
    html = client.get(url).content.decode()
    assert f"{visible} Comments</h2>" in html
    assert html.count('<li class="comment') >= 300  # 20 whole threads, four levels deep
    assert "Load more comments" in html


@pytest.mark.parametrize("page", PAGES)
def test_comment_page_costs_the_same_queries_with_1_and_500_comments(
    client: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
    article: Article,
    viewer: User | None,
    page: str,
) -> None:
    url = PAGES[page](article)
    topic = article.discussion
    first = _level(topic, [None], 1, [ReaderFactory()])
    Topic.objects.filter(pk=topic.pk).update(post_count=1)
    one = _count(client, url)
    assert one <= MAX_QUERIES
    Post.objects.filter(pk__in=[p.pk for p in first]).delete()

    _build_tree(topic, viewer)

    client.get(url)
    cache.clear()  # rendered afresh: test_threads_html.py counts the cached pages
    with django_assert_num_queries(one):
        client.get(url)


def test_threads_fragment_and_new_since_cost_the_same_with_500_comments(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, article: Article
) -> None:
    topic = article.discussion
    first = _level(topic, [None], 1, [ReaderFactory()])
    threads_url = f"/forum/t/{topic.pk}/threads/"
    new_url = f"/forum/t/{topic.pk}/new/?after=0"
    threads_one, new_one = _count(client, threads_url), _count(client, new_url)
    Post.objects.filter(pk__in=[p.pk for p in first]).delete()

    _build_tree(topic, None)

    with django_assert_num_queries(threads_one):
        client.get(threads_url)
    cache.clear()  # cold, as _count measured it (the poll's cache key too: poll_cache.py)
    with django_assert_num_queries(new_one):
        client.get(new_url)


# Posting: a fixed handful of statements, whoever posts, however much they have posted, however
# deep they reply. The author locked (with whether their address is verified and whether they
# are staff), the topic locked (with its article and category, and on PostgreSQL the post's id
# from its sequence), the author's history (rate limit, repeats, approved posts), the word rules,
# the post (and elsewhere, once its id is known, its path), the subscription, the topic's
# counters, the outbox row. A reply adds the lock on the post it answers and its parent's count.
# One of them writes the post's search document (forum/search), in the same transaction.
POST_CREATE_QUERIES = 9 if connection.vendor == "postgresql" else 10
REPLY_CREATE_QUERIES = POST_CREATE_QUERIES + 2
SAVEPOINT = 2  # post_create's atomic block, inside the test's transaction: SAVEPOINT, RELEASE


def test_post_create_costs_a_fixed_number_of_statements(
    django_assert_max_num_queries: DjangoAssertNumQueries, topic: Topic
) -> None:
    veteran = ReaderFactory()
    history = _level(topic, [None], 50, [veteran])  # a long one costs no more than a short one
    Post.objects.filter(pk__in=[post.pk for post in history]).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    thread = comment(topic)
    deepest = comment(topic, reply_to=comment(topic, reply_to=comment(topic, reply_to=thread)))
    newcomer, replier = ReaderFactory(), ReaderFactory()

    with django_assert_max_num_queries(POST_CREATE_QUERIES + SAVEPOINT):
        post_create(topic=topic, author=newcomer, body="A first comment.")
    with django_assert_max_num_queries(POST_CREATE_QUERIES + SAVEPOINT):
        post_create(topic=topic, author=veteran, body="The fifty-first comment.")
    with django_assert_max_num_queries(REPLY_CREATE_QUERIES + SAVEPOINT):
        reply = post_create(topic=topic, author=replier, body="A reply.", reply_to=thread)
    with django_assert_max_num_queries(REPLY_CREATE_QUERIES + SAVEPOINT):
        beside = post_create(topic=topic, author=newcomer, body="Deeper.", reply_to=deepest)

    assert reply.status == Post.Status.VISIBLE
    assert reply.path.startswith(thread.path)
    assert (beside.parent_id, beside.depth) == (deepest.parent_id, deepest.depth)
    assert topic.subscriptions.filter(user=replier).exists()
    assert NotificationEvent.objects.filter(post=reply).exists()
