"""The sitemap lists the forum's own topics anyone may read, each with its last activity."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from forum.discussions.models import Post, Topic
from forum.discussions.services.topics import topic_create
from tests.factories import ArticleFactory, CategoryFactory, ReaderFactory, post_status_set

pytestmark = pytest.mark.django_db


def _topic(title: str) -> Topic:
    return topic_create(
        category=CategoryFactory(), author=ReaderFactory(), title=title, body="Where to now?"
    )


def _lastmods() -> dict[str, str]:
    sitemap = Client().get("/sitemap.xml").content.decode()
    return dict(re.findall(r"<loc>http://testserver([^<]*)</loc>\s*<lastmod>([^<]*)<", sitemap))


def test_sitemap_lists_public_forum_topics_with_their_last_activity() -> None:
    topic = _topic("Magnet prices in spring")
    Topic.objects.filter(pk=topic.pk).update(
        last_activity_at=timezone.now() - timezone.timedelta(days=3)
    )
    topic.refresh_from_db()

    lastmods = _lastmods()

    assert lastmods[topic.get_absolute_url()] == f"{topic.last_activity_at:%Y-%m-%d}"


def test_sitemap_leaves_out_held_forum_topics_and_article_discussions() -> None:
    held = _topic("Held for review")
    assert held.opening_post is not None
    post_status_set(post=held.opening_post, status=Post.Status.PENDING)
    article = ArticleFactory()

    sitemap = Client().get("/sitemap.xml").content.decode()

    assert held.get_absolute_url() not in sitemap
    assert article.discussion.get_absolute_url() not in sitemap
    assert article.get_absolute_url() in sitemap


def test_sitemap_query_count_does_not_grow_with_topics(
    client: Client, django_assert_max_num_queries: pytest.FixtureRequest
) -> None:
    for number in range(8):
        _topic(f"Topic number {number}")

    with django_assert_max_num_queries(4):
        assert client.get("/sitemap.xml").status_code == 200
