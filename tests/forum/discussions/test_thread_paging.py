"""Threads a page at a time, each page starting after the last thread of the page before
(forum/discussions/thread_pages.py): every thread once, in its sort's order, however the sort
keys tie, and a later page costing what the first does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.viewer import Viewer
from articles.models import Article
from forum.discussions.models import Post, Topic
from forum.discussions.selectors import Sort
from forum.discussions.thread_pages import thread_page
from tests.factories import ArticleFactory, comment
from tests.forum.discussions.comments_api import comments_url

pytestmark = pytest.mark.django_db

NOBODY = Viewer(user=None)


@pytest.fixture
def seven_threads(topic: Topic) -> list[Post]:
    """Seven threads whose sort keys tie in every way a sort can meet: two written in the same
    instant, likes shared, one featured (which leads every sort), one with a reply."""
    now = timezone.now()
    posts = [comment(topic, body=f"Thread {n}.") for n in range(7)]
    for n, post in enumerate(posts):
        created = now - timedelta(minutes=10 * (n // 2))  # 0 and 1 tie, 2 and 3 tie...
        Post.objects.filter(pk=post.pk).update(created_at=created, like_count=n % 3)
    Post.objects.filter(pk=posts[4].pk).update(is_featured=True)
    comment(topic, reply_to=posts[2], body="A reply, which pages with its thread.")
    return posts


def _walk(topic: Topic, sort: str) -> list[list[int]]:
    """Every page's roots, following each page's `next_after`."""
    pages, after = [], None
    while True:
        page = thread_page(topic=topic, viewer=NOBODY, sort=sort, after=after)
        pages.append([node.post.pk for node in page.threads])
        if page.next_after is None:
            return pages
        after = page.next_after


@pytest.mark.parametrize("sort", Sort.CHOICES)
def test_paging_shows_every_thread_once_in_the_order_of_one_long_page(
    topic: Topic, seven_threads: list[Post], settings: Settings, sort: str
) -> None:
    whole = [node.post.pk for node in thread_page(topic=topic, viewer=NOBODY, sort=sort).threads]
    settings.FORUM_THREADS_PER_PAGE = 2

    pages = _walk(topic, sort)

    assert [len(page) for page in pages] == [2, 2, 2, 1]
    assert [pk for page in pages for pk in page] == whole
    assert whole[0] == seven_threads[4].pk  # featured first


def test_a_page_after_the_featured_thread_goes_on_with_the_others(
    topic: Topic, seven_threads: list[Post], settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 1
    featured = seven_threads[4]

    page = thread_page(topic=topic, viewer=NOBODY, sort=Sort.NEWEST, after=featured.pk)

    # The newest of the others: 0 and 1 were written in the same instant, and the later id leads.
    assert [node.post.pk for node in page.threads] == [seven_threads[1].pk]


def test_load_more_names_the_last_thread_of_the_page(
    client: Client, article: Article, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 2
    posts = [comment(topic, body=f"Thread {n}.") for n in range(3)]

    page = client.get(f"{article.get_absolute_url()}?sort=newest").content.decode()

    assert f'<a href="?sort=newest&amp;after={posts[1].pk}#comments"' in page


@pytest.mark.parametrize(
    "after", ["reply", "another topic's thread", "no such comment"], ids=lambda a: a
)
def test_a_page_after_what_is_not_a_thread_here_is_a_400_saying_so(
    client: Client, article: Article, topic: Topic, after: str
) -> None:
    root = comment(topic)
    elsewhere = comment(ArticleFactory().discussion)
    pk = {
        "reply": comment(topic, reply_to=root).pk,
        "another topic's thread": elsewhere.pk,
        "no such comment": elsewhere.pk + 1000,
    }[after]

    response = client.get(f"{article.get_absolute_url()}?after={pk}")

    assert response.status_code == 400
    assert "?after= must name a thread of this discussion." in response.content.decode()


def test_the_api_refuses_a_cursor_whose_thread_is_gone(
    client: Client, article: Article, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 1
    first, _second = comment(topic), comment(topic)
    next_url = client.get(comments_url(article)).json()["next"]
    Post.objects.filter(pk=first.pk).delete()  # gone for good, as an account's erasure does

    response = client.get(next_url)

    assert response.status_code == 400
    assert response.json() == {
        "cursor": ["This cursor is not valid. Start again from the first page."]
    }


def test_a_later_page_costs_one_query_more_than_the_first_however_far(
    client: Client,
    article: Article,
    topic: Topic,
    settings: Settings,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    """The cursor's thread, read by id: what lets the page start where it is."""
    settings.FORUM_THREADS_PER_PAGE = 2
    posts = [comment(topic, body=f"Thread {n}.") for n in range(12)]
    url = f"/forum/t/{topic.pk}/threads/"
    client.get(url, {"sort": "newest"})  # templates compiled
    cache.clear()  # each page rendered afresh, not from the shared rendering
    with CaptureQueriesContext(connection) as first:
        client.get(url, {"sort": "oldest"})

    for after in (posts[1], posts[9]):
        cache.clear()
        with django_assert_num_queries(len(first) + 1):
            client.get(url, {"sort": "oldest", "after": after.pk})
