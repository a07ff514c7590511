"""Filters and sorting through /search/ (a GET form, no JavaScript) and GET /api/v1/search/:
each filter narrows both alike, and bad input is a form error on the page, a 400 with field
messages in the API."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from forum.discussions.models import Category, Post, Topic
from forum.discussions.services.topics import topic_create
from forum.search.forms import QUERY_MAX_LENGTH
from tests.factories import ArticleFactory, CategoryFactory, ReaderFactory, TagFactory, comment

pytestmark = pytest.mark.django_db


class Scene:
    """An article tagged Lynas with a comment by ann_r, an older untagged article, and a forum
    topic: all saying "gallium"."""

    def __init__(self) -> None:
        self.ann = ReaderFactory(username="ann_r")
        self.article: Article = ArticleFactory(title="Gallium controls")
        self.article.tags.add(TagFactory(name="Lynas", slug="lynas"))
        self.comment: Post = comment(self.article.discussion, author=self.ann, body="Gallium.")
        self.old: Article = ArticleFactory(
            title="Gallium history", publish_at=timezone.now() - timedelta(days=30)
        )
        category: Category = CategoryFactory(slug="general", name="General")
        self.topic: Topic = topic_create(
            category=category, author=ReaderFactory(), title="Gallium prices", body="Up."
        )


@pytest.fixture
def scene() -> Scene:
    return Scene()


def _page_links(client: Client, params: dict[str, Any]) -> list[str]:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return re.findall(r'<h2><a href="([^"]+)"', response.content.decode())


def _api_links(client: Client, params: dict[str, Any]) -> list[str]:
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 200, response.json()
    results = response.json()["results"]
    return [result["url"].removeprefix("http://testserver") for result in results]


def _both(client: Client, params: dict[str, Any]) -> list[str]:
    """What the page links to, having checked the API gives the same, in the same order."""
    links = _page_links(client, params)
    assert _api_links(client, params) == links
    return links


def test_search_filters_by_type_on_the_page_and_in_the_api(client: Client, scene: Scene) -> None:
    article, old, topic = scene.article, scene.old, scene.topic
    assert set(_both(client, {"q": "gallium", "kind": "article"})) == {
        article.get_absolute_url(),
        old.get_absolute_url(),
    }
    assert _both(client, {"q": "gallium", "kind": "comment"}) == [f"/forum/p/{scene.comment.pk}/"]
    assert _both(client, {"q": "gallium", "kind": "topic"}) == [topic.get_absolute_url()]
    assert len(_both(client, {"q": "gallium", "kind": ["topic", "comment"]})) == 2
    assert len(_both(client, {"q": "gallium"})) == 4


def test_search_filters_by_author_given_with_or_without_the_at(
    client: Client, scene: Scene
) -> None:
    for author in ("@ann_r", "ann_r", "ANN_R"):
        assert _both(client, {"q": "gallium", "author": author}) == [
            f"/forum/p/{scene.comment.pk}/"
        ]
    # The filter alone lists the author's posts.
    assert _both(client, {"author": "@ann_r"}) == [f"/forum/p/{scene.comment.pk}/"]


def test_search_filters_by_tag_finding_the_article_and_its_comments(
    client: Client, scene: Scene
) -> None:
    tagged = {scene.article.get_absolute_url(), f"/forum/p/{scene.comment.pk}/"}
    assert set(_both(client, {"q": "gallium", "tag": "lynas"})) == tagged
    # The tag alone lists what has it, newest first.
    assert _both(client, {"tag": "lynas"}) == [
        f"/forum/p/{scene.comment.pk}/",
        scene.article.get_absolute_url(),
    ]
    assert _both(client, {"q": "gallium", "tag": "iluka"}) == []


def test_search_filters_by_date_range_both_ends_inclusive(client: Client, scene: Scene) -> None:
    old_day = timezone.localtime(scene.old.publish_at).date()
    today = timezone.localdate()
    assert _both(client, {"q": "gallium", "date_from": old_day, "date_to": old_day}) == [
        scene.old.get_absolute_url()
    ]
    recent = _both(client, {"q": "gallium", "date_from": old_day + timedelta(days=1)})
    assert len(recent) == 3
    assert scene.old.get_absolute_url() not in recent
    assert len(_both(client, {"q": "gallium", "date_to": today})) == 4


def test_search_sorts_by_relevance_or_newest(client: Client, scene: Scene) -> None:
    newest = _both(client, {"q": "gallium", "sort": "newest"})
    assert newest[-1] == scene.old.get_absolute_url()
    assert newest[0] == scene.topic.get_absolute_url()
    # By relevance (the default) the titled ones, articles and the topic, come before the
    # comment, which has no title.
    relevant = _both(client, {"q": "gallium"})
    assert relevant == _both(client, {"q": "gallium", "sort": "relevance"})
    assert relevant[-1] == f"/forum/p/{scene.comment.pk}/"


BAD_INPUT = [
    ({"kind": "essay"}, "kind"),
    ({"author": "no spaces"}, "author"),
    ({"author": "@" + "a" * 31}, "author"),
    ({"tag": "not a slug!"}, "tag"),
    ({"date_from": "2026-13-45"}, "date_from"),
    ({"date_to": "yesterday"}, "date_to"),
    ({"date_from": "2026-02-02", "date_to": "2026-01-01"}, "date_to"),
    ({"sort": "oldest"}, "sort"),
    ({"q": "x" * (QUERY_MAX_LENGTH + 1)}, "q"),
]


@pytest.mark.parametrize(("params", "field"), BAD_INPUT, ids=[f for _, f in BAD_INPUT])
def test_search_api_answers_400_naming_the_field_at_fault(
    client: Client, params: dict[str, str], field: str
) -> None:
    response = client.get("/api/v1/search/", {"q": "gallium", **params})
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert all(isinstance(message, str) and message for message in errors[field])


@pytest.mark.parametrize(("params", "field"), BAD_INPUT, ids=[f for _, f in BAD_INPUT])
def test_search_page_answers_400_with_the_error_at_its_field(
    client: Client, params: dict[str, str], field: str
) -> None:
    response = client.get("/search/", {"q": "gallium", **params})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert 'role="status"' not in page  # no results shown for a form in error
