"""Members read the shared, cached threads; what is theirs is marked on them per request
(forum/discussions/threads_layer.py), and the forum topic page is cached whole logged out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from unittest.mock import MagicMock, patch

import pytest
from django.db.models import F
from django.test import Client
from pytest_django import Settings

from accounts.models import User
from articles.models import Article
from articles.services import article_archive
from forum.discussions.models import Post, Reaction, Topic
from forum.discussions.services.cache_versions import NEXT_VERSION
from forum.discussions.services.reactions import reaction_add
from forum.discussions.services.topics import topic_create
from forum.discussions.thread_pages import thread_page
from tests.factories import (
    AdministratorFactory,
    CategoryFactory,
    ReaderFactory,
    comment,
    post_status_set,
)

pytestmark = pytest.mark.django_db

THREADS = re.compile(r'<ol class="threads" id="replies-root"[^>]*>(.*)</ol>', re.S)


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _card(page: str, post: Post) -> str:
    """A comment's own card: from its <li> to the list of its replies."""
    start = page.index(f'id="comment-{post.pk}"')
    return page[start : page.index(f'id="replies-{post.pk}"', start)]


def _member(user: User | None = None) -> Client:
    client = Client()
    client.force_login(user or ReaderFactory())
    return client


@pytest.fixture
def renders() -> Iterator[MagicMock]:
    """Counts the pages of threads read from the database to be rendered."""
    with patch("forum.discussions.threads_html.thread_page", wraps=thread_page) as read:
        yield read


# --- What is theirs, over the shared rendering ------------------------------------------------


def test_a_member_sees_their_like_and_own_controls_over_the_shared_rendering(
    article_url: str, topic: Topic, reader: User, renders: MagicMock
) -> None:
    theirs, mine = comment(topic), comment(topic, author=reader)
    reaction_add(post=theirs, user=reader)
    _page(_member(), article_url)  # the shared rendering, cached by another member

    page = _page(_member(reader), article_url)

    assert renders.call_count == 1
    assert 'class="link-button like liked" aria-pressed="true"' in _card(page, theirs)
    assert 'class="link-button like" aria-pressed="false"' in _card(page, mine)
    assert f'<a href="/forum/p/{mine.pk}/edit/">Edit</a>' in _card(page, mine)
    assert f'<a href="/forum/p/{mine.pk}/delete/">Delete</a>' in _card(page, mine)
    assert "report-link" not in _card(page, mine)
    assert "report-link" in _card(page, theirs)
    assert "/edit/" not in _card(page, theirs)


def test_a_member_sees_their_held_comment_marked_where_it_belongs(
    article_url: str, topic: Topic, reader: User, renders: MagicMock, settings: Settings
) -> None:
    root = comment(topic, body="Visible root.")
    _page(_member(), article_url)
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    held_root = comment(topic, author=reader, body="My held comment.")
    held_reply = comment(topic, author=reader, reply_to=root, body="My held reply.")
    assert held_reply.status == held_root.status == Post.Status.PENDING
    _page(_member(), article_url)  # the shared rendering, as it is after the held comments
    rendered = renders.call_count

    page = _page(_member(reader), article_url)

    assert renders.call_count == rendered
    for held in (held_root, held_reply):
        card = _card(page, held)
        assert "badge-pending" in card
        assert "Only you can see this comment" in card
    assert page.index(f'id="comment-{held_reply.pk}"') > page.index(f'id="replies-{root.pk}"')
    assert "My held" not in _page(_member(), article_url)


def test_a_held_comment_with_visible_replies_replaces_its_placeholder_for_its_author(
    article_url: str, topic: Topic, reader: User
) -> None:
    mine = comment(topic, author=reader, body="Mine, then held.")
    comment(topic, reply_to=mine, body="A reply that stays.")
    post_status_set(post=mine, status=Post.Status.PENDING)

    assert "[removed]" in _page(_member(), article_url)
    page = _page(_member(reader), article_url)

    assert "[removed]" not in page
    assert "Mine, then held." in _card(page, mine)
    assert "A reply that stays." in page


def test_a_moderator_sees_edit_on_every_comment_and_held_ones_but_not_an_admins(
    article_url: str, topic: Topic, moderator: User, settings: Settings
) -> None:
    plain, admins = comment(topic), comment(topic, author=AdministratorFactory())
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    held = comment(topic, body="In the queue.")
    _page(_member(), article_url)

    page = _page(_member(moderator), article_url)

    assert f'href="/forum/p/{plain.pk}/edit/"' in _card(page, plain)
    assert "/edit/" not in _card(page, admins)
    assert "badge-pending" in _card(page, held)
    assert "Only you can see" not in _card(page, held)


def test_two_members_get_the_same_threads_with_different_layers(
    article_url: str, topic: Topic, renders: MagicMock
) -> None:
    ada, bo = ReaderFactory(), ReaderFactory()
    first, second = comment(topic), comment(topic)
    reaction_add(post=first, user=ada)
    reaction_add(post=second, user=bo)

    pages = [THREADS.search(_page(_member(user), article_url)).group(1) for user in (ada, bo)]

    assert renders.call_count == 1
    assert pages[0] != pages[1]
    unmarked = [
        page.replace('like liked" aria-pressed="true"', 'like" aria-pressed="false"')
        for page in pages
    ]
    assert unmarked[0] == unmarked[1]


# --- Cost and weight -------------------------------------------------------------------------


def test_a_members_warm_page_reads_versions_likes_and_held_only(
    article_url: str,
    topic: Topic,
    reader: User,
    django_assert_max_num_queries: pytest.FixtureRequest,
    renders: MagicMock,
) -> None:
    posts = [comment(topic) for _ in range(15)]
    for post in posts[::3]:
        reaction_add(post=post, user=reader)
    comment(topic, author=reader)
    client = _member(reader)
    _page(client, article_url)

    # Session and user, the member's roles and address (whether they may comment: one
    # query), the article with its discussion (the article itself is the shared rendering:
    # articles/fragments.py), their likes, reports and held comments (one query), whether they
    # have unread notifications, and their subscription: no thread is read.
    with django_assert_max_num_queries(7):
        page = _page(client, article_url)
    assert renders.call_count == 1
    assert page.count("like liked") == 5


def test_the_members_page_weighs_at_most_a_fifth_more_than_the_anonymous_one(
    article_url: str, topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 200
    authors = [ReaderFactory() for _ in range(10)]
    Post.objects.bulk_create(
        Post(
            topic=topic,
            author=authors[n % 10],
            body=f"Comment {n}",
            body_html=f"<p>Comment {n}</p>",
        )
        for n in range(200)
    )
    for post in Post.objects.filter(topic=topic):
        Post.objects.filter(pk=post.pk).update(path=f"{post.pk:010d}")
    Topic.objects.filter(pk=topic.pk).update(
        post_count=F("post_count") + 200, discussion_version=NEXT_VERSION
    )
    Reaction.objects.bulk_create(
        Reaction(post=post, user=reader) for post in Post.objects.filter(topic=topic)[:20]
    )

    anonymous = len(Client().get(article_url).content)
    member = len(_member(reader).get(article_url).content)

    assert member <= 1.2 * anonymous


# --- The forum topic page, cached whole logged out ---------------------------------------------


@pytest.fixture
def forum_topic(db: None) -> Topic:
    return topic_create(
        category=CategoryFactory(), author=ReaderFactory(), title="Magnet prices", body="Up?"
    )


def test_the_topic_page_logged_out_is_cached_whole_and_the_same_for_everyone(
    forum_topic: Topic, django_assert_num_queries: pytest.FixtureRequest
) -> None:
    comment(forum_topic, body="A first answer.")
    url = forum_topic.get_absolute_url()
    first = Client().get(url)

    with django_assert_num_queries(1):  # the topic, which says it may be read
        second = Client().get(url)

    assert second.content == first.content
    assert "A first answer." in second.content.decode()
    assert not second.cookies
    assert "csrfmiddlewaretoken" not in second.content.decode()


def test_a_new_comment_is_on_the_cached_topic_page_at_once(forum_topic: Topic) -> None:
    url = forum_topic.get_absolute_url()
    _page(Client(), url)

    comment(forum_topic, body="Posted after the page was cached.")

    assert "Posted after the page was cached." in _page(Client(), url)


def test_a_renamed_topic_is_not_served_from_the_old_page(forum_topic: Topic) -> None:
    url = forum_topic.get_absolute_url()
    _page(Client(), url)

    Topic.objects.filter(pk=forum_topic.pk).update(title="Magnet prices, revised")

    assert "Magnet prices, revised" in _page(Client(), url)


def test_the_topic_page_logged_out_redirects_an_old_slug_to_the_cached_page(
    forum_topic: Topic,
) -> None:
    _page(Client(), forum_topic.get_absolute_url())

    response = Client().get(f"/forum/t/{forum_topic.pk}/an-old-name/")

    assert response.status_code == 301
    assert response["Location"] == forum_topic.get_absolute_url()


def test_a_cached_article_discussion_is_gone_logged_out_once_its_article_is_archived(
    article: Article,
) -> None:
    url = article.discussion.get_absolute_url()
    _page(Client(), url)

    article_archive(article=article)

    assert Client().get(url).status_code == 404
