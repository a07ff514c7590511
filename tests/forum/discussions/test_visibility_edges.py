"""Edges found in review: stale copies, withdrawn discussions, and what placeholders reveal."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from accounts.models import User
from articles.services import article_unpublish
from forum.discussions.models import Post, Topic
from forum.discussions.selectors import posts_public_by_author
from forum.discussions.services.posting import post_create, post_delete, post_edit
from forum.discussions.services.topics import topic_create
from forum.moderation.selectors import Queue, moderation_queue
from forum.moderation.services.decisions import post_reject, post_restore, topic_close
from forum.moderation.services.reports import report_create
from forum.notifications.models import Notification
from forum.notifications.selectors import notification_inbox
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ModeratorFactory,
    ReaderFactory,
    comment,
    post_status_set,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def test_post_edit_refuses_a_post_removed_after_the_author_loaded_it(reader: User) -> None:
    post = comment(ArticleFactory().discussion, author=reader)
    stale = Post.objects.get(pk=post.pk)
    post_status_set(post=post, status=Post.Status.REMOVED)

    with pytest.raises(PermissionDenied):
        post_edit(post=stale, editor=reader, body="Sneaking a change in.")


def test_post_create_refuses_a_topic_closed_after_it_was_loaded(reader: User) -> None:
    topic = ArticleFactory().discussion
    stale = Topic.objects.get(pk=topic.pk)
    topic_close(topic=topic, moderator=ModeratorFactory(), closed=True)

    with pytest.raises(PermissionDenied, match=r"closed"):
        post_create(topic=stale, author=reader, body="Just in time?")


def test_deleting_a_reported_post_takes_it_out_of_the_reported_queue(reader: User) -> None:
    post = comment(ArticleFactory().discussion, author=reader)
    report_create(post=post, reporter=ReaderFactory(), reason="spam")

    post_delete(post=post, by=reader)

    items, _ = moderation_queue(queue=Queue.REPORTED)
    assert items == []
    post.refresh_from_db()
    assert post.open_report_count == 0


def test_profile_leaves_out_replies_in_a_topic_whose_opening_post_was_removed(
    reader: User,
) -> None:
    topic = topic_create(
        category=CategoryFactory(), author=ReaderFactory(), title="A fair question", body="Why?"
    )
    comment(topic, author=reader)
    post_status_set(post=topic.opening_post, status=Post.Status.REMOVED)

    assert not posts_public_by_author(author=reader).exists()


def test_inbox_leaves_out_notifications_from_a_withdrawn_article(
    reader: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    article = ArticleFactory()
    parent = comment(article.discussion, author=reader)
    with django_capture_on_commit_callbacks(execute=True):
        comment(article.discussion, reply_to=parent)
    assert notification_inbox(user=reader).count() == 1

    article_unpublish(article=article)

    assert notification_inbox(user=reader).count() == 0


def test_restoring_a_rejected_post_tells_whom_it_answers(
    reader: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    topic = ArticleFactory().discussion
    parent = comment(topic, author=reader)
    moderator = ModeratorFactory()
    reply = comment(topic, reply_to=parent)
    post_status_set(post=reply, status=Post.Status.PENDING)
    post_reject(post=reply, moderator=moderator, reason="Off-topic")
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        post_restore(post=reply, moderator=moderator)

    assert Notification.objects.filter(recipient=reader, kind="reply").count() == 1


def test_a_mention_inside_code_tells_nobody(
    reader: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        comment(ArticleFactory().discussion, body=f"Type `@{reader.username}` to mention.")

    assert not Notification.objects.filter(recipient=reader).exists()


@pytest.mark.parametrize("status", [Post.Status.PENDING, Post.Status.REMOVED])
def test_a_placeholder_does_not_say_why_a_post_is_hidden(
    client: Client, status: Post.Status
) -> None:
    topic = ArticleFactory().discussion
    hidden = comment(topic)
    comment(topic, reply_to=hidden)
    post_status_set(post=hidden, status=status)

    page = client.get(topic.comments_url).content.decode()

    assert f'class="comment comment-placeholder" id="comment-{hidden.pk}"' in page
    assert "[removed]" in page
    assert f"comment-{status}" not in page


def test_new_replies_poll_costs_few_queries_with_many_threads(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    topic = ArticleFactory().discussion
    for _ in range(25):
        comment(topic)

    with django_assert_max_num_queries(3):
        client.get(f"/forum/t/{topic.pk}/new/?after=0")
