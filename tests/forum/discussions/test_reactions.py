"""Likes: one per person per comment, never on your own, only on what is shown."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client

from accounts.models import User
from forum.discussions.models import Post, Reaction, Topic
from forum.discussions.services.reactions import reaction_add, reaction_remove
from tests.factories import ReaderFactory, comment, post_status_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(topic: Topic) -> Post:
    return comment(topic)


def _likes(post: Post) -> tuple[int, int]:
    """The counter on the post and the rows behind it."""
    post.refresh_from_db()
    return post.like_count, Reaction.objects.filter(post=post).count()


def test_reaction_add_likes_a_post(post: Post, reader: User) -> None:
    liked = reaction_add(post=post, user=reader)

    assert liked.like_count == 1
    assert _likes(post) == (1, 1)
    assert Reaction.objects.get().kind == Reaction.Kind.LIKE


def test_reaction_add_twice_is_still_one_like(post: Post, reader: User) -> None:
    reaction_add(post=post, user=reader)

    again = reaction_add(post=post, user=reader)

    assert again.like_count == 1
    assert _likes(post) == (1, 1)


def test_reaction_add_by_several_readers_counts_each(post: Post) -> None:
    for _ in range(3):
        reaction_add(post=post, user=ReaderFactory())

    assert _likes(post) == (3, 3)


def test_reaction_remove_unlikes(post: Post, reader: User) -> None:
    reaction_add(post=post, user=reader)

    unliked = reaction_remove(post=post, user=reader)

    assert unliked.like_count == 0
    assert _likes(post) == (0, 0)


def test_reaction_remove_without_a_like_changes_nothing(post: Post, reader: User) -> None:
    reaction_add(post=post, user=ReaderFactory())

    reaction_remove(post=post, user=reader)

    assert _likes(post) == (1, 1)


def test_reaction_add_refuses_your_own_post(post: Post) -> None:
    with pytest.raises(PermissionDenied, match=r"You cannot like your own comment\."):
        reaction_add(post=post, user=post.author)

    assert _likes(post) == (0, 0)


def test_reaction_add_refuses_anonymous(post: Post) -> None:
    with pytest.raises(PermissionDenied, match=r"Log in to like comments\."):
        reaction_add(post=post, user=AnonymousUser())

    assert _likes(post) == (0, 0)


def test_reaction_add_refuses_a_suspended_reader(post: Post, suspended_reader: User) -> None:
    with pytest.raises(PermissionDenied, match="Your account is suspended until"):
        reaction_add(post=post, user=suspended_reader)

    assert _likes(post) == (0, 0)


def test_reaction_add_refuses_a_banned_reader(post: Post, banned_reader: User) -> None:
    with pytest.raises(PermissionDenied, match=r"Your account is banned\."):
        reaction_add(post=post, user=banned_reader)

    assert _likes(post) == (0, 0)


@pytest.mark.parametrize(
    "status",
    [Post.Status.PENDING, Post.Status.REJECTED, Post.Status.REMOVED, Post.Status.DELETED],
)
def test_reaction_add_refuses_a_post_that_is_not_visible(
    post: Post, reader: User, status: Post.Status
) -> None:
    post = post_status_set(post=post, status=status)

    with pytest.raises(PermissionDenied, match=r"Only visible comments can be liked\."):
        reaction_add(post=post, user=reader)

    assert _likes(post) == (0, 0)


def test_reaction_add_refuses_a_post_hidden_after_loading(post: Post, reader: User) -> None:
    """The caller's copy may be stale; the service must judge the row as it is now."""
    post_status_set(post=Post.objects.get(pk=post.pk), status=Post.Status.REMOVED)

    with pytest.raises(PermissionDenied):
        reaction_add(post=post, user=reader)

    assert _likes(post) == (0, 0)


def test_reaction_likes_do_not_move_topic_or_reply_counts(topic: Topic, reader: User) -> None:
    root = comment(topic)
    reply = comment(topic, reply_to=root)

    reaction_add(post=reply, user=reader)

    topic.refresh_from_db()
    root.refresh_from_db()
    assert (topic.post_count, root.reply_count) == (2, 1)


# --- The HTML toggle ------------------------------------------------------------------------


def test_like_view_likes_then_unlikes_and_returns_to_the_comment(
    client: Client, post: Post, reader: User
) -> None:
    client.force_login(reader)

    first = client.post(f"/forum/p/{post.pk}/like/")
    assert first.status_code == 302
    assert first["Location"] == f"/forum/p/{post.pk}/"
    assert _likes(post) == (1, 1)

    client.post(f"/forum/p/{post.pk}/like/")
    assert _likes(post) == (0, 0)


def test_like_view_marks_the_button_pressed_for_the_liker(
    client: Client, article_url: str, post: Post, reader: User
) -> None:
    client.force_login(reader)
    client.post(f"/forum/p/{post.pk}/like/")

    page = client.get(article_url).content.decode()

    assert 'class="link-button like liked" aria-pressed="true">▲ 1<' in page


def test_like_view_refuses_your_own_post_with_403(client: Client, post: Post) -> None:
    client.force_login(post.author)

    response = client.post(f"/forum/p/{post.pk}/like/")

    assert response.status_code == 403
    assert "You cannot like your own comment." in response.content.decode()
    assert _likes(post) == (0, 0)


def test_like_view_refuses_a_suspended_reader_with_403(
    client: Client, post: Post, suspended_reader: User
) -> None:
    client.force_login(suspended_reader)

    response = client.post(f"/forum/p/{post.pk}/like/")

    assert response.status_code == 403
    assert _likes(post) == (0, 0)


def test_like_view_sends_anonymous_to_log_in(client: Client, post: Post) -> None:
    response = client.post(f"/forum/p/{post.pk}/like/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert _likes(post) == (0, 0)


def test_like_view_refuses_get(client: Client, post: Post, reader: User) -> None:
    client.force_login(reader)

    assert client.get(f"/forum/p/{post.pk}/like/").status_code == 405
    assert _likes(post) == (0, 0)


def test_like_view_is_404_for_a_hidden_post(client: Client, post: Post, reader: User) -> None:
    post_status_set(post=post, status=Post.Status.REMOVED)
    client.force_login(reader)

    assert client.post(f"/forum/p/{post.pk}/like/").status_code == 404
    assert _likes(post) == (0, 0)
