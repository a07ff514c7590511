"""Posting a comment or reply under an article through the API, and every refusal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from articles.models import Article
from config.web.errors import RateLimited
from forum.discussions.models import Post
from forum.discussions.services.posting import post_create
from forum.moderation.services.decisions import topic_close
from tests.factories import (
    ArticleFactory,
    ModeratorFactory,
    ReaderFactory,
    UserFactory,
    comment,
    post_status_set,
)
from tests.forum.discussions.comments_api import comments_url, logged_in, post_json

pytestmark = pytest.mark.django_db


# Posting


def test_article_comment_create_api_posts_a_comment(client: Client) -> None:
    reader = ReaderFactory(username="ann_r")
    article = ArticleFactory()
    logged_in(client, reader)

    response = post_json(client, comments_url(article), {"body": "Magnets **matter**."})

    post = Post.objects.get()
    assert response.status_code == 201
    body = response.json()
    assert body["id"] == post.pk
    assert body["author"]["handle"] == "ann_r"
    assert body["body_html"] == "<p>Magnets <strong>matter</strong>.</p>\n"
    assert (body["status"], body["parent"], body["can_edit"]) == ("visible", None, True)
    assert "replies" not in body
    article.discussion.refresh_from_db()
    assert article.discussion.post_count == 1


def test_article_comment_create_api_posts_a_reply(client: Client) -> None:
    article = ArticleFactory()
    parent = comment(article.discussion)
    logged_in(client, ReaderFactory())

    response = post_json(client, comments_url(article), {"body": "Agreed.", "parent": parent.pk})

    assert response.status_code == 201
    assert (response.json()["parent"], response.json()["depth"]) == (parent.pk, 1)
    parent.refresh_from_db()
    assert parent.reply_count == 1


def test_article_comment_create_api_answers_202_when_the_post_is_held(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def post_create_held(**kwargs: Any) -> Post:
        return post_status_set(post=post_create(**kwargs), status=Post.Status.PENDING)

    monkeypatch.setattr("forum.discussions.api.views.threads.post_create", post_create_held)
    article = ArticleFactory()
    logged_in(client, ReaderFactory())

    response = post_json(client, comments_url(article), {"body": "Held for a look."})

    assert response.status_code == 202
    assert response.json()["status"] == "pending"


def assert_refused(response: Any, status: int, expected: object) -> None:
    assert response.status_code == status
    assert response.json() == expected
    assert not Post.objects.filter(body="Rejected words.").exists()


def test_article_comment_create_api_refuses_anonymous_users(client: Client) -> None:
    article = ArticleFactory()

    response = post_json(client, comments_url(article), {"body": "Rejected words."})

    assert_refused(response, 403, {"detail": "Log in to take part in the discussion."})


def test_article_comment_create_api_refuses_unverified_users(client: Client) -> None:
    article = ArticleFactory()
    logged_in(client, UserFactory(email="new@example.com"))

    response = post_json(client, comments_url(article), {"body": "Rejected words."})

    assert_refused(
        response,
        403,
        {
            "detail": "Verify your email address to post: follow the link we sent to "
            "new@example.com."
        },
    )


def test_article_comment_create_api_refuses_suspended_users(client: Client) -> None:
    article = ArticleFactory()
    logged_in(
        client,
        ReaderFactory(
            state=User.State.SUSPENDED, suspended_until=timezone.now() + timedelta(days=2)
        ),
    )

    response = post_json(client, comments_url(article), {"body": "Rejected words."})

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Your account is suspended until ")
    assert not Post.objects.exists()


def test_article_comment_create_api_refuses_banned_users(client: Client) -> None:
    article = ArticleFactory()
    logged_in(client, ReaderFactory(state=User.State.BANNED, state_reason="Spam."))

    response = post_json(client, comments_url(article), {"body": "Rejected words."})

    assert_refused(response, 403, {"detail": "Your account is banned. Reason: Spam."})


def test_article_comment_create_api_refuses_when_the_discussion_is_closed(
    client: Client,
) -> None:
    article = ArticleFactory()
    topic_close(topic=article.discussion, moderator=ModeratorFactory(), closed=True)
    logged_in(client, ReaderFactory())

    response = post_json(client, comments_url(article), {"body": "Rejected words."})

    assert_refused(response, 403, {"detail": "This discussion is closed to new comments."})


def test_article_comment_create_api_refuses_when_comments_are_off(client: Client) -> None:
    article = ArticleFactory(comments_open=False)
    logged_in(client, ReaderFactory())

    response = post_json(client, comments_url(article), {"body": "Rejected words."})

    assert_refused(response, 403, {"detail": "Comments are closed on this article."})


def test_article_comment_create_api_refuses_an_empty_body(client: Client) -> None:
    article = ArticleFactory()
    logged_in(client, ReaderFactory())

    response = post_json(client, comments_url(article), {"body": "   "})

    assert response.status_code == 400
    assert response.json() == {"body": ["Write at least 2 characters."]}
    assert not Post.objects.exists()


def test_article_comment_create_api_refuses_a_missing_body(client: Client) -> None:
    article = ArticleFactory()
    logged_in(client, ReaderFactory())

    response = post_json(client, comments_url(article), {})

    assert response.status_code == 400
    assert list(response.json()) == ["body"]
    assert not Post.objects.exists()


def test_article_comment_create_api_refuses_an_oversize_body(
    client: Client, settings: Settings
) -> None:
    article = ArticleFactory()
    logged_in(client, ReaderFactory())

    response = post_json(
        client, comments_url(article), {"body": "x" * (settings.FORUM_POST_MAX_LENGTH + 1)}
    )

    assert response.status_code == 400
    assert response.json() == {"body": ["Keep it under 10,000 characters (this is 10,001)."]}
    assert not Post.objects.exists()


def test_article_comment_create_api_refuses_an_unknown_parent(client: Client) -> None:
    article = ArticleFactory()
    logged_in(client, ReaderFactory())

    response = post_json(
        client, comments_url(article), {"body": "Rejected words.", "parent": 999_999}
    )

    assert_refused(response, 400, {"parent": ["That comment does not exist."]})


def test_article_comment_create_api_refuses_a_parent_in_another_discussion(
    client: Client,
) -> None:
    article = ArticleFactory()
    elsewhere = comment(ArticleFactory().discussion)
    logged_in(client, ReaderFactory())

    response = post_json(
        client, comments_url(article), {"body": "Rejected words.", "parent": elsewhere.pk}
    )

    assert_refused(response, 400, {"parent": ["That comment belongs to another discussion."]})


def test_article_comment_create_api_refuses_a_reply_to_a_removed_post(client: Client) -> None:
    article = ArticleFactory()
    removed = comment(article.discussion)
    post_status_set(post=removed, status=Post.Status.REMOVED)
    logged_in(client, ReaderFactory())

    response = post_json(
        client, comments_url(article), {"body": "Rejected words.", "parent": removed.pk}
    )

    assert_refused(response, 400, {"parent": ["That comment can no longer be replied to."]})


def test_article_comment_create_api_refuses_a_reply_to_a_deleted_post(client: Client) -> None:
    article = ArticleFactory()
    deleted = comment(article.discussion)
    post_status_set(post=deleted, status=Post.Status.DELETED)
    logged_in(client, ReaderFactory())

    response = post_json(
        client, comments_url(article), {"body": "Rejected words.", "parent": deleted.pk}
    )

    assert_refused(response, 400, {"parent": ["That comment can no longer be replied to."]})


def test_article_comment_create_api_answers_429_with_retry_after_when_posting_too_fast(
    client: Client, settings: Settings
) -> None:
    settings.FORUM_POST_RATE = (1, 60)
    article = ArticleFactory()
    logged_in(client, ReaderFactory())
    assert post_json(client, comments_url(article), {"body": "First words."}).status_code == 201

    response = post_json(client, comments_url(article), {"body": "Rejected words."})

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json() == {"detail": str(RateLimited(int(response["Retry-After"])))}
    assert not Post.objects.filter(body="Rejected words.").exists()


def test_article_comment_create_api_is_404_for_a_draft(client: Client) -> None:
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    logged_in(client, ReaderFactory())

    response = post_json(client, comments_url(draft), {"body": "Rejected words."})

    assert response.status_code == 404
    assert not Post.objects.exists()
