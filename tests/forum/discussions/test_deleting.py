"""Withdrawing comments: authors delete, moderators remove, counters move exactly once."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client

from accounts.models import User
from accounts.services.deletion import account_delete
from articles.models import Article
from forum.discussions.models import Post, Topic
from forum.discussions.services.posting import post_delete
from tests.factories import ReaderFactory, comment, post_status_set

pytestmark = pytest.mark.django_db


def _counts(topic: Topic, *posts: Post) -> tuple[int, ...]:
    topic.refresh_from_db()
    return (topic.post_count, *(Post.objects.get(pk=p.pk).reply_count for p in posts))


def test_post_delete_by_the_author_marks_it_deleted(topic: Topic, reader: User) -> None:
    post = comment(topic, author=reader, body="Second thoughts.")

    post_delete(post=post, by=reader)

    post.refresh_from_db()
    assert post.status == Post.Status.DELETED
    assert post.body == "Second thoughts."  # soft: the row and its text stay for the record


def test_post_delete_takes_the_comment_off_the_topic_count(topic: Topic, reader: User) -> None:
    comment(topic)
    post = comment(topic, author=reader)

    post_delete(post=post, by=reader)

    assert _counts(topic) == (1,)


def test_post_delete_of_a_reply_takes_it_off_its_parents_reply_count(
    topic: Topic, reader: User
) -> None:
    root = comment(topic)
    comment(topic, reply_to=root)
    reply = comment(topic, author=reader, reply_to=root)
    assert _counts(topic, root) == (3, 2)

    post_delete(post=reply, by=reader)

    assert _counts(topic, root) == (2, 1)


def test_post_delete_twice_is_refused_and_counts_once(topic: Topic, reader: User) -> None:
    root = comment(topic)
    reply = comment(topic, author=reader, reply_to=root)
    deleted = post_delete(post=reply, by=reader)

    with pytest.raises(PermissionDenied, match=r"You can only delete your own comments\."):
        post_delete(post=deleted, by=reader)

    assert _counts(topic, root) == (1, 0)


def test_post_delete_from_a_stale_copy_does_not_count_twice(topic: Topic, reader: User) -> None:
    """Two tabs deleting the same comment: the second finds it already gone."""
    root = comment(topic)
    reply = comment(topic, author=reader, reply_to=root)
    stale = Post.objects.get(pk=reply.pk)
    post_delete(post=reply, by=reader)

    with pytest.raises(PermissionDenied):
        post_delete(post=stale, by=reader)

    assert _counts(topic, root) == (1, 0)


def test_post_delete_refuses_another_reader(topic: Topic, reader: User) -> None:
    post = comment(topic, author=reader)

    with pytest.raises(PermissionDenied, match=r"You can only delete your own comments\."):
        post_delete(post=post, by=ReaderFactory())

    post.refresh_from_db()
    assert post.status == Post.Status.VISIBLE
    assert _counts(topic) == (1,)


def test_post_delete_refuses_anonymous(topic: Topic) -> None:
    post = comment(topic)

    with pytest.raises(PermissionDenied):
        post_delete(post=post, by=AnonymousUser())


def test_post_delete_refuses_a_moderator_who_removes_instead(topic: Topic, moderator: User) -> None:
    post = comment(topic)

    with pytest.raises(PermissionDenied):
        post_delete(post=post, by=moderator)


def test_post_delete_refuses_the_author_of_a_removed_post(topic: Topic, reader: User) -> None:
    post = post_status_set(post=comment(topic, author=reader), status=Post.Status.REMOVED)

    with pytest.raises(PermissionDenied):
        post_delete(post=post, by=reader)

    post.refresh_from_db()
    assert post.status == Post.Status.REMOVED


def test_post_delete_refuses_a_post_a_moderator_removed_after_the_author_loaded_it(
    topic: Topic, reader: User
) -> None:
    """The author's copy is stale: the service must judge the row as it is now, so a removal
    is not turned into the author's own deletion."""
    post = comment(topic, author=reader)
    post_status_set(post=Post.objects.get(pk=post.pk), status=Post.Status.REMOVED)

    with pytest.raises(PermissionDenied):
        post_delete(post=post, by=reader)

    post.refresh_from_db()
    assert post.status == Post.Status.REMOVED


def test_post_delete_of_a_pending_post_does_not_move_counters(topic: Topic, reader: User) -> None:
    root = comment(topic)
    reply = post_status_set(
        post=comment(topic, author=reader, reply_to=root), status=Post.Status.PENDING
    )
    assert _counts(topic, root) == (1, 0)

    post_delete(post=reply, by=reader)

    assert _counts(topic, root) == (1, 0)


def test_post_status_apply_removed_then_visible_keeps_counters_exact(topic: Topic) -> None:
    root = comment(topic)
    reply = comment(topic, reply_to=root)

    post_status_set(post=reply, status=Post.Status.REMOVED)
    assert _counts(topic, root) == (1, 0)
    post_status_set(post=reply, status=Post.Status.REMOVED)
    assert _counts(topic, root) == (1, 0)
    post_status_set(post=reply, status=Post.Status.VISIBLE)
    assert _counts(topic, root) == (2, 1)
    post_status_set(post=reply, status=Post.Status.VISIBLE)
    assert _counts(topic, root) == (2, 1)


def test_post_status_apply_between_hidden_states_does_not_move_counters(topic: Topic) -> None:
    root = comment(topic)
    reply = post_status_set(post=comment(topic, reply_to=root), status=Post.Status.PENDING)

    post_status_set(post=reply, status=Post.Status.REJECTED)
    post_status_set(post=reply, status=Post.Status.REMOVED)

    assert _counts(topic, root) == (1, 0)


def test_post_status_apply_from_a_stale_copy_counts_once(topic: Topic) -> None:
    root = comment(topic)
    reply = comment(topic, reply_to=root)
    stale = Post.objects.get(pk=reply.pk)

    post_status_set(post=reply, status=Post.Status.REMOVED)
    post_status_set(post=stale, status=Post.Status.REMOVED)

    assert _counts(topic, root) == (1, 0)


# --- How it reads on the page ---------------------------------------------------------------


def test_deleted_comment_with_visible_replies_shows_as_deleted_above_them(
    client: Client, article: Article, topic: Topic, reader: User
) -> None:
    post = comment(topic, author=reader, body="The original opinion.")
    reply = comment(topic, reply_to=post, body="A reply that stays.")

    post_delete(post=post, by=reader)
    page = client.get(article.get_absolute_url()).content.decode()

    assert "The original opinion." not in page
    assert "[deleted]" in page
    assert "A reply that stays." in page
    assert page.index(f'id="comment-{post.pk}"') < page.index(f'id="comment-{reply.pk}"')
    assert re.search(
        rf'<ol class="replies" id="replies-{post.pk}">\s*'
        rf'<li class="comment" id="comment-{reply.pk}"',
        page,
    )


def test_deleted_comment_without_replies_disappears_from_the_page(
    client: Client, article: Article, topic: Topic, reader: User
) -> None:
    post = comment(topic, author=reader, body="Never mind.")
    comment(topic, body="Another comment.")

    post_delete(post=post, by=reader)
    page = client.get(article.get_absolute_url()).content.decode()

    assert "Never mind." not in page
    assert f'id="comment-{post.pk}"' not in page
    assert "[deleted]" not in page
    assert "1 Comment<" in page


def test_deleted_reply_without_replies_disappears_from_its_thread(
    client: Client, article: Article, topic: Topic, reader: User
) -> None:
    root = comment(topic, body="The root.")
    reply = comment(topic, author=reader, reply_to=root, body="Regretted reply.")

    post_delete(post=reply, by=reader)
    page = client.get(article.get_absolute_url()).content.decode()

    assert "The root." in page
    assert "Regretted reply." not in page
    assert f'id="comment-{reply.pk}"' not in page
    assert "[deleted]" not in page


def test_delete_view_by_the_author_redirects_to_the_comments(
    client: Client, article: Article, topic: Topic, reader: User
) -> None:
    post = comment(topic, author=reader)
    client.force_login(reader)

    response = client.post(f"/forum/p/{post.pk}/delete/")

    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comments"
    post.refresh_from_db()
    assert post.status == Post.Status.DELETED


def test_delete_view_refuses_another_reader_with_403(
    client: Client, topic: Topic, reader: User
) -> None:
    post = comment(topic, author=reader)
    client.force_login(ReaderFactory())

    response = client.post(f"/forum/p/{post.pk}/delete/")

    assert response.status_code == 403
    assert "You can only delete your own comments." in response.content.decode()
    post.refresh_from_db()
    assert post.status == Post.Status.VISIBLE


def test_delete_view_sends_anonymous_to_log_in(client: Client, topic: Topic) -> None:
    post = comment(topic)

    response = client.post(f"/forum/p/{post.pk}/delete/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    post.refresh_from_db()
    assert post.status == Post.Status.VISIBLE


def test_deleted_accounts_comments_show_deleted_user(
    client: Client, article: Article, topic: Topic
) -> None:
    author = ReaderFactory(username="soon_gone", display_name="Soon Gone")
    comment(topic, author=author, body="Words that outlive the account.")

    account_delete(user=author)
    page = client.get(article.get_absolute_url()).content.decode()

    assert "Words that outlive the account." in page
    assert '<span class="author">deleted user</span>' in page
    assert "Soon Gone" not in page
    assert "soon_gone" not in page
    assert f'href="/u/deleted_{author.pk}/"' not in page
