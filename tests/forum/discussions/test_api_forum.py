"""The forum through the API: categories, topics, their posts and what is new since."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import User
from articles.models import Article
from config.web.errors import RateLimited
from forum.discussions.models import ARTICLES_CATEGORY_SLUG, Category, Post, Topic
from forum.discussions.services.topics import topic_create
from forum.moderation.services.decisions import topic_close
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ModeratorFactory,
    ReaderFactory,
    UserFactory,
    comment,
    post_status_set,
)
from tests.schema import own_statuses

pytestmark = pytest.mark.django_db


def topics_url(category: Category) -> str:
    return f"/api/v1/forum/categories/{category.slug}/topics/"


def topic_url(topic: Topic) -> str:
    return f"/api/v1/forum/topics/{topic.pk}/"


def posts_url(topic: Topic) -> str:
    return f"/api/v1/forum/topics/{topic.pk}/posts/"


def new_url(topic: Topic) -> str:
    return f"/api/v1/forum/topics/{topic.pk}/posts/new/"


def post_json(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def a_topic(category: Category | None = None, *, author: User | None = None, **kw: Any) -> Topic:
    return topic_create(
        category=category or CategoryFactory(),
        author=author or ReaderFactory(),
        title=kw.pop("title", "Magnet prices in spring"),
        body=kw.pop("body", "Where are they going?"),
    )


def titles(results: list[dict[str, Any]]) -> list[str]:
    return [topic["title"] for topic in results]


# Categories


def test_category_list_api_returns_the_categories_in_order(client: Client) -> None:
    CategoryFactory(name="Supply chains", slug="supply", position=2, is_open=False)
    CategoryFactory(name="Market talk", slug="market", position=1)

    body = client.get("/api/v1/forum/categories/").json()

    assert [c["slug"] for c in body] == [ARTICLES_CATEGORY_SLUG, "market", "supply"]
    assert body[2] == {
        "name": "Supply chains",
        "slug": "supply",
        "description": "",
        "is_open": False,
        "url": "http://testserver/forum/c/supply/",
    }
    assert body[0]["is_open"] is False  # Articles: its topics come from publishing
    assert body[1]["is_open"] is True


# Topics of a category


def test_category_topic_list_api_puts_pinned_first_then_latest_activity(
    client: Client,
) -> None:
    category = CategoryFactory()
    quiet = a_topic(category, title="Quiet topic")
    pinned = a_topic(category, title="Pinned topic")
    busy = a_topic(category, title="Busy topic")
    Topic.objects.filter(pk=pinned.pk).update(is_pinned=True)
    Topic.objects.filter(pk=quiet.pk).update(last_activity_at=timezone.now() - timedelta(days=1))
    comment(busy)

    body = client.get(topics_url(category)).json()

    assert titles(body["results"]) == ["Pinned topic", "Busy topic", "Quiet topic"]
    assert body["count"] == 3
    first = body["results"][0]
    assert (first["id"], first["is_pinned"], first["is_closed"]) == (pinned.pk, True, False)
    assert first["url"] == f"http://testserver{pinned.get_absolute_url()}"
    assert first["article"] is None


def test_category_topic_list_api_does_not_count_the_opening_post(client: Client) -> None:
    category = CategoryFactory()
    comment(a_topic(category))

    body = client.get(topics_url(category)).json()

    assert body["results"][0]["post_count"] == 1


def test_category_topic_list_api_pages_topics(
    client: Client, settings: Settings, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    settings.FORUM_POST_RATE = (10_000, 60)
    category = CategoryFactory()
    author = ReaderFactory()
    for n in range(settings.FORUM_TOPICS_PER_PAGE + 1):
        a_topic(category, author=author, title=f"Topic number {n}", body=f"Opening {n}.")

    with django_assert_max_num_queries(3):
        first = client.get(topics_url(category)).json()
    second = client.get(first["next"]).json()

    assert len(first["results"]) == settings.FORUM_TOPICS_PER_PAGE
    assert titles(second["results"]) == ["Topic number 0"]


def test_category_topic_list_api_lists_article_discussions_only_when_live(
    client: Client,
) -> None:
    live = ArticleFactory(title="A live article")
    unpublished = ArticleFactory(title="Pulled article")
    Article.objects.filter(pk=unpublished.pk).update(status=Article.Status.DRAFT)
    articles = Category.objects.get(slug=ARTICLES_CATEGORY_SLUG)

    results = client.get(topics_url(articles)).json()["results"]

    assert titles(results) == ["A live article"]
    assert results[0]["article"] == {
        "title": "A live article",
        "slug": live.slug,
        "url": f"http://testserver{live.get_absolute_url()}",
    }


def test_category_topic_list_api_is_404_for_an_unknown_category(client: Client) -> None:
    assert client.get("/api/v1/forum/categories/nothing/topics/").status_code == 404


# Starting a topic


def test_topic_create_api_starts_a_topic(client: Client) -> None:
    category = CategoryFactory()
    logged_in(client, ReaderFactory(username="ann_r"))

    response = post_json(
        client, topics_url(category), {"title": "Magnet  prices", "body": "Up or down?"}
    )

    topic = Topic.objects.get(category=category)
    assert response.status_code == 201
    body = response.json()
    assert (body["id"], body["title"], body["author"]["handle"]) == (
        topic.pk,
        "Magnet prices",
        "ann_r",
    )
    assert body["opening_post"]["body"] == "Up or down?"
    assert body["opening_post"]["id"] == topic.opening_post_id
    assert body["post_count"] == 0


def assert_no_topic(response: Any, status: int, expected: object) -> None:
    assert response.status_code == status
    assert response.json() == expected
    assert not Topic.objects.filter(title="Rejected topic").exists()
    assert not Post.objects.filter(body="Rejected words.").exists()


REJECTED = {"title": "Rejected topic", "body": "Rejected words."}


def test_topic_create_api_refuses_anonymous_users(client: Client) -> None:
    response = post_json(client, topics_url(CategoryFactory()), REJECTED)

    assert_no_topic(response, 403, {"detail": "Log in to take part in the discussion."})


def test_topic_create_api_refuses_unverified_users(client: Client) -> None:
    logged_in(client, UserFactory())

    response = post_json(client, topics_url(CategoryFactory()), REJECTED)

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Verify your email address to post")
    assert not Topic.objects.filter(title="Rejected topic").exists()


def test_topic_create_api_refuses_banned_users(client: Client) -> None:
    logged_in(client, ReaderFactory(state=User.State.BANNED))

    response = post_json(client, topics_url(CategoryFactory()), REJECTED)

    assert_no_topic(response, 403, {"detail": "Your account is banned."})


def test_topic_create_api_refuses_readers_in_a_moderators_only_category(
    client: Client,
) -> None:
    logged_in(client, ReaderFactory())

    response = post_json(client, topics_url(CategoryFactory(is_open=False)), REJECTED)

    assert_no_topic(response, 403, {"detail": "Only moderators start topics in this category."})


def test_topic_create_api_lets_moderators_start_topics_in_a_closed_category(
    client: Client,
) -> None:
    logged_in(client, ModeratorFactory())

    response = post_json(client, topics_url(CategoryFactory(is_open=False)), REJECTED)

    assert response.status_code == 201


def test_topic_create_api_refuses_a_short_title(client: Client) -> None:
    logged_in(client, ReaderFactory())

    response = post_json(
        client, topics_url(CategoryFactory()), {"title": "Hm", "body": "Rejected words."}
    )

    assert_no_topic(response, 400, {"title": ["A title is 5 to 200 characters."]})


def test_topic_create_api_refuses_an_empty_body(client: Client) -> None:
    logged_in(client, ReaderFactory())

    response = post_json(
        client, topics_url(CategoryFactory()), {"title": "Rejected topic", "body": ""}
    )

    assert_no_topic(response, 400, {"body": ["Write at least 2 characters."]})


def test_topic_create_api_answers_429_with_retry_after_when_posting_too_fast(
    client: Client, settings: Settings
) -> None:
    settings.FORUM_POST_RATE = (1, 60)
    category = CategoryFactory()
    logged_in(client, ReaderFactory())
    first = {"title": "First topic", "body": "First words."}
    assert post_json(client, topics_url(category), first).status_code == 201

    response = post_json(client, topics_url(category), REJECTED)

    assert_no_topic(response, 429, {"detail": str(RateLimited(int(response["Retry-After"])))})


def test_topic_create_api_is_404_for_an_unknown_category(client: Client) -> None:
    logged_in(client, ReaderFactory())

    response = post_json(client, "/api/v1/forum/categories/nothing/topics/", REJECTED)

    assert response.status_code == 404


# A topic


def test_topic_detail_api_returns_a_forum_topic_with_its_opening_post(client: Client) -> None:
    category = CategoryFactory(name="Market talk", slug="market")
    topic = a_topic(category, author=ReaderFactory(username="ann_r"))
    comment(topic)
    topic_close(topic=topic, moderator=ModeratorFactory(), closed=True)
    logged_in(client, ReaderFactory())

    body = client.get(topic_url(topic)).json()

    assert (body["title"], body["is_closed"], body["is_pinned"]) == (
        "Magnet prices in spring",
        True,
        False,
    )
    assert body["category"]["slug"] == "market"
    assert body["article"] is None
    assert body["opening_post"]["id"] == topic.opening_post_id
    assert body["opening_post"]["author"]["handle"] == "ann_r"
    assert body["comments_url"] == f"http://testserver{topic.get_absolute_url()}"
    assert body["posts_url"] == f"http://testserver{posts_url(topic)}"
    assert body["reply_refusal"] == "This discussion is closed to new comments."


def test_topic_detail_api_links_an_article_discussion_to_its_article(client: Client) -> None:
    article = ArticleFactory()
    comment(article.discussion)

    body = client.get(topic_url(article.discussion)).json()

    assert body["article"]["slug"] == article.slug
    assert body["post_count"] == 1
    assert body["opening_post"] is None
    assert body["comments_url"] == f"http://testserver{article.get_absolute_url()}"


def test_topic_detail_api_is_404_when_its_opening_post_is_removed(client: Client) -> None:
    topic = a_topic()
    post_status_set(post=topic.opening_post, status=Post.Status.REMOVED)

    assert client.get(topic_url(topic)).status_code == 404
    logged_in(client, ModeratorFactory())
    assert client.get(topic_url(topic)).status_code == 200


def test_category_topic_list_api_hides_a_topic_whose_opening_post_is_held(
    client: Client, settings: Settings
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    author = ReaderFactory()
    held = a_topic(author=author, title="A newcomer asks")

    assert held.opening_post.status == Post.Status.PENDING
    assert titles(client.get(topics_url(held.category)).json()["results"]) == []
    logged_in(client, author)
    assert titles(client.get(topics_url(held.category)).json()["results"]) == ["A newcomer asks"]


def test_topic_detail_api_is_404_for_an_unpublished_articles_discussion(
    client: Client,
) -> None:
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    assert client.get(topic_url(article.discussion)).status_code == 404


def test_topic_detail_api_is_404_for_an_unknown_topic(client: Client) -> None:
    assert client.get("/api/v1/forum/topics/999999/").status_code == 404


# A topic's posts


def test_topic_post_list_api_returns_the_threads_without_the_opening_post(
    client: Client,
) -> None:
    topic = a_topic()
    root = comment(topic)
    reply = comment(topic, reply_to=root)

    body = client.get(posts_url(topic)).json()

    assert [t["id"] for t in body["results"]] == [root.pk]
    assert [r["id"] for r in body["results"][0]["replies"]] == [reply.pk]


def test_topic_post_list_api_sorts_threads(client: Client) -> None:
    topic = a_topic()
    older, newer = comment(topic), comment(topic)

    body = client.get(posts_url(topic), {"sort": "newest"}).json()

    assert [t["id"] for t in body["results"]] == [newer.pk, older.pk]


def test_topic_post_list_api_refuses_an_invalid_cursor(client: Client) -> None:
    response = client.get(posts_url(a_topic()), {"cursor": "e30:forged"})

    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_topic_post_create_api_posts_in_a_forum_topic(client: Client) -> None:
    topic = a_topic()
    logged_in(client, ReaderFactory())

    response = post_json(client, posts_url(topic), {"body": "Down, I think."})

    assert response.status_code == 201
    assert response.json()["topic"] == topic.pk
    assert topic.posts.filter(pk=response.json()["id"], body="Down, I think.").exists()


def test_topic_post_create_api_refuses_a_reply_to_the_opening_post(client: Client) -> None:
    topic = a_topic()
    logged_in(client, ReaderFactory())

    response = post_json(
        client, posts_url(topic), {"body": "Rejected words.", "parent": topic.opening_post_id}
    )

    assert response.status_code == 400
    assert response.json() == {"parent": ["That comment can no longer be replied to."]}
    assert not Post.objects.filter(body="Rejected words.").exists()


def test_topic_post_create_api_refuses_a_closed_topic(client: Client) -> None:
    topic = a_topic()
    topic_close(topic=topic, moderator=ModeratorFactory(), closed=True)
    logged_in(client, ReaderFactory())

    response = post_json(client, posts_url(topic), {"body": "Rejected words."})

    assert response.status_code == 403
    assert response.json() == {"detail": "This discussion is closed to new comments."}
    assert not Post.objects.filter(body="Rejected words.").exists()


# What is new since


def test_topic_post_new_list_api_returns_the_posts_after_the_cursor(client: Client) -> None:
    topic = a_topic()
    root = comment(topic)
    seen = client.get(posts_url(topic)).json()["latest_post_id"]
    reply = comment(topic, reply_to=root)
    another = comment(topic)

    body = client.get(new_url(topic), {"after": seen}).json()

    assert [(p["id"], p["parent"]) for p in body["results"]] == [
        (reply.pk, root.pk),
        (another.pk, None),
    ]
    assert body["latest_post_id"] == another.pk


def test_topic_post_new_list_api_keeps_the_cursor_when_nothing_is_new(client: Client) -> None:
    topic = a_topic()
    latest = comment(topic)

    body = client.get(new_url(topic), {"after": latest.pk}).json()

    assert body == {"latest_post_id": latest.pk, "results": []}


def test_topic_post_new_list_api_hides_other_readers_pending_posts(client: Client) -> None:
    topic = a_topic()
    post_status_set(post=comment(topic), status=Post.Status.PENDING)
    logged_in(client, ReaderFactory())

    body = client.get(new_url(topic), {"after": topic.opening_post_id}).json()

    assert body["results"] == []


def test_topic_post_new_list_api_shows_the_viewer_their_pending_post(client: Client) -> None:
    reader = ReaderFactory()
    topic = a_topic()
    pending = comment(topic, author=reader)
    post_status_set(post=pending, status=Post.Status.PENDING)
    logged_in(client, reader)

    body = client.get(new_url(topic), {"after": topic.opening_post_id}).json()

    assert [(p["id"], p["status"]) for p in body["results"]] == [(pending.pk, "pending")]


@pytest.mark.parametrize("query", [{}, {"after": "latest"}, {"after": "-1"}])
def test_topic_post_new_list_api_refuses_a_missing_or_bad_after(
    client: Client, query: dict[str, str]
) -> None:
    response = client.get(new_url(a_topic()), query)

    assert response.status_code == 400
    assert list(response.json()) == ["after"]


def test_topic_post_new_list_api_is_404_for_an_unpublished_articles_discussion(
    client: Client,
) -> None:
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    assert client.get(new_url(article.discussion), {"after": 0}).status_code == 404


# The schema


def test_api_schema_describes_the_discussion_endpoints(client: Client) -> None:
    response = client.get("/api/schema/?format=json")

    paths = response.json()["paths"]
    assert response.status_code == 200
    assert {
        "/api/v1/articles/{slug}/comments/",
        "/api/v1/posts/{id}/",
        "/api/v1/posts/{id}/reactions/",
        "/api/v1/forum/categories/",
        "/api/v1/forum/categories/{slug}/topics/",
        "/api/v1/forum/topics/{id}/",
        "/api/v1/forum/topics/{id}/posts/",
        "/api/v1/forum/topics/{id}/posts/new/",
    } <= set(paths)
    create = paths["/api/v1/articles/{slug}/comments/"]["post"]
    assert own_statuses(create) == {"201", "202", "400", "403", "404", "429"}
    assert "Retry-After" in create["responses"]["429"]["headers"]
    listing = paths["/api/v1/articles/{slug}/comments/"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"sort", "cursor"}
    new = paths["/api/v1/forum/topics/{id}/posts/new/"]["get"]
    assert "after" in {p["name"] for p in new["parameters"]}
