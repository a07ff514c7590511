from __future__ import annotations

import pytest
from django.test import Client

from articles.models import Article
from tests.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_feed_lists_live_articles_only(client: Client, url: str) -> None:
    live = ArticleFactory(title="Baotou opens a smelter", tags=[TagFactory(name="Baotou")])
    draft = ArticleFactory(title="Unfinished draft", status=Article.Status.DRAFT, publish_at=None)

    response = client.get(url)
    feed = response.content.decode()

    assert response.status_code == 200
    assert live.title in feed
    assert f"http://testserver{live.get_absolute_url()}" in feed
    assert "Baotou" in feed
    assert draft.title not in feed


def test_rss_feed_is_rss_and_atom_feed_is_atom(client: Client) -> None:
    assert client.get("/feed/")["Content-Type"].startswith("application/rss+xml")
    assert client.get("/feed/atom/")["Content-Type"].startswith("application/atom+xml")


def test_sitemap_lists_home_and_live_articles(client: Client) -> None:
    live = ArticleFactory()
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    sitemap = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/</loc>" in sitemap
    assert f"<loc>http://testserver{live.get_absolute_url()}</loc>" in sitemap
    assert draft.get_absolute_url() not in sitemap
