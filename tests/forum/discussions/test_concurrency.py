"""Counters and trees stay exact when many people act on the same discussion at once.

Real threads against PostgreSQL, each with its own connection and its own transactions.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytest_django import Settings

from accounts.models import User
from config.web.errors import RateLimited
from forum.discussions.models import Post, Reaction, Topic, path_segment
from forum.discussions.services.posting import post_create
from forum.discussions.services.reactions import reaction_add
from tests.concurrency import run_at_once
from tests.factories import ReaderFactory, comment, post_status_set

pytestmark = [
    pytest.mark.postgres,
    # serialized_rollback: the flush after each test empties the rows migrations made (roles,
    # the Articles category); this puts them back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_concurrent_replies_count_exactly_and_keep_the_tree_consistent(
    topic: Topic, settings: Settings
) -> None:
    settings.FORUM_POST_RATE = (100, 60)
    parent = comment(topic)
    authors = [ReaderFactory() for _ in range(8)]

    def five_replies(author: User) -> Callable[[], list[Post]]:
        return lambda: [
            post_create(topic=topic, author=author, body=f"Reply {n}", reply_to=parent)
            for n in range(5)
        ]

    _, errors = run_at_once([five_replies(author) for author in authors])

    assert errors == []
    topic.refresh_from_db()
    parent.refresh_from_db()
    assert topic.post_count == 41  # the parent and the 40 replies
    assert parent.reply_count == 40
    replies = list(Post.objects.filter(parent=parent))
    assert len(replies) == 40
    for reply in replies:
        assert reply.path.startswith(parent.path)
        assert reply.path == parent.path + path_segment(reply.pk)
        assert (reply.depth, reply.root_id) == (1, parent.pk)
    assert len({reply.path for reply in replies}) == 40


def test_concurrent_replies_at_every_level_keep_every_path_under_its_parent(
    topic: Topic, settings: Settings
) -> None:
    settings.FORUM_POST_RATE = (100, 60)
    root = comment(topic)
    middle = comment(topic, reply_to=root)
    targets = [root, middle, root, middle, root, middle, root, middle]

    def reply_twice(target: Post) -> Callable[[], None]:
        author = ReaderFactory()
        return lambda: [
            post_create(topic=topic, author=author, body=f"Me too, {n}", reply_to=target)
            for n in range(2)
        ]

    _, errors = run_at_once([reply_twice(target) for target in targets])

    assert errors == []
    posts = {post.pk: post for post in Post.objects.filter(topic=topic)}
    assert len(posts) == 18
    for post in posts.values():
        if post.parent_id:
            parent = posts[post.parent_id]
            assert post.path == parent.path + path_segment(post.pk)
            assert post.depth == parent.depth + 1
    root.refresh_from_db()
    middle.refresh_from_db()
    assert (root.reply_count, middle.reply_count) == (1 + 8, 8)


def test_concurrent_replies_and_moderation_in_one_thread_keep_counters_exact(
    topic: Topic, settings: Settings
) -> None:
    """Replies deep in a thread while a moderator hides and shows its root: no deadlock, and
    every counter ends where the final states put it."""
    settings.FORUM_POST_RATE = (100, 60)
    root = comment(topic)
    middle = comment(topic, reply_to=root)

    def reply_twice() -> Callable[[], None]:
        author = ReaderFactory()
        return lambda: [
            post_create(topic=topic, author=author, body=f"Deep reply {n}", reply_to=middle)
            for n in range(2)
        ]

    def toggle_root() -> None:
        for status in (Post.Status.REMOVED, Post.Status.VISIBLE, Post.Status.REMOVED):
            post_status_set(post=root, status=status)

    _, errors = run_at_once([reply_twice() for _ in range(6)] + [toggle_root, toggle_root])

    assert errors == []
    topic.refresh_from_db()
    middle.refresh_from_db()
    assert Post.objects.get(pk=root.pk).status == Post.Status.REMOVED
    assert middle.reply_count == 12
    assert topic.post_count == 1 + 12  # middle and the replies; the root is hidden


def test_concurrent_likes_by_distinct_users_count_exactly(topic: Topic) -> None:
    post = comment(topic)
    likers = [ReaderFactory() for _ in range(8)]

    _, errors = run_at_once(
        [lambda user=user: reaction_add(post=post, user=user) for user in likers]
    )

    assert errors == []
    post.refresh_from_db()
    assert post.like_count == 8
    assert Reaction.objects.filter(post=post).count() == 8


def test_concurrent_likes_by_the_same_user_count_once(topic: Topic) -> None:
    post = comment(topic)
    liker = ReaderFactory()

    _, errors = run_at_once([lambda: reaction_add(post=post, user=liker) for _ in range(6)])

    assert errors == []
    post.refresh_from_db()
    assert post.like_count == 1
    assert Reaction.objects.filter(post=post).count() == 1


def test_concurrent_removals_of_the_same_post_count_once(topic: Topic) -> None:
    parent = comment(topic)
    post = comment(topic, reply_to=parent)
    comment(topic)

    _, errors = run_at_once(
        [
            lambda: post_status_set(post=Post.objects.get(pk=post.pk), status=Post.Status.REMOVED)
            for _ in range(8)
        ]
    )

    assert errors == []
    topic.refresh_from_db()
    parent.refresh_from_db()
    assert topic.post_count == 2
    assert parent.reply_count == 0
    assert Post.objects.get(pk=post.pk).status == Post.Status.REMOVED


def test_concurrent_posts_by_one_author_respect_the_rate_limit(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_POST_RATE = (3, 60)

    results, errors = run_at_once(
        [lambda n=n: post_create(topic=topic, author=reader, body=f"Spam {n}") for n in range(8)]
    )

    assert len(results) == 3
    assert len(errors) == 5
    assert all(isinstance(error, RateLimited) for error in errors)
    topic.refresh_from_db()
    assert topic.post_count == 3
    assert Post.objects.filter(author=reader).count() == 3
