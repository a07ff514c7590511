"""The comments under an article through the API, read: threads as trees, what each post says,
who sees which post, and the queries it takes."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import User
from articles.models import Article
from forum.discussions.models import Post
from forum.discussions.services.reactions import reaction_add
from tests.factories import (
    ArticleFactory,
    EditorFactory,
    ModeratorFactory,
    ReaderFactory,
    comment,
    post_status_set,
)
from tests.forum.discussions.comments_api import comments_url, ids, logged_in

pytestmark = pytest.mark.django_db


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
        "tickers": [],
        "disclosure": {},
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
