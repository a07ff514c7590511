"""The forum's own pages: its categories, their topics, and starting a topic."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Category, Topic
from forum.discussions.services.topics import topic_create
from tests.factories import CategoryFactory, ReaderFactory, comment
from tests.forum.discussions.comment_pages import page_get

pytestmark = pytest.mark.django_db


# --- The forum pages ------------------------------------------------------------------------


def test_forum_index_lists_the_categories(client: Client) -> None:
    CategoryFactory(name="Mining", slug="mining", description="Pits and permits.", position=1)
    CategoryFactory(name="Magnets", slug="magnets", position=2)

    page = page_get(client, "/forum/")

    assert '<a href="/forum/c/mining/">Mining</a>' in page
    assert "Pits and permits." in page
    assert page.index("Mining") < page.index("Magnets")


def _forum_topic(category: Category, title: str, *, replies: int, hours_ago: float) -> Topic:
    topic = topic_create(
        category=category, author=ReaderFactory(), title=title, body="Opening words."
    )
    for _ in range(replies):
        comment(topic)
    Topic.objects.filter(pk=topic.pk).update(
        last_activity_at=timezone.now() - timedelta(hours=hours_ago)
    )
    return topic


def test_category_lists_topics_by_latest_activity_pinned_first(client: Client) -> None:
    category = CategoryFactory(slug="market")
    stale = _forum_topic(category, "Stale topic", replies=0, hours_ago=30)
    busy = _forum_topic(category, "Busy topic", replies=0, hours_ago=1)
    pinned = _forum_topic(category, "Pinned topic", replies=0, hours_ago=50)
    Topic.objects.filter(pk=pinned.pk).update(is_pinned=True)

    page = page_get(client, "/forum/c/market/")

    positions = [page.index(t.title) for t in (pinned, busy, stale)]
    assert positions == sorted(positions)
    assert '<span class="badge">Pinned</span>' in page


def test_category_shows_each_topics_reply_count(client: Client) -> None:
    category = CategoryFactory(slug="market")
    _forum_topic(category, "Two replies here", replies=2, hours_ago=1)
    _forum_topic(category, "Nobody answered", replies=0, hours_ago=2)

    page = page_get(client, "/forum/c/market/")

    rows = re.findall(r'<td><a href="[^"]+">([^<]+)</a>.*?</td>\s*<td>(\d+)</td>', page, re.S)
    assert rows == [("Two replies here", "2"), ("Nobody answered", "0")]


def test_verified_reader_starts_a_topic_in_an_open_category(client: Client, reader: User) -> None:
    CategoryFactory(slug="market", is_open=True)
    client.force_login(reader)
    assert 'href="/forum/c/market/new/"' in page_get(client, "/forum/c/market/")

    response = client.post(
        "/forum/c/market/new/", {"title": "Where are prices going?", "body": "My **view**."}
    )

    topic = Topic.objects.get(title="Where are prices going?")
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    page = page_get(client, topic.get_absolute_url())
    assert "<h1>Where are prices going?" in page
    assert '<div class="comment-text"><p>My <strong>view</strong>.</p>' in page
    assert f'<a class="author" href="{reader.get_absolute_url()}">' in page


def test_topic_new_refused_for_posting_too_fast_keeps_what_was_typed(
    client: Client, topic: Topic, reader: User, settings: Settings
) -> None:
    """Before, the refusal was a page of its own and the title and text typed were lost."""
    settings.FORUM_POST_RATE = (1, 60)
    CategoryFactory(slug="market", is_open=True)
    comment(topic, author=reader)
    client.force_login(reader)

    response = client.post(
        "/forum/c/market/new/", {"title": "My careful title", "body": "My careful opening"}
    )

    assert response.status_code == 429
    assert 55 <= int(response["Retry-After"]) <= 60
    page = response.content.decode()
    assert "You are posting too quickly." in page
    assert "My careful title" in page
    assert "My careful opening" in page
    assert not Topic.objects.filter(title="My careful title").exists()


def test_new_topic_page_counts_no_comments_and_says_no_replies_yet(
    client: Client, reader: User
) -> None:
    topic = topic_create(
        category=CategoryFactory(), author=reader, title="A fresh topic", body="Opening words."
    )

    page = page_get(client, topic.get_absolute_url())

    topic.refresh_from_db()
    assert topic.post_count == 0
    assert '<h2 id="comments-title">0 Comments</h2>' in page
    assert "No replies yet" in page


def test_opening_post_is_not_repeated_among_the_replies(client: Client, reader: User) -> None:
    topic = topic_create(
        category=CategoryFactory(), author=reader, title="A fresh topic", body="Opening words."
    )
    comment(topic, body="First reply.")

    page = page_get(client, topic.get_absolute_url())

    assert page.count("Opening words.") == 1
    assert f'id="comment-{topic.opening_post_id}"' not in page


def test_reader_is_refused_a_topic_in_a_closed_category(client: Client, reader: User) -> None:
    CategoryFactory(slug="announcements", is_open=False)
    client.force_login(reader)

    listing = page_get(client, "/forum/c/announcements/")
    response = client.post(
        "/forum/c/announcements/new/", {"title": "Let me announce", "body": "Something."}
    )

    assert "/forum/c/announcements/new/" not in listing
    assert response.status_code == 403
    assert "Only moderators start topics in this category." in response.content.decode()
    assert not Topic.objects.filter(title="Let me announce").exists()


def test_unverified_user_is_refused_a_topic(client: Client, unverified_user: User) -> None:
    CategoryFactory(slug="market")
    client.force_login(unverified_user)

    response = client.post("/forum/c/market/new/", {"title": "Hello all", "body": "Hi."})

    assert response.status_code == 403
    assert not Topic.objects.filter(title="Hello all").exists()


def test_moderator_starts_a_topic_in_a_closed_category(client: Client, moderator: User) -> None:
    CategoryFactory(slug="announcements", is_open=False)
    client.force_login(moderator)
    assert 'href="/forum/c/announcements/new/"' in page_get(client, "/forum/c/announcements/")

    response = client.post(
        "/forum/c/announcements/new/", {"title": "House rules", "body": "Be kind."}
    )

    topic = Topic.objects.get(title="House rules")
    assert response["Location"] == topic.get_absolute_url()
    assert topic.opening_post.author == moderator


def test_new_topic_form_shows_errors_with_400(client: Client, reader: User) -> None:
    CategoryFactory(slug="market")
    client.force_login(reader)

    response = client.post("/forum/c/market/new/", {"title": "Hi", "body": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Topic.objects.filter(category__slug="market").exists()
