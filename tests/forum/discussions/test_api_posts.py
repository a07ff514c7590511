"""One post through the API: reading, editing and deleting it, and liking it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from articles.models import Article
from forum.discussions.models import Post, PostRevision, Reaction
from forum.discussions.services.reactions import reaction_add
from tests.factories import (
    ArticleFactory,
    ModeratorFactory,
    ReaderFactory,
    comment,
    post_status_set,
)

pytestmark = pytest.mark.django_db


def post_url(post: Post) -> str:
    return f"/api/v1/posts/{post.pk}/"


def reactions_url(post: Post) -> str:
    return f"/api/v1/posts/{post.pk}/reactions/"


def patch_json(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.patch(url, data, content_type="application/json")


def logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def suspended() -> User:
    return ReaderFactory(
        state=User.State.SUSPENDED, suspended_until=timezone.now() + timedelta(days=2)
    )


def older_than_edit_window(post: Post) -> Post:
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(hours=1))
    post.refresh_from_db()
    return post


# Reading


def test_post_detail_api_returns_the_post(client: Client) -> None:
    article = ArticleFactory()
    root = comment(article.discussion)
    reply = comment(article.discussion, author=ReaderFactory(username="bo_b"), reply_to=root)

    response = client.get(post_url(reply))

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["topic"], body["parent"], body["depth"]) == (
        reply.pk,
        article.discussion.pk,
        root.pk,
        1,
    )
    assert body["author"]["handle"] == "bo_b"
    assert body["permalink"] == f"http://testserver/forum/p/{reply.pk}/"
    assert "replies" not in body


def test_post_detail_api_says_whom_a_reply_beside_its_target_answers(
    client: Client, settings: Settings
) -> None:
    settings.FORUM_MAX_DEPTH = 2
    article = ArticleFactory()
    root = comment(article.discussion)
    deepest = comment(article.discussion, author=ReaderFactory(username="cy_c"), reply_to=root)
    beside = comment(article.discussion, reply_to=deepest)

    body = client.get(post_url(beside)).json()

    assert (body["parent"], body["reply_to"], body["replying_to"]) == (
        root.pk,
        deepest.pk,
        "cy_c",
    )


def test_post_detail_api_says_whether_the_viewer_likes_it(client: Client) -> None:
    reader = ReaderFactory()
    post = comment(ArticleFactory().discussion)
    reaction_add(post=post, user=reader)
    logged_in(client, reader)

    body = client.get(post_url(post)).json()

    assert (body["liked"], body["like_count"]) == (True, 1)


def test_post_detail_api_is_404_for_someone_elses_pending_post(client: Client) -> None:
    post = comment(ArticleFactory().discussion)
    post_status_set(post=post, status=Post.Status.PENDING)
    logged_in(client, ReaderFactory())

    assert client.get(post_url(post)).status_code == 404


def test_post_detail_api_shows_the_author_their_pending_post(client: Client) -> None:
    reader = ReaderFactory()
    post = comment(ArticleFactory().discussion, author=reader)
    post_status_set(post=post, status=Post.Status.PENDING)
    logged_in(client, reader)

    response = client.get(post_url(post))

    assert response.status_code == 200
    assert response.json()["status"] == "pending"


def test_post_detail_api_is_404_for_a_deleted_post(client: Client) -> None:
    post = comment(ArticleFactory().discussion)
    post_status_set(post=post, status=Post.Status.DELETED)

    assert client.get(post_url(post)).status_code == 404


def test_post_detail_api_is_404_under_an_unpublished_article(client: Client) -> None:
    article = ArticleFactory()
    post = comment(article.discussion)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    assert client.get(post_url(post)).status_code == 404


# Editing


def test_post_update_api_lets_the_author_edit_within_the_window(client: Client) -> None:
    reader = ReaderFactory()
    post = comment(ArticleFactory().discussion, author=reader, body="Fisrt draft.")
    logged_in(client, reader)

    response = patch_json(client, post_url(post), {"body": "First *draft*."})

    assert response.status_code == 200
    body = response.json()
    assert (body["body"], body["body_html"]) == ("First *draft*.", "<p>First <em>draft</em>.</p>\n")
    assert body["edited_at"] is not None
    assert PostRevision.objects.get(post=post).body == "Fisrt draft."


def test_post_update_api_lets_moderators_edit_any_time(client: Client) -> None:
    post = older_than_edit_window(comment(ArticleFactory().discussion))
    logged_in(client, ModeratorFactory())

    response = patch_json(client, post_url(post), {"body": "Edited by a moderator."})

    assert response.status_code == 200
    post.refresh_from_db()
    assert post.body == "Edited by a moderator."


def test_post_update_api_refuses_the_author_after_the_window(client: Client) -> None:
    reader = ReaderFactory()
    post = older_than_edit_window(
        comment(ArticleFactory().discussion, author=reader, body="A fair point.")
    )
    logged_in(client, reader)

    response = patch_json(client, post_url(post), {"body": "Too late."})

    assert response.status_code == 403
    assert response.json() == {"detail": "Comments can be edited for 15 minutes after posting."}
    post.refresh_from_db()
    assert post.body == "A fair point."


def test_post_update_api_refuses_other_readers(client: Client) -> None:
    post = comment(ArticleFactory().discussion, body="A fair point.")
    logged_in(client, ReaderFactory())

    response = patch_json(client, post_url(post), {"body": "Not mine."})

    assert response.status_code == 403
    assert response.json() == {"detail": "You can only edit your own comments."}
    post.refresh_from_db()
    assert post.body == "A fair point."


def test_post_update_api_refuses_anonymous_users(client: Client) -> None:
    post = comment(ArticleFactory().discussion)

    response = patch_json(client, post_url(post), {"body": "Not mine."})

    assert response.status_code == 403
    assert response.json() == {"detail": "You can only edit your own comments."}


def test_post_update_api_refuses_a_suspended_author(client: Client) -> None:
    reader = ReaderFactory()
    post = comment(ArticleFactory().discussion, author=reader, body="A fair point.")
    User.objects.filter(pk=reader.pk).update(
        state=User.State.SUSPENDED, suspended_until=timezone.now() + timedelta(days=2)
    )
    reader.refresh_from_db()
    logged_in(client, reader)

    response = patch_json(client, post_url(post), {"body": "While suspended."})

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Your account is suspended until ")
    post.refresh_from_db()
    assert post.body == "A fair point."


def test_post_update_api_refuses_an_empty_body(client: Client) -> None:
    reader = ReaderFactory()
    post = comment(ArticleFactory().discussion, author=reader)
    logged_in(client, reader)

    response = patch_json(client, post_url(post), {"body": ""})

    assert response.status_code == 400
    assert response.json() == {"body": ["Write at least 2 characters."]}
    assert not PostRevision.objects.exists()


# Deleting


def test_post_delete_api_lets_the_author_delete(client: Client) -> None:
    reader = ReaderFactory()
    article = ArticleFactory()
    post = comment(article.discussion, author=reader)
    logged_in(client, reader)

    response = client.delete(post_url(post))

    assert response.status_code == 204
    post.refresh_from_db()
    assert post.status == Post.Status.DELETED
    article.discussion.refresh_from_db()
    assert article.discussion.post_count == 0


def test_post_delete_api_refuses_other_readers(client: Client) -> None:
    post = comment(ArticleFactory().discussion)
    logged_in(client, ReaderFactory())

    response = client.delete(post_url(post))

    assert response.status_code == 403
    assert response.json() == {"detail": "You can only delete your own comments."}
    post.refresh_from_db()
    assert post.status == Post.Status.VISIBLE


def test_post_delete_api_refuses_moderators_who_remove_instead(client: Client) -> None:
    post = comment(ArticleFactory().discussion)
    logged_in(client, ModeratorFactory())

    response = client.delete(post_url(post))

    assert response.status_code == 403
    post.refresh_from_db()
    assert post.status == Post.Status.VISIBLE


def test_post_delete_api_refuses_anonymous_users(client: Client) -> None:
    post = comment(ArticleFactory().discussion)

    response = client.delete(post_url(post))

    assert response.status_code == 403
    post.refresh_from_db()
    assert post.status == Post.Status.VISIBLE


# Liking


def test_post_reaction_api_likes_a_post(client: Client) -> None:
    post = comment(ArticleFactory().discussion)
    logged_in(client, ReaderFactory())

    response = client.post(reactions_url(post))

    assert response.status_code == 201
    assert response.json() == {"like_count": 1, "liked": True}


def test_post_reaction_api_likes_once_however_often_asked(client: Client) -> None:
    post = comment(ArticleFactory().discussion)
    logged_in(client, ReaderFactory())
    client.post(reactions_url(post))

    response = client.post(reactions_url(post))

    assert response.status_code == 200
    assert response.json() == {"like_count": 1, "liked": True}
    assert Reaction.objects.count() == 1


def test_post_reaction_api_unlikes_a_post(client: Client) -> None:
    reader = ReaderFactory()
    post = comment(ArticleFactory().discussion)
    reaction_add(post=post, user=reader)
    logged_in(client, reader)

    response = client.delete(reactions_url(post))

    assert response.status_code == 200
    assert response.json() == {"like_count": 0, "liked": False}
    assert not Reaction.objects.exists()


def test_post_reaction_api_unliking_without_a_like_changes_nothing(client: Client) -> None:
    post = comment(ArticleFactory().discussion)
    reaction_add(post=post, user=ReaderFactory())
    logged_in(client, ReaderFactory())

    response = client.delete(reactions_url(post))

    assert response.status_code == 200
    assert response.json() == {"like_count": 1, "liked": False}


def test_post_reaction_api_refuses_a_like_of_ones_own_post(client: Client) -> None:
    reader = ReaderFactory()
    post = comment(ArticleFactory().discussion, author=reader)
    logged_in(client, reader)

    response = client.post(reactions_url(post))

    assert response.status_code == 403
    assert response.json() == {"detail": "You cannot like your own comment."}
    assert not Reaction.objects.exists()


def test_post_reaction_api_refuses_suspended_users(client: Client) -> None:
    post = comment(ArticleFactory().discussion)
    logged_in(client, suspended())

    response = client.post(reactions_url(post))

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Your account is suspended until ")
    assert not Reaction.objects.exists()


def test_post_reaction_api_refuses_anonymous_likes(client: Client) -> None:
    post = comment(ArticleFactory().discussion)

    response = client.post(reactions_url(post))

    assert response.status_code == 403
    assert response.json() == {"detail": "Log in to like comments."}
    assert not Reaction.objects.exists()


def test_post_reaction_api_refuses_anonymous_unlikes(client: Client) -> None:
    post = comment(ArticleFactory().discussion)

    response = client.delete(reactions_url(post))

    assert response.status_code == 403
    assert response.json() == {"detail": "Log in to like comments."}


def test_post_reaction_api_is_404_for_a_post_the_viewer_may_not_see(client: Client) -> None:
    post = comment(ArticleFactory().discussion)
    post_status_set(post=post, status=Post.Status.REMOVED)
    logged_in(client, ReaderFactory())

    assert client.post(reactions_url(post)).status_code == 404
    assert not Reaction.objects.exists()
