"""The forum's index and its categories: counts and latest activity, article topics as old as
their articles, and no topics started by hand in Articles."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from articles.services import article_save
from forum.discussions.models import ARTICLES_CATEGORY_SLUG, Category, Topic
from forum.discussions.permissions import ARTICLE_TOPICS_ONLY
from forum.discussions.services.topics import topic_create
from tests.factories import ArticleFactory, CategoryFactory, ModeratorFactory, comment

pytestmark = pytest.mark.django_db

JANUARY = datetime(2026, 1, 14, 9, 30, tzinfo=UTC)


def _index(client: Client) -> str:
    response = client.get("/forum/")
    assert response.status_code == 200
    return response.content.decode()


def _summary(page: str, category: Category) -> str:
    """The index's entry for one category."""
    start = page.index(f'<a href="{category.get_absolute_url()}">')
    return page[start : page.index("</li>", start)]


def _forum_topic(category: Category, author: User, title: str) -> Topic:
    return topic_create(category=category, author=author, title=title, body="Opening words.")


def test_index_shows_each_categorys_topic_and_comment_counts_and_latest_topic(
    client: Client,
) -> None:
    category, author = CategoryFactory(name="Supply chains"), ModeratorFactory()
    older = _forum_topic(category, author, "Older topic")
    newer = _forum_topic(category, author, "Newer topic")
    for _ in range(3):
        comment(older)
    comment(newer)
    Topic.objects.filter(pk=older.pk).update(last_activity_at=JANUARY)

    summary = _summary(_index(client), category)

    assert "2 topics · 4 comments" in summary
    assert f'Latest: <a href="{newer.get_absolute_url()}">Newer topic</a>' in summary


def test_index_counts_only_what_the_public_sees(client: Client) -> None:
    articles = Category.objects.get(slug=ARTICLES_CATEGORY_SLUG)
    live = ArticleFactory(title="Live article")
    comment(live.discussion)
    ArticleFactory(title="Scheduled article", publish_at=timezone.now() + timedelta(days=1))

    summary = _summary(_index(client), articles)

    assert "1 topic · 1 comment" in summary
    assert "Live article" in summary
    assert "Scheduled article" not in summary


def test_index_of_an_empty_category_says_none_and_shows_no_latest(client: Client) -> None:
    category = CategoryFactory(name="Quiet corner")

    summary = _summary(_index(client), category)

    assert "0 topics · 0 comments" in summary
    assert "Latest:" not in summary


def test_index_costs_the_same_queries_for_many_categories_and_topics(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for number in range(6):
        category = CategoryFactory()
        for title in range(3):
            comment(_forum_topic(category, ModeratorFactory(), f"Topic {number}-{title}"))
    for _ in range(4):
        ArticleFactory()

    # The session and the user aside: the categories with their counts, then their latest.
    with django_assert_max_num_queries(2):
        page = _index(client)

    assert page.count('class="category-summary"') == Category.objects.count()


# Article topics are as old as their articles


def test_article_topic_is_active_since_the_articles_publication_not_its_creation(
    client: Client,
) -> None:
    article = ArticleFactory(publish_at=JANUARY)

    topic = Topic.objects.get(article=article)

    assert topic.last_activity_at == JANUARY
    page = client.get(topic.category.get_absolute_url()).content.decode()
    assert f'<time datetime="{JANUARY.isoformat()}">' in page
    assert "a minute ago" not in page


def test_article_topic_is_active_when_its_latest_comment_was_shown(client: Client) -> None:
    article = ArticleFactory(publish_at=JANUARY)

    post = comment(article.discussion)

    assert Topic.objects.get(article=article).last_activity_at >= post.created_at


def test_article_topic_without_comments_follows_its_article_rescheduled(client: Client) -> None:
    article = ArticleFactory(publish_at=JANUARY)
    later = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)

    article.publish_at = later
    article_save(article=article)

    assert Topic.objects.get(article=article).last_activity_at == later


def test_migration_dates_article_topics_by_publication_or_latest_comment() -> None:
    quiet, discussed = ArticleFactory(publish_at=JANUARY), ArticleFactory(publish_at=JANUARY)
    post = comment(discussed.discussion)
    # As an import left them: active when the topic was made.
    Topic.objects.update(last_activity_at=timezone.now())
    migration = importlib.import_module(
        "forum.discussions.migrations.0007_article_topics_active_since_publication"
    )

    migration.article_topics_active_since_publication(django_apps, None)

    assert Topic.objects.get(article=quiet).last_activity_at == JANUARY
    assert Topic.objects.get(article=discussed).last_activity_at == post.created_at


# Nobody starts a topic in Articles


@pytest.fixture
def articles() -> Category:
    return Category.objects.get(slug=ARTICLES_CATEGORY_SLUG)


def test_topic_create_refuses_the_articles_category_even_to_a_moderator(
    articles: Category,
) -> None:
    with pytest.raises(ValidationError) as caught:
        _forum_topic(articles, ModeratorFactory(), "By hand")

    assert caught.value.message_dict == {"category": [ARTICLE_TOPICS_ONLY]}
    assert not Topic.objects.filter(title="By hand").exists()


def test_articles_category_page_offers_no_start_a_topic_button(
    client: Client, articles: Category, reader: User
) -> None:
    client.force_login(reader)

    page = client.get(articles.get_absolute_url()).content.decode()

    assert "Start a topic" not in page
    assert "Start a topic" in client.get(CategoryFactory().get_absolute_url()).content.decode()


def test_new_topic_page_in_articles_is_refused_before_the_form(
    client: Client, articles: Category, reader: User
) -> None:
    client.force_login(reader)

    for response in (
        client.get(f"/forum/c/{articles.slug}/new/"),
        client.post(f"/forum/c/{articles.slug}/new/", {"title": "By hand", "body": "Words."}),
    ):
        assert response.status_code == 403
        assert ARTICLE_TOPICS_ONLY in response.content.decode()
        assert "<textarea" not in response.content.decode()
    assert not Topic.objects.filter(title="By hand").exists()


def test_topic_create_api_answers_400_in_articles(
    client: Client, articles: Category, reader: User
) -> None:
    client.force_login(reader)

    response = client.post(
        f"/api/v1/forum/categories/{articles.slug}/topics/",
        {"title": "By hand", "body": "Words."},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["category"] == [ARTICLE_TOPICS_ONLY]
    assert not Topic.objects.filter(title="By hand").exists()
