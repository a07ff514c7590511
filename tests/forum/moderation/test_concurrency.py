"""Moderators and readers acting on one post at the same moment: one decision wins, the others
are told it was already handled, and every counter and log moves exactly once.

Real threads against PostgreSQL, each with its own connection and its own transactions.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Post, Topic
from forum.moderation.models import ModerationLogEntry, Report
from forum.moderation.services.decisions import (
    AlreadyHandled,
    post_approve,
    post_reject,
    post_remove,
    post_reports_dismiss,
    rejection_reason,
)
from forum.moderation.services.reports import report_create
from tests.concurrency import run_at_once
from tests.factories import ModeratorFactory, ReaderFactory, comment

pytestmark = [
    pytest.mark.postgres,
    # serialized_rollback: the flush after each test empties the rows migrations made (roles,
    # the Articles category); this puts them back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

Action = ModerationLogEntry.Action


@pytest.fixture
def parent(topic: Topic) -> Post:
    return comment(topic, author=ModeratorFactory())


@pytest.fixture
def held(topic: Topic, parent: Post, settings: Settings) -> Post:
    """A reader's first post, a reply, held for a moderator."""
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    post = comment(topic, reply_to=parent)
    assert post.status == Post.Status.PENDING
    return post


def counts(topic: Topic, parent: Post) -> tuple[int, int]:
    topic.refresh_from_db()
    parent.refresh_from_db()
    return topic.post_count, parent.reply_count


def moderators(count: int) -> list[User]:
    return [ModeratorFactory() for _ in range(count)]


@pytest.mark.parametrize("count", [2, 5])
def test_post_approve_by_concurrent_moderators_succeeds_exactly_once(
    count: int, topic: Topic, parent: Post, held: Post
) -> None:
    assert counts(topic, parent) == (1, 0)

    results, errors = run_at_once(
        [lambda by=by: post_approve(post=held, moderator=by) for by in moderators(count)]
    )

    assert len(results) == 1
    assert len(errors) == count - 1
    assert all(isinstance(error, AlreadyHandled) for error in errors), errors
    held.refresh_from_db()
    assert held.status == Post.Status.VISIBLE
    assert held.moderated_by_id == results[0].moderated_by_id
    assert counts(topic, parent) == (2, 1)
    assert ModerationLogEntry.objects.filter(action=Action.APPROVE).count() == 1


def test_post_approve_and_reject_racing_decide_exactly_once(
    topic: Topic, parent: Post, held: Post
) -> None:
    approver, rejecter = moderators(2)

    results, errors = run_at_once(
        [
            lambda: post_approve(post=held, moderator=approver),
            lambda: post_reject(post=held, moderator=rejecter, reason=rejection_reason("spam")),
        ]
    )

    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], AlreadyHandled), errors
    held.refresh_from_db()
    decisions = list(ModerationLogEntry.objects.filter(action__in=[Action.APPROVE, Action.REJECT]))
    assert len(decisions) == 1
    if held.status == Post.Status.VISIBLE:
        assert (decisions[0].action, held.moderated_by) == (Action.APPROVE, approver)
        assert counts(topic, parent) == (2, 1)
    else:
        assert held.status == Post.Status.REJECTED
        assert (decisions[0].action, held.moderated_by) == (Action.REJECT, rejecter)
        assert counts(topic, parent) == (1, 0)


def test_post_remove_by_concurrent_moderators_uncounts_exactly_once(
    topic: Topic, parent: Post
) -> None:
    post = comment(topic, reply_to=parent)
    assert counts(topic, parent) == (2, 1)

    results, errors = run_at_once(
        [lambda by=by: post_remove(post=post, moderator=by, reason="Spam") for by in moderators(4)]
    )

    assert (len(results), len(errors)) == (1, 3)
    assert all(isinstance(error, AlreadyHandled) for error in errors), errors
    assert counts(topic, parent) == (1, 0)
    assert ModerationLogEntry.objects.filter(action=Action.REMOVE).count() == 1


def test_report_create_by_concurrent_readers_hides_the_post_exactly_once(
    topic: Topic, parent: Post, settings: Settings
) -> None:
    settings.FORUM_REPORT_THRESHOLD = 3
    post = comment(topic, reply_to=parent)
    readers = [ReaderFactory() for _ in range(6)]

    results, errors = run_at_once(
        [
            lambda by=by: report_create(post=post, reporter=by, reason=Report.Reason.SPAM)
            for by in readers
        ]
    )

    # The three first in line report it; the others find it already with the moderators.
    assert len(results) == 3
    assert len(errors) == 3
    assert all(isinstance(error, ValidationError) for error in errors), errors
    post.refresh_from_db()
    assert post.status == Post.Status.PENDING
    assert post.open_report_count == 3 == post.reports.count()
    assert post.held_reason == "Reported by 3 readers (spam)."
    assert counts(topic, parent) == (1, 0)
    assert ModerationLogEntry.objects.filter(action=Action.HOLD).count() == 1


def test_report_create_by_concurrent_readers_below_the_threshold_counts_every_report(
    topic: Topic, parent: Post, settings: Settings
) -> None:
    settings.FORUM_REPORT_THRESHOLD = 10
    post = comment(topic, reply_to=parent)

    results, errors = run_at_once(
        [
            lambda by=by: report_create(post=post, reporter=by, reason=Report.Reason.ABUSE)
            for by in [ReaderFactory() for _ in range(6)]
        ]
    )

    assert (len(results), errors) == (6, [])
    post.refresh_from_db()
    assert (post.status, post.open_report_count) == (Post.Status.VISIBLE, 6)
    assert counts(topic, parent) == (2, 1)


def test_reports_dismiss_and_approve_racing_show_the_post_exactly_once(
    topic: Topic, parent: Post, settings: Settings
) -> None:
    settings.FORUM_REPORT_THRESHOLD = 2
    post = comment(topic, reply_to=parent)
    for _ in range(2):
        report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.SPAM)
    assert counts(topic, parent) == (1, 0)
    dismisser, approver = moderators(2)

    results, errors = run_at_once(
        [
            lambda: post_reports_dismiss(post=post, moderator=dismisser),
            lambda: post_approve(post=post, moderator=approver),
        ]
    )

    assert (len(results), len(errors)) == (1, 1)
    assert isinstance(errors[0], AlreadyHandled), errors
    post.refresh_from_db()
    assert (post.status, post.open_report_count) == (Post.Status.VISIBLE, 0)
    assert counts(topic, parent) == (2, 1)
    assert set(post.reports.values_list("status", flat=True)) == {Report.Status.DISMISSED}
