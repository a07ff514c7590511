from __future__ import annotations

import pytest
from django.test import Client

from articles.models import Article
from articles.services import article_publish, article_save
from forum.discussions.models import ARTICLES_CATEGORY_SLUG, Topic
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_publishing_an_article_opens_its_topic_in_the_articles_category() -> None:
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    assert not Topic.objects.filter(article=article).exists()

    article_publish(article=article)

    topic = Topic.objects.get(article=article)
    assert topic.category.slug == ARTICLES_CATEGORY_SLUG
    assert topic.title == article.title
    assert topic.post_count == 0


def test_publishing_again_keeps_one_topic_and_follows_the_title() -> None:
    article = ArticleFactory()
    article.title = "A sharper headline"
    article_save(article=article)
    article_publish(article=article)

    topic = Topic.objects.get(article=article)
    assert topic.title == "A sharper headline"
    assert topic.slug == "a-sharper-headline"


def test_topic_page_shows_the_discussion_of_its_article(client: Client) -> None:
    article = ArticleFactory(title="Baotou plans")

    page = client.get(article.discussion.get_absolute_url()).content.decode()

    assert "<h1>Baotou plans</h1>" in page
    assert f'<a href="{article.get_absolute_url()}">Baotou plans</a>' in page
    assert "No replies yet" in page


def test_topic_page_redirects_a_stale_slug_to_the_canonical_url(client: Client) -> None:
    topic = ArticleFactory().discussion

    response = client.get(f"/forum/t/{topic.pk}/old-slug/")

    assert response.status_code == 301
    assert response["Location"] == topic.get_absolute_url()


def test_topic_page_is_404_for_an_unknown_topic(client: Client) -> None:
    assert client.get("/forum/t/999999/nothing/").status_code == 404


@pytest.mark.parametrize("title", ["Reply", "Threads", "New"])
def test_topic_slug_never_shadows_the_topic_paths(client: Client, title: str) -> None:
    topic = ArticleFactory(title=title).discussion

    assert topic.slug == f"{title.lower()}-topic"
    assert client.get(topic.get_absolute_url()).status_code == 200
