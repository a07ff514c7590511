"""The comments under an article through the API: reading the threads, and posting."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import User
from articles.models import Article
from config.web.errors import RateLimited
from forum.discussions.models import Post
from forum.discussions.services.posting import post_create
from forum.discussions.services.reactions import reaction_add
from forum.moderation.services.decisions import topic_close
from tests.factories import (
    ArticleFactory,
    EditorFactory,
    ModeratorFactory,
    ReaderFactory,
    UserFactory,
    comment,
    post_status_set,
)

pytestmark = pytest.mark.django_db


def comments_url(article: Article) -> str:
    return f"/api/v1/articles/{article.slug}/comments/"


def post_json(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def ids(threads: list[dict[str, Any]]) -> list[int]:
    return [thread["id"] for thread in threads]


@pytest.fixture
def no_rate_limit(settings: Settings) -> None:
    settings.FORUM_POST_RATE = (10_000, 60)


# Reading


def test_article_comments_api_returns_threads_as_nested_trees(client: Client) -> None:
    article = ArticleFactory()
    first = comment(article.discussion, body="First thread.")
    reply = comment(article.discussion, body="A reply.", reply_to=first)
    reply_to_reply = comment(article.discussion, body="Deeper.", reply_to=reply)
    second = comment(article.discussion, body="Second thread.")

    threads = client.get(comments_url(article)).json()["results"]

    assert ids(threads) == [first.pk, second.pk]
    assert ids(threads[0]["replies"]) == [reply.pk]
    assert ids(threads[0]["replies"][0]["replies"]) == [reply_to_reply.pk]
    assert threads[0]["replies"][0]["replies"][0]["replies"] == []
    assert threads[0]["reply_count"] == 1
    assert (threads[0]["replies"][0]["parent"], threads[0]["replies"][0]["depth"]) == (
        first.pk,
        1,
    )
    assert threads[1]["replies"] == []


def test_article_comments_api_describes_each_post(client: Client) -> None:
    writer = ReaderFactory(username="ann_r", display_name="Ann Reed")
    article = ArticleFactory(author=writer)
    post = comment(article.discussion, author=writer, body="Prices **rose**.")

    node = client.get(comments_url(article)).json()["results"][0]

    assert node == {
        "id": post.pk,
        "topic": article.discussion.pk,
        "author": {
            "handle": "ann_r",
            "display_name": "Ann Reed",
            "profile_url": "http://testserver/u/ann_r/",
            "avatar_url": None,
            "is_moderator": False,
        },
        "is_article_author": True,
        "body": "Prices **rose**.",
        "body_html": "<p>Prices <strong>rose</strong>.</p>\n",
        "status": "visible",
        "placeholder": "",
        "created_at": node["created_at"],
        "edited_at": None,
        "edited_by_moderator": False,
        "like_count": 0,
        "liked": False,
        "reply_count": 0,
        "depth": 0,
        "parent": None,
        "reply_to": None,
        "replying_to": None,
        "permalink": f"http://testserver/forum/p/{post.pk}/",
        "can_edit": False,
        "can_delete": False,
        "hold_reasons": [],
        "moderation_reason": "",
        "replies": [],
    }


def test_article_comments_api_badges_moderators(client: Client) -> None:
    article = ArticleFactory()
    comment(article.discussion, author=ModeratorFactory())

    node = client.get(comments_url(article)).json()["results"][0]

    assert node["author"]["is_moderator"] is True
    assert node["is_article_author"] is False


def test_article_comments_api_tells_the_viewer_what_they_may_do(client: Client) -> None:
    reader, other = ReaderFactory(), ReaderFactory()
    article = ArticleFactory()
    own = comment(article.discussion, author=reader)
    liked = comment(article.discussion, author=other)
    reaction_add(post=liked, user=reader)
    logged_in(client, reader)

    threads = client.get(comments_url(article)).json()["results"]

    assert ids(threads) == [own.pk, liked.pk]
    assert (threads[0]["can_edit"], threads[0]["can_delete"], threads[0]["liked"]) == (
        True,
        True,
        False,
    )
    assert (threads[1]["can_edit"], threads[1]["can_delete"], threads[1]["liked"]) == (
        False,
        False,
        True,
    )
    assert threads[1]["like_count"] == 1


def test_article_comments_api_returns_count_and_latest_post_id(client: Client) -> None:
    article = ArticleFactory()
    first = comment(article.discussion)
    latest = comment(article.discussion, reply_to=first)

    body = client.get(comments_url(article)).json()

    assert body["topic"] == article.discussion.pk
    assert body["count"] == 2
    assert body["latest_post_id"] == latest.pk
    assert body["sort"] == "oldest"
    assert body["next"] is None


def test_article_comments_api_says_why_an_anonymous_viewer_may_not_comment(
    client: Client,
) -> None:
    article = ArticleFactory()

    body = client.get(comments_url(article)).json()

    assert body["reply_refusal"] == "Log in to take part in the discussion."


def test_article_comments_api_has_no_refusal_for_a_verified_reader(client: Client) -> None:
    article = ArticleFactory()
    logged_in(client, ReaderFactory())

    assert client.get(comments_url(article)).json()["reply_refusal"] is None


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("oldest", [0, 1, 2]), ("newest", [2, 1, 0]), ("top", [1, 2, 0])],
)
def test_article_comments_api_orders_threads_by_sort(
    client: Client, sort: str, expected: list[int]
) -> None:
    article = ArticleFactory()
    posts = [comment(article.discussion) for _ in range(3)]
    for liker in (ReaderFactory(), ReaderFactory()):
        reaction_add(post=posts[1], user=liker)
    reaction_add(post=posts[2], user=ReaderFactory())

    body = client.get(comments_url(article), {"sort": sort}).json()

    assert body["sort"] == sort
    assert ids(body["results"]) == [posts[i].pk for i in expected]


def test_article_comments_api_orders_replies_oldest_first_whatever_the_sort(
    client: Client,
) -> None:
    article = ArticleFactory()
    root = comment(article.discussion)
    replies = [comment(article.discussion, reply_to=root) for _ in range(3)]

    thread = client.get(comments_url(article), {"sort": "newest"}).json()["results"][0]

    assert ids(thread["replies"]) == [reply.pk for reply in replies]


def test_article_comments_api_refuses_an_unknown_sort(client: Client) -> None:
    article = ArticleFactory()

    response = client.get(comments_url(article), {"sort": "loudest"})

    assert response.status_code == 400
    assert list(response.json()) == ["sort"]


def test_article_comments_api_pages_threads_with_a_cursor(
    client: Client, settings: Settings, no_rate_limit: None
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 2
    article = ArticleFactory()
    author = ReaderFactory()
    roots = [comment(article.discussion, author=author) for _ in range(5)]

    pages = [client.get(comments_url(article)).json()]
    while pages[-1]["next"]:
        pages.append(client.get(pages[-1]["next"]).json())

    assert [ids(page["results"]) for page in pages] == [
        [roots[0].pk, roots[1].pk],
        [roots[2].pk, roots[3].pk],
        [roots[4].pk],
    ]
    assert pages[0]["next"].startswith(f"http://testserver{comments_url(article)}?cursor=")


def test_article_comments_api_keeps_the_sort_across_pages(
    client: Client, settings: Settings, no_rate_limit: None
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 2
    article = ArticleFactory()
    author = ReaderFactory()
    roots = [comment(article.discussion, author=author) for _ in range(3)]

    first = client.get(comments_url(article), {"sort": "newest"}).json()
    second = client.get(first["next"]).json()

    assert ids(first["results"]) == [roots[2].pk, roots[1].pk]
    assert ids(second["results"]) == [roots[0].pk]
    assert second["sort"] == "newest"


def test_article_comments_api_follows_the_cursors_sort_when_none_is_given(
    client: Client, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 1
    article = ArticleFactory()
    older, newer = comment(article.discussion), comment(article.discussion)
    first = client.get(comments_url(article), {"sort": "newest"}).json()
    cursor = first["next"].split("cursor=")[1].split("&")[0]

    second = client.get(f"{comments_url(article)}?cursor={cursor}").json()

    assert ids(first["results"]) == [newer.pk]
    assert ids(second["results"]) == [older.pk]


def test_article_comments_api_refuses_an_invalid_cursor(client: Client) -> None:
    article = ArticleFactory()

    response = client.get(comments_url(article), {"cursor": "not-a-cursor"})

    assert response.status_code == 400
    assert response.json() == {
        "cursor": ["This cursor is not valid. Start again from the first page."]
    }


def test_article_comments_api_refuses_a_tampered_cursor(client: Client, settings: Settings) -> None:
    settings.FORUM_THREADS_PER_PAGE = 1
    article = ArticleFactory()
    comment(article.discussion)
    comment(article.discussion)
    next_url = client.get(comments_url(article)).json()["next"]
    signature = next_url.split("cursor=")[1].rsplit("%3A", 1)[1]
    forged_payload = base64.urlsafe_b64encode(json.dumps(["oldest", 0]).encode()).decode()

    response = client.get(
        comments_url(article), {"cursor": f"{forged_payload.rstrip('=')}:{signature}"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "cursor": ["This cursor is not valid. Start again from the first page."]
    }


def test_article_comments_api_refuses_a_cursor_of_another_sort(
    client: Client, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 1
    article = ArticleFactory()
    comment(article.discussion)
    comment(article.discussion)
    next_url = client.get(comments_url(article), {"sort": "newest"}).json()["next"]

    response = client.get(next_url.replace("sort=newest", "sort=top"))

    assert response.status_code == 400
    assert response.json() == {"cursor": ["This cursor belongs to another sort order."]}


def test_article_comments_api_hides_other_readers_pending_and_removed_posts(
    client: Client,
) -> None:
    article = ArticleFactory()
    shown = comment(article.discussion)
    pending = comment(article.discussion)
    removed = comment(article.discussion)
    post_status_set(post=pending, status=Post.Status.PENDING)
    post_status_set(post=removed, status=Post.Status.REMOVED)
    logged_in(client, ReaderFactory())

    body = client.get(comments_url(article)).json()

    assert ids(body["results"]) == [shown.pk]
    assert body["count"] == 1


def test_article_comments_api_hides_a_pending_reply_from_other_readers(
    client: Client,
) -> None:
    article = ArticleFactory()
    root = comment(article.discussion)
    post_status_set(post=comment(article.discussion, reply_to=root), status=Post.Status.PENDING)

    thread = client.get(comments_url(article)).json()["results"][0]

    assert thread["replies"] == []


def test_article_comments_api_shows_the_viewer_their_own_pending_post(client: Client) -> None:
    reader = ReaderFactory()
    article = ArticleFactory()
    pending = comment(article.discussion, author=reader)
    post_status_set(post=pending, status=Post.Status.PENDING)
    logged_in(client, reader)

    threads = client.get(comments_url(article)).json()["results"]

    assert ids(threads) == [pending.pk]
    assert threads[0]["status"] == "pending"
    assert threads[0]["placeholder"] == ""
    assert threads[0]["body"] == pending.body


def test_article_comments_api_shows_moderators_pending_posts(client: Client) -> None:
    article = ArticleFactory()
    pending = comment(article.discussion)
    post_status_set(post=pending, status=Post.Status.PENDING)
    logged_in(client, ModeratorFactory())

    threads = client.get(comments_url(article)).json()["results"]

    assert [(t["id"], t["status"]) for t in threads] == [(pending.pk, "pending")]


def test_article_comments_api_withholds_a_removed_post_that_heads_replies(
    client: Client,
) -> None:
    article = ArticleFactory()
    root = comment(article.discussion, body="Something rude.")
    reply = comment(article.discussion, reply_to=root)
    post_status_set(post=root, status=Post.Status.REMOVED)

    thread = client.get(comments_url(article)).json()["results"][0]

    assert thread["id"] == root.pk
    assert thread["placeholder"] == "[removed]"
    assert thread["status"] == "removed"
    assert (thread["author"], thread["body"], thread["body_html"]) == (None, "", "")
    assert ids(thread["replies"]) == [reply.pk]


def test_article_comments_api_shows_a_deleted_post_with_replies_as_deleted(
    client: Client,
) -> None:
    article = ArticleFactory()
    root = comment(article.discussion)
    comment(article.discussion, reply_to=root)
    post_status_set(post=root, status=Post.Status.DELETED)

    thread = client.get(comments_url(article)).json()["results"][0]

    assert (thread["placeholder"], thread["status"], thread["author"]) == (
        "[deleted]",
        "deleted",
        None,
    )


def test_article_comments_api_attaches_a_reply_beyond_max_depth_at_the_deepest_level(
    client: Client, settings: Settings, no_rate_limit: None
) -> None:
    settings.FORUM_MAX_DEPTH = 3
    article = ArticleFactory()
    deepest_author = ReaderFactory(username="deep_d")
    root = comment(article.discussion)
    middle = comment(article.discussion, reply_to=root)
    deepest = comment(article.discussion, author=deepest_author, reply_to=middle)
    beyond = comment(article.discussion, reply_to=deepest)

    thread = client.get(comments_url(article)).json()["results"][0]

    level_two = thread["replies"][0]["replies"]
    assert ids(level_two) == [deepest.pk, beyond.pk]
    assert level_two[0]["replies"] == []
    assert level_two[1]["depth"] == 2
    assert level_two[1]["parent"] == middle.pk
    assert level_two[1]["reply_to"] == deepest.pk
    assert level_two[1]["replying_to"] == "deep_d"


def test_article_comments_api_is_404_for_a_draft(client: Client) -> None:
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    assert client.get(comments_url(draft)).status_code == 404


def test_article_comments_api_is_404_for_an_unpublished_article_with_comments(
    client: Client,
) -> None:
    article = ArticleFactory()
    comment(article.discussion)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    logged_in(client, ReaderFactory())

    assert client.get(comments_url(article)).status_code == 404


def test_article_comments_api_lets_editors_preview_an_unpublished_articles_comments(
    client: Client,
) -> None:
    article = ArticleFactory()
    post = comment(article.discussion)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    logged_in(client, EditorFactory())

    response = client.get(comments_url(article))

    assert response.status_code == 200
    assert ids(response.json()["results"]) == [post.pk]


def test_article_comments_api_is_404_for_an_unknown_article(client: Client) -> None:
    assert client.get("/api/v1/articles/no-such-article/comments/").status_code == 404


def _deep_threads(article: Article, *, threads: int, replies: int, authors: list[User]) -> None:
    """`threads` threads of a chain of `replies` replies each, which runs past the deepest
    level and so also spreads sideways."""
    for t in range(threads):
        previous = comment(article.discussion, author=authors[t % len(authors)])
        for r in range(replies):
            previous = comment(
                article.discussion, author=authors[(t + r + 1) % len(authors)], reply_to=previous
            )


def test_article_comments_api_query_count_does_not_grow_with_comments(
    client: Client,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    no_rate_limit: None,
) -> None:
    viewer = ReaderFactory()
    authors = [ReaderFactory(), ReaderFactory(), ModeratorFactory(), viewer]
    article = ArticleFactory(author=authors[0])
    _deep_threads(article, threads=1, replies=2, authors=authors)
    logged_in(client, viewer)
    with django_assert_max_num_queries(12) as few:
        client.get(comments_url(article))

    _deep_threads(article, threads=27, replies=10, authors=authors)
    for post in Post.objects.exclude(author=viewer)[:50]:
        reaction_add(post=post, user=viewer)
    assert Post.objects.count() == 300
    with django_assert_max_num_queries(12) as many:
        response = client.get(comments_url(article))

    assert len(response.json()["results"]) == 20
    assert len(many) == len(few)


def test_article_comments_api_query_count_for_anonymous_viewers_does_not_grow(
    client: Client,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    no_rate_limit: None,
) -> None:
    authors = [ReaderFactory(), ModeratorFactory()]
    article = ArticleFactory()
    _deep_threads(article, threads=1, replies=2, authors=authors)
    with django_assert_max_num_queries(12) as few:
        client.get(comments_url(article))

    _deep_threads(article, threads=27, replies=10, authors=authors)
    with django_assert_max_num_queries(12) as many:
        client.get(comments_url(article))

    assert len(many) == len(few)


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

    monkeypatch.setattr("forum.discussions.api.views.post_create", post_create_held)
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
