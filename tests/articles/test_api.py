from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, EditorFactory, HighlightFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_article_list_api_returns_live_articles_newest_first_paginated(client: Client) -> None:
    older = ArticleFactory(publish_at=timezone.now() - timezone.timedelta(days=2))
    newer = ArticleFactory(publish_at=timezone.now() - timezone.timedelta(days=1))
    ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    ArticleFactory(publish_at=timezone.now() + timezone.timedelta(days=1))

    body = client.get("/api/v1/articles/").json()

    assert body["count"] == 2
    assert [a["slug"] for a in body["results"]] == [newer.slug, older.slug]
    assert body["results"][0]["url"] == f"http://testserver{newer.get_absolute_url()}"
    assert body["results"][0]["comment_count"] == 0


def test_article_list_api_query_count_does_not_grow_with_articles(
    client: Client, django_assert_max_num_queries: pytest.FixtureRequest
) -> None:
    for _ in range(15):
        ArticleFactory(tags=[TagFactory(name="Baotou")])

    with django_assert_max_num_queries(3):
        client.get("/api/v1/articles/")


def test_article_detail_api_returns_the_whole_article(client: Client) -> None:
    article = ArticleFactory(
        source_name="Baotou Daily",
        source_url="https://example.com/",
        source_kind="state-affiliated media",
        tags=[TagFactory(name="Baotou")],
    )
    HighlightFactory(article=article, position=0, depth=0, text="Parent:")
    HighlightFactory(article=article, position=1, depth=1, text="Child")
    HighlightFactory(article=article, position=2, depth=0, text="Sibling.")

    body = client.get(f"/api/v1/articles/{article.slug}/").json()

    assert body["highlights"] == [
        {"text": "Parent:", "children": [{"text": "Child", "children": []}]},
        {"text": "Sibling.", "children": []},
    ]
    assert body["sections"] == [
        {"anchor": "supply", "title": "Supply", "level": 2},
        {"anchor": "demand", "title": "Demand", "level": 2},
    ]
    assert '<h2 id="supply">Supply</h2>' in body["body_html"]
    assert body["disclaimer"] == "Figures should be verified independently."
    assert body["source"] == {
        "name": "Baotou Daily",
        "url": "https://example.com/",
        "kind": "state-affiliated media",
    }
    assert body["tags"] == ["Baotou"]
    assert body["comment_count"] == 0
    assert body["comments_open"] is True
    assert body["discussion_url"] == f"http://testserver{article.discussion.get_absolute_url()}"


def test_article_detail_api_gives_a_null_author_when_the_article_has_none(client: Client) -> None:
    # The schema said a string; the imported seed articles have no author (found by tests/api).
    article = ArticleFactory(author=None)

    body = client.get(f"/api/v1/articles/{article.slug}/").json()
    schema = client.get("/api/schema/", {"format": "json"}).json()

    assert body["author"] is None
    assert schema["components"]["schemas"]["ArticleDetailOutput"]["properties"]["author"][
        "nullable"
    ]


def test_article_detail_api_names_the_author(client: Client) -> None:
    article = ArticleFactory(author=EditorFactory(first_name="Ada", last_name="Li"))

    body = client.get(f"/api/v1/articles/{article.slug}/").json()

    assert body["author"] == str(article.author)


def test_article_detail_api_is_404_for_unpublished_articles(client: Client) -> None:
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    assert client.get(f"/api/v1/articles/{draft.slug}/").status_code == 404


def test_article_detail_api_lets_editors_preview_drafts(client: Client) -> None:
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    client.force_login(EditorFactory())

    body = client.get(f"/api/v1/articles/{draft.slug}/").json()

    assert body["slug"] == draft.slug
    assert body["discussion_url"] is None


def test_article_api_is_read_only(client: Client) -> None:
    article = ArticleFactory()
    client.force_login(EditorFactory())

    assert client.post("/api/v1/articles/", {"title": "x"}).status_code == 405
    assert client.delete(f"/api/v1/articles/{article.slug}/").status_code == 405


def test_api_schema_describes_the_article_endpoints(client: Client) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    paths = response.json()["paths"]
    assert response.status_code == 200
    assert "/api/v1/articles/" in paths
    assert "/api/v1/articles/{slug}/" in paths


def test_api_docs_are_served_without_any_cdn(client: Client) -> None:
    response = client.get("/api/docs/")
    page = response.content.decode()

    assert response.status_code == 200
    assert '<script src="/static/drf_spectacular_sidecar/swagger-ui-dist/' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
