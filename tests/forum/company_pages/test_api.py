"""GET /api/v1/companies/ and /api/v1/companies/<slug>/: the list, and a company with its
newest articles and the comments naming it that the viewer may see."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from forum.discussions.models import Post, Topic
from tests.factories import ArticleFactory, TagFactory, comment, post_status_set

pytestmark = pytest.mark.django_db


def test_the_list_gives_every_company_paginated(client: Client) -> None:
    data = client.get("/api/v1/companies/").json()
    assert set(data) == {"count", "next", "previous", "results"}
    lynas = next(result for result in data["results"] if result["slug"] == "lynas")
    assert lynas == {
        "name": "Lynas Rare Earths",
        "slug": "lynas",
        "tickers": ["LYC.AX", "ASX:LYC", "LYSCF"],
        "aliases": ["Lynas"],
        "url": "http://testserver/companies/lynas/",
    }


def test_a_company_comes_with_its_articles_and_visible_comments(
    client: Client, topic: Topic, django_assert_max_num_queries: Any
) -> None:
    article = ArticleFactory(title="Lynas in Malaysia", tags=[TagFactory(slug="lynas")])
    shown = comment(topic, body="Lynas again.")
    held = comment(topic, body="Lynas, held.")
    post_status_set(post=held, status=Post.Status.PENDING)
    client.get("/api/v1/companies/lynas/")
    with django_assert_max_num_queries(3):
        data = client.get("/api/v1/companies/lynas/").json()
    assert data["company"]["slug"] == "lynas"
    assert [a["title"] for a in data["articles"]] == [article.title]
    assert [c["id"] for c in data["comments"]] == [shown.pk]
    assert data["comments"][0]["url"] == f"http://testserver/forum/p/{shown.pk}/"


def test_an_unknown_company_is_a_404(client: Client) -> None:
    assert client.get("/api/v1/companies/nobody/").status_code == 404


def test_the_company_endpoints_are_in_the_schema(client: Client) -> None:
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert "/api/v1/companies/" in paths
    assert "/api/v1/companies/{slug}/" in paths
