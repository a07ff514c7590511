"""The threads under an article sorted and paged, with and without htmx, and the replies that
arrive while the page is open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from forum.discussions.models import Post, Topic
from forum.discussions.services.reactions import reaction_add
from tests.factories import ReaderFactory, comment
from tests.forum.discussions.comment_pages import page_get, thread_order

pytestmark = pytest.mark.django_db


# --- Sorting and paging ---------------------------------------------------------------------


@pytest.fixture
def three_threads(topic: Topic) -> dict[str, Post]:
    """An old thread with one like, a middle one with three, a new one with none."""
    now = timezone.now()
    posts = {}
    for name, hours_ago, likes in (("old", 3, 1), ("middle", 2, 3), ("new", 1, 0)):
        post = comment(topic, body=f"The {name} thread.")
        Post.objects.filter(pk=post.pk).update(created_at=now - timedelta(hours=hours_ago))
        for _ in range(likes):
            reaction_add(post=post, user=ReaderFactory())
        posts[name] = post
    return posts


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["old", "middle", "new"]),
        ("oldest", ["old", "middle", "new"]),
        ("newest", ["new", "middle", "old"]),
        ("top", ["middle", "old", "new"]),
        ("nonsense", ["old", "middle", "new"]),
    ],
)
def test_article_page_sorts_top_level_threads(
    client: Client,
    article_url: str,
    three_threads: dict[str, Post],
    sort: str,
    expected: list[str],
) -> None:
    page = page_get(client, f"{article_url}?sort={sort}")

    order = thread_order(page, list(three_threads.values()))
    assert order == [three_threads[name] for name in expected]


def test_sorting_keeps_replies_under_their_thread_oldest_first(
    client: Client, article_url: str, three_threads: dict[str, Post]
) -> None:
    old = three_threads["old"]
    first = comment(old.topic, reply_to=old)
    second = comment(old.topic, reply_to=old)

    page = page_get(client, f"{article_url}?sort=newest")

    assert thread_order(page, [old, first, second, three_threads["new"]]) == [
        three_threads["new"],
        old,
        first,
        second,
    ]


def test_sort_links_mark_the_current_sort(
    client: Client, article_url: str, three_threads: dict[str, Post]
) -> None:
    page = page_get(client, f"{article_url}?sort=top")

    assert '<a href="?sort=top#comments" aria-current="true">Top</a>' in page
    assert '<a href="?sort=oldest#comments">Oldest</a>' in page


def test_article_page_offers_load_more_past_a_page_of_threads(
    client: Client, article_url: str, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 2
    posts = [comment(topic, body=f"Thread {n}.") for n in range(3)]

    page = page_get(client, article_url)

    assert "Thread 0." in page
    assert "Thread 1." in page
    assert "Thread 2." not in page
    assert f'<a href="?sort=oldest&amp;after={posts[1].pk}#comments"' in page
    assert f'hx-get="/forum/t/{topic.pk}/threads/?sort=oldest&amp;after={posts[1].pk}"' in page
    assert "Load more comments</a>" in page
    assert f'id="comment-{posts[2].pk}"' not in page


def test_article_page_without_more_threads_offers_no_load_more(
    client: Client, article_url: str, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 2
    comment(topic)
    comment(topic)

    assert "Load more comments" not in page_get(client, article_url)


def test_load_more_link_works_without_javascript(
    client: Client, article_url: str, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 2
    posts = [comment(topic, body=f"Thread {n}.") for n in range(3)]

    page = page_get(client, f"{article_url}?sort=oldest&after={posts[1].pk}")

    assert "Thread 2." in page
    assert "Thread 0." not in page


def test_threads_fragment_returns_the_next_page(
    client: Client, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 2
    posts = [comment(topic, body=f"Thread {n}.") for n in range(5)]
    reply = comment(topic, reply_to=posts[2], body="Reply on page two.")

    fragment = page_get(client, f"/forum/t/{topic.pk}/threads/?sort=oldest&after={posts[1].pk}")

    assert "<html" not in fragment
    assert "Thread 2." in fragment
    assert "Thread 3." in fragment
    assert f'id="comment-{reply.pk}"' in fragment
    assert "Thread 0." not in fragment
    assert "Thread 4." not in fragment
    assert f'hx-get="/forum/t/{topic.pk}/threads/?sort=oldest&amp;after={posts[3].pk}"' in fragment


def test_threads_fragment_follows_the_sort(
    client: Client, topic: Topic, settings: Settings, three_threads: dict[str, Post]
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 1

    newest = three_threads["new"]
    fragment = page_get(client, f"/forum/t/{topic.pk}/threads/?sort=newest&after={newest.pk}")

    assert "The middle thread." in fragment
    assert "The new thread." not in fragment
    assert "The old thread." not in fragment


# --- Live updates ---------------------------------------------------------------------------


def test_article_page_polls_for_new_replies_after_the_newest_post(
    client: Client, article_url: str, topic: Topic
) -> None:
    comment(topic)
    newest = comment(topic)

    page = page_get(client, article_url)

    assert f'hx-get="/forum/t/{topic.pk}/new/?after={newest.pk}&amp;sort=oldest"' in page
    assert 'hx-trigger="every 20s"' in page
    assert "Loading new replies..." in page


def test_new_since_places_each_reply_into_its_parents_replies(client: Client, topic: Topic) -> None:
    root = comment(topic)
    seen = comment(topic)
    reply = comment(topic, reply_to=root, body="Fresh reply.")
    top = comment(topic, body="Fresh thread.")

    fragment = page_get(client, f"/forum/t/{topic.pk}/new/?after={seen.pk}")

    assert f'<ol hx-swap-oob="beforeend:#replies-{root.pk}">' in fragment
    assert '<ol hx-swap-oob="beforeend:#replies-root">' in fragment
    assert fragment.index("Fresh reply.") < fragment.index("Fresh thread.")
    assert f'id="comment-{reply.pk}"' in fragment
    assert f'id="comment-{top.pk}"' in fragment
    assert f'id="comment-{seen.pk}"' not in fragment
    assert f'id="comment-{root.pk}"' not in fragment


def test_new_since_puts_new_threads_first_when_sorted_newest(client: Client, topic: Topic) -> None:
    seen = comment(topic)
    comment(topic)

    fragment = page_get(client, f"/forum/t/{topic.pk}/new/?after={seen.pk}&sort=newest")

    assert '<ol hx-swap-oob="afterbegin:#replies-root">' in fragment


def test_new_since_renews_the_poller_with_the_advanced_cursor(client: Client, topic: Topic) -> None:
    seen = comment(topic)
    comment(topic)
    last = comment(topic)

    fragment = page_get(client, f"/forum/t/{topic.pk}/new/?after={seen.pk}")

    assert f'hx-get="/forum/t/{topic.pk}/new/?after={last.pk}&amp;sort=oldest"' in fragment
    assert 'hx-swap="outerHTML"' in fragment


def test_new_since_with_nothing_new_keeps_the_cursor(client: Client, topic: Topic) -> None:
    last = comment(topic)

    fragment = page_get(client, f"/forum/t/{topic.pk}/new/?after={last.pk}")

    assert "hx-swap-oob" not in fragment
    assert f'hx-get="/forum/t/{topic.pk}/new/?after={last.pk}&amp;sort=oldest"' in fragment
