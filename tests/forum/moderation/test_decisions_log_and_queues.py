"""What moderators read, through the selectors: the log, which cannot be changed or deleted
and outlives what it names, with its filters; and the queues, with their order, paging,
authors' records, reports and summary."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Post, Topic
from forum.moderation.models import ModerationLogEntry, Report
from forum.moderation.selectors import (
    Queue,
    moderation_log,
    moderation_queue,
    moderation_queue_summary,
)
from forum.moderation.services.decisions import (
    post_approve,
    post_feature,
    post_remove,
    post_restore,
)
from forum.moderation.services.reports import report_create
from tests.factories import ModeratorFactory, ReaderFactory, comment
from tests.forum.moderation.helpers import Action

pytestmark = pytest.mark.django_db


# The log


def test_moderation_log_entry_cannot_be_changed(held: Post) -> None:
    entry = ModerationLogEntry.objects.get()
    entry.reason = "Nothing to see."

    with pytest.raises(ValueError, match="cannot be changed"):
        entry.save()

    entry.refresh_from_db()
    assert entry.reason == held.held_reason


def test_moderation_log_entry_cannot_be_deleted(held: Post) -> None:
    entry = ModerationLogEntry.objects.get()

    with pytest.raises(ValueError, match="cannot be deleted"):
        entry.delete()

    assert ModerationLogEntry.objects.filter(pk=entry.pk).exists()


def test_moderation_log_entry_outlives_the_post_and_people_it_names(
    topic: Topic, moderator: User
) -> None:
    post = comment(topic)
    post_remove(post=post, moderator=moderator, reason="Spam")
    Report.objects.all().delete()

    Post.objects.filter(pk=post.pk).delete()
    moderator.delete()

    entry = ModerationLogEntry.objects.get(action=Action.REMOVE)
    assert (entry.post, entry.actor, entry.reason) == (None, None, "Spam")


@dataclass
class LogScene:
    ada: User
    bo: User
    cy: User
    now: datetime


@pytest.fixture
def log(topic: Topic) -> LogScene:
    """Three decisions, a day apart: ada removes cy's post, bo features di's and restores
    cy's."""
    ada, bo = ModeratorFactory(username="ada"), ModeratorFactory(username="bo")
    cy, di = ReaderFactory(username="cy"), ReaderFactory(username="di")
    by_cy, by_di = comment(topic, author=cy), comment(topic, author=di)
    post_remove(post=by_cy, moderator=ada, reason="Spam")
    post_feature(post=by_di, moderator=bo, featured=True)
    post_restore(post=by_cy, moderator=bo)
    now = timezone.now()
    entries = list(ModerationLogEntry.objects.order_by("id"))
    for entry, days in zip(entries, (3, 2, 1), strict=True):
        # An entry refuses save(); tests move its time in bulk.
        ModerationLogEntry.objects.filter(pk=entry.pk).update(created_at=now - timedelta(days=days))
    return LogScene(ada=ada, bo=bo, cy=cy, now=now)


def actions(entries: Iterable[ModerationLogEntry]) -> list[str]:
    return [entry.action for entry in entries]


def test_moderation_log_lists_newest_first(log: LogScene) -> None:
    assert actions(moderation_log()) == [Action.RESTORE, Action.FEATURE, Action.REMOVE]


def test_moderation_log_filters_by_action(log: LogScene) -> None:
    assert actions(moderation_log(action=Action.FEATURE)) == [Action.FEATURE]


def test_moderation_log_filters_by_actor(log: LogScene) -> None:
    assert actions(moderation_log(actor=log.bo)) == [Action.RESTORE, Action.FEATURE]


def test_moderation_log_filters_by_subject(log: LogScene) -> None:
    assert actions(moderation_log(subject_user=log.cy)) == [Action.RESTORE, Action.REMOVE]


def test_moderation_log_filters_by_time(log: LogScene) -> None:
    entries = moderation_log(
        since=log.now - timedelta(days=2, hours=1), until=log.now - timedelta(hours=1)
    )

    assert actions(entries) == [Action.RESTORE, Action.FEATURE]


def test_moderation_log_combines_filters(log: LogScene) -> None:
    entries = moderation_log(actor=log.bo, subject_user=log.cy)

    assert actions(entries) == [Action.RESTORE]


# The queues


def _held_at(post: Post, minutes_ago: int) -> None:
    Post.objects.filter(pk=post.pk).update(held_at=timezone.now() - timedelta(minutes=minutes_ago))


def queue_ids(**kwargs: object) -> list[int]:
    items, _ = moderation_queue(**kwargs)  # type: ignore[arg-type]
    return [item.post.pk for item in items]


@pytest.fixture
def three_held(topic: Topic, premoderated: None) -> list[Post]:
    """Held 30, 10 and 20 minutes ago, in that order of creation."""
    posts = [comment(topic) for _ in range(3)]
    for post, minutes in zip(posts, (30, 10, 20), strict=True):
        _held_at(post, minutes)
    return posts


def test_moderation_queue_lists_pending_oldest_first(three_held: list[Post]) -> None:
    oldest, newest, middle = three_held

    assert queue_ids(queue=Queue.PENDING) == [oldest.pk, middle.pk, newest.pk]


def test_moderation_queue_lists_pending_newest_first_when_asked(three_held: list[Post]) -> None:
    oldest, newest, middle = three_held

    assert queue_ids(queue=Queue.PENDING, newest_first=True) == [newest.pk, middle.pk, oldest.pk]


def test_moderation_queue_pages_with_offset_and_says_whether_more_follow(
    three_held: list[Post],
) -> None:
    oldest, newest, middle = three_held

    first, more = moderation_queue(queue=Queue.PENDING, limit=2)
    rest, no_more = moderation_queue(queue=Queue.PENDING, offset=2, limit=2)

    assert ([item.post.pk for item in first], more) == ([oldest.pk, middle.pk], True)
    assert ([item.post.pk for item in rest], no_more) == ([newest.pk], False)


@pytest.fixture
def three_decided(three_held: list[Post], moderator: User) -> list[Post]:
    """Approved 30, 10 and 20 minutes ago."""
    now = timezone.now()
    for post, minutes in zip(three_held, (30, 10, 20), strict=True):
        post_approve(post=post, moderator=moderator)
        Post.objects.filter(pk=post.pk).update(moderated_at=now - timedelta(minutes=minutes))
    return three_held


def test_moderation_queue_lists_history_newest_first(three_decided: list[Post]) -> None:
    oldest, newest, middle = three_decided

    assert queue_ids(queue=Queue.HISTORY) == [newest.pk, middle.pk, oldest.pk]


def test_moderation_queue_lists_history_newest_first_when_asked_newest_first(
    three_decided: list[Post],
) -> None:
    oldest, newest, middle = three_decided

    assert queue_ids(queue=Queue.HISTORY, newest_first=True) == [newest.pk, middle.pk, oldest.pk]


def test_moderation_queue_gives_each_item_its_authors_record_and_reports(
    topic: Topic, moderator: User, settings: Settings
) -> None:
    author = ReaderFactory()
    kept = comment(topic, author=author)
    removed = comment(topic, author=author)
    post_remove(post=removed, moderator=moderator, reason="Spam")
    reporter = ReaderFactory(username="reporting_reader")
    report_create(post=kept, reporter=reporter, reason=Report.Reason.OTHER, text="Off.")

    (item,) = moderation_queue(queue=Queue.REPORTED)[0]

    assert item.post == kept
    assert (item.author_record.approved, item.author_record.refused) == (1, 1)
    assert [(report.reporter.username, report.reason, report.text) for report in item.reports] == [
        ("reporting_reader", Report.Reason.OTHER, "Off.")
    ]


def test_moderation_queue_summary_counts_each_queue_and_its_oldest_item(
    three_held: list[Post], topic: Topic, reader: User
) -> None:
    visible = comment(topic, author=ModeratorFactory())
    report_create(post=visible, reporter=reader, reason=Report.Reason.SPAM)
    oldest = Post.objects.get(pk=three_held[0].pk)
    visible.refresh_from_db()

    summary = moderation_queue_summary()

    assert (summary[Queue.PENDING].count, summary[Queue.PENDING].oldest) == (3, oldest.held_at)
    assert (summary[Queue.REPORTED].count, summary[Queue.REPORTED].oldest) == (
        1,
        visible.reported_at,
    )


def test_moderation_queue_summary_is_empty_without_items(db: None) -> None:
    summary = moderation_queue_summary()

    assert (summary[Queue.PENDING].count, summary[Queue.PENDING].oldest) == (0, None)
    assert (summary[Queue.REPORTED].count, summary[Queue.REPORTED].oldest) == (0, None)
