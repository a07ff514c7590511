"""Readers reporting posts: once each, for a listed reason, within an hourly limit; enough
reports from different readers hide a post until a moderator has looked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from config.web.errors import RateLimited
from forum.discussions.models import HoldCode, Post, Topic
from forum.discussions.services.posting import post_create, post_edit
from forum.moderation.models import ModerationLogEntry, Report, WordRule
from forum.moderation.selectors import Queue, moderation_queue
from forum.moderation.services.decisions import post_approve
from forum.moderation.services.reports import report_create
from tests.factories import ReaderFactory, comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(topic: Topic) -> Post:
    return comment(topic)


def queued(queue: str) -> list[int]:
    items, _ = moderation_queue(queue=queue)
    return [item.post.pk for item in items]


def report_by_readers(post: Post, count: int, reason: str = Report.Reason.SPAM) -> list[Report]:
    return [report_create(post=post, reporter=ReaderFactory(), reason=reason) for _ in range(count)]


# A report


def test_report_create_records_the_report_and_keeps_the_post_visible(
    post: Post, reader: User
) -> None:
    report = report_create(post=post, reporter=reader, reason=Report.Reason.ABUSE, text=" Rude. ")

    assert (report.post, report.reporter, report.reason, report.text, report.status) == (
        post,
        reader,
        Report.Reason.ABUSE,
        "Rude.",
        Report.Status.OPEN,
    )
    post.refresh_from_db()
    assert post.status == Post.Status.VISIBLE
    assert post.open_report_count == 1
    assert post.reported_at is not None


def test_report_create_keeps_the_time_of_the_oldest_open_report(post: Post) -> None:
    report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.SPAM)
    post.refresh_from_db()
    first = post.reported_at

    report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.SPAM)

    post.refresh_from_db()
    assert post.reported_at == first


def test_report_create_refuses_a_second_report_from_the_same_reader(
    post: Post, reader: User
) -> None:
    report_create(post=post, reporter=reader, reason=Report.Reason.SPAM)

    with pytest.raises(ValidationError) as refusal:
        report_create(post=post, reporter=reader, reason=Report.Reason.ABUSE)

    assert refusal.value.message_dict == {"post": ["You already reported this comment."]}
    assert Report.objects.count() == 1
    post.refresh_from_db()
    assert post.open_report_count == 1


def test_report_create_refuses_an_unlisted_reason(post: Post, reader: User) -> None:
    with pytest.raises(ValidationError) as refusal:
        report_create(post=post, reporter=reader, reason="boring")

    assert set(refusal.value.message_dict) == {"reason"}
    assert not Report.objects.exists()


@pytest.mark.parametrize("text", ["", "   "])
def test_report_create_refuses_other_without_saying_what_is_wrong(
    post: Post, reader: User, text: str
) -> None:
    with pytest.raises(ValidationError) as refusal:
        report_create(post=post, reporter=reader, reason=Report.Reason.OTHER, text=text)

    assert refusal.value.message_dict == {"text": ["Say what is wrong with this comment."]}
    assert not Report.objects.exists()


def test_report_create_accepts_other_with_what_is_wrong(post: Post, reader: User) -> None:
    report = report_create(post=post, reporter=reader, reason=Report.Reason.OTHER, text="Doxxing.")

    assert report.text == "Doxxing."


def test_report_create_refuses_a_text_over_500_characters(post: Post, reader: User) -> None:
    with pytest.raises(ValidationError):
        report_create(post=post, reporter=reader, reason=Report.Reason.OTHER, text="x" * 501)

    assert not Report.objects.exists()


# Who may report


def test_report_create_refuses_the_authors_own_post(topic: Topic, reader: User) -> None:
    own = comment(topic, author=reader)

    with pytest.raises(PermissionDenied, match="your own comment"):
        report_create(post=own, reporter=reader, reason=Report.Reason.SPAM)

    assert not Report.objects.exists()


def test_report_create_refuses_an_unverified_user(post: Post, unverified_user: User) -> None:
    with pytest.raises(PermissionDenied, match="Verify your email address"):
        report_create(post=post, reporter=unverified_user, reason=Report.Reason.SPAM)

    assert not Report.objects.exists()


def test_report_create_refuses_a_suspended_reader(post: Post, suspended_reader: User) -> None:
    with pytest.raises(PermissionDenied, match="suspended"):
        report_create(post=post, reporter=suspended_reader, reason=Report.Reason.SPAM)

    assert not Report.objects.exists()


def test_report_create_refuses_a_banned_reader(post: Post, banned_reader: User) -> None:
    with pytest.raises(PermissionDenied, match="banned"):
        report_create(post=post, reporter=banned_reader, reason=Report.Reason.SPAM)

    assert not Report.objects.exists()


def test_report_create_refuses_a_post_that_is_not_visible(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    held = comment(topic)

    with pytest.raises(ValidationError) as refusal:
        report_create(post=held, reporter=reader, reason=Report.Reason.SPAM)

    assert refusal.value.message_dict == {"post": ["This comment is already with the moderators."]}


# The hourly limit


def test_report_create_refuses_reports_over_the_hourly_limit(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_REPORTS_PER_HOUR = 3
    for _ in range(3):
        report_create(post=comment(topic), reporter=reader, reason=Report.Reason.SPAM)
    fourth = comment(topic)

    with pytest.raises(RateLimited) as limited:
        report_create(post=fourth, reporter=reader, reason=Report.Reason.SPAM)

    assert 3500 < limited.value.retry_after <= 3600
    assert not fourth.reports.exists()


def test_report_create_over_the_hourly_limit_says_the_reader_reported_many_and_waits_minutes(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_REPORTS_PER_HOUR = 1
    report_create(post=comment(topic), reporter=reader, reason=Report.Reason.SPAM)

    with pytest.raises(RateLimited) as limited:
        report_create(post=comment(topic), reporter=reader, reason=Report.Reason.SPAM)

    assert str(limited.value) == (
        "You have reported many comments in the last hour. Try again in 60 minutes."
    )


def test_report_create_allows_reports_again_once_the_hour_has_passed(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_REPORTS_PER_HOUR = 3
    for _ in range(3):
        report_create(post=comment(topic), reporter=reader, reason=Report.Reason.SPAM)
    Report.objects.update(created_at=timezone.now() - timedelta(hours=1, seconds=1))

    report = report_create(post=comment(topic), reporter=reader, reason=Report.Reason.SPAM)

    assert report.pk is not None


def test_report_create_limits_each_reader_separately(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_REPORTS_PER_HOUR = 1
    report_create(post=comment(topic), reporter=reader, reason=Report.Reason.SPAM)

    report = report_create(post=comment(topic), reporter=ReaderFactory(), reason=Report.Reason.SPAM)

    assert report.pk is not None


# The threshold


def test_report_create_keeps_a_post_visible_below_the_threshold(
    post: Post, settings: Settings
) -> None:
    report_by_readers(post, settings.FORUM_REPORT_THRESHOLD - 1)

    post.refresh_from_db()
    assert post.status == Post.Status.VISIBLE
    assert post.open_report_count == settings.FORUM_REPORT_THRESHOLD - 1


def test_report_create_hides_the_post_at_the_threshold_from_distinct_readers(
    topic: Topic, settings: Settings
) -> None:
    settings.FORUM_REPORT_THRESHOLD = 3
    parent = comment(topic)
    reply = comment(topic, reply_to=parent)
    report_create(post=reply, reporter=ReaderFactory(), reason=Report.Reason.SPAM)
    report_create(post=reply, reporter=ReaderFactory(), reason=Report.Reason.ABUSE)

    report_create(post=reply, reporter=ReaderFactory(), reason=Report.Reason.SPAM)

    reply.refresh_from_db()
    assert reply.status == Post.Status.PENDING
    assert reply.held_reason == "Reported by 3 readers (abuse, spam)."
    assert reply.held_code == HoldCode.REPORTS
    assert reply.held_at is not None
    topic.refresh_from_db()
    parent.refresh_from_db()
    assert (topic.post_count, parent.reply_count) == (1, 0)


def test_report_create_logs_the_hold_when_reports_hide_a_post(
    post: Post, settings: Settings
) -> None:
    report_by_readers(post, settings.FORUM_REPORT_THRESHOLD)

    entry = ModerationLogEntry.objects.get()
    assert entry.action == ModerationLogEntry.Action.HOLD
    assert (entry.post, entry.actor, entry.subject_user) == (post, None, post.author)
    assert (entry.from_state, entry.to_state) == (Post.Status.VISIBLE, Post.Status.PENDING)
    assert entry.reason.startswith("Reported by")
    assert entry.held_code == HoldCode.REPORTS


def test_report_create_refuses_more_reports_once_reports_hid_the_post(
    post: Post, settings: Settings
) -> None:
    report_by_readers(post, settings.FORUM_REPORT_THRESHOLD)

    with pytest.raises(ValidationError):
        report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.SPAM)

    post.refresh_from_db()
    assert post.open_report_count == settings.FORUM_REPORT_THRESHOLD


def test_report_create_puts_a_post_hidden_by_reports_in_the_reported_queue_only(
    post: Post, settings: Settings
) -> None:
    report_by_readers(post, settings.FORUM_REPORT_THRESHOLD)

    assert queued(Queue.REPORTED) == [post.pk]
    assert queued(Queue.PENDING) == []


def test_report_create_puts_a_reported_visible_post_in_the_reported_queue(
    post: Post, reader: User
) -> None:
    report_create(post=post, reporter=reader, reason=Report.Reason.OFF_TOPIC)

    assert queued(Queue.REPORTED) == [post.pk]
    assert queued(Queue.PENDING) == []


def test_report_create_keeps_a_reported_post_in_the_reported_queue_when_an_edit_holds_it(
    topic: Topic, settings: Settings
) -> None:
    WordRule.objects.create(phrase="pump", kind=WordRule.Kind.SUSPECT)
    author = ReaderFactory()
    post = comment(topic, author=author)
    report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.SPAM)
    post_edit(post=post, editor=author, body="Now with pump.")

    assert queued(Queue.REPORTED) == [post.pk]
    assert queued(Queue.PENDING) == []


def test_report_create_lists_the_reported_queue_oldest_report_first(topic: Topic) -> None:
    first, second = comment(topic), comment(topic)
    report_create(post=second, reporter=ReaderFactory(), reason=Report.Reason.SPAM)
    report_create(post=first, reporter=ReaderFactory(), reason=Report.Reason.SPAM)
    Post.objects.filter(pk=second.pk).update(reported_at=timezone.now() - timedelta(hours=1))

    assert queued(Queue.REPORTED) == [second.pk, first.pk]


def test_report_create_on_a_post_held_then_approved_counts_again_from_zero(
    topic: Topic, moderator: User, settings: Settings
) -> None:
    post = comment(topic)
    report_by_readers(post, settings.FORUM_REPORT_THRESHOLD)
    post_approve(post=post, moderator=moderator)

    report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.SPAM)

    post.refresh_from_db()
    assert (post.status, post.open_report_count) == (Post.Status.VISIBLE, 1)
    assert post.reports.filter(status=Report.Status.DISMISSED).count() == (
        settings.FORUM_REPORT_THRESHOLD
    )


def test_report_create_by_a_moderator_is_a_report_like_any_other(
    post: Post, moderator: User
) -> None:
    report = report_create(post=post, reporter=moderator, reason=Report.Reason.SPAM)

    assert report.pk is not None


def test_post_create_reply_to_a_post_hidden_by_reports_is_refused(
    post: Post, reader: User, settings: Settings
) -> None:
    report_by_readers(post, settings.FORUM_REPORT_THRESHOLD)

    with pytest.raises(ValidationError):
        post_create(topic=post.topic, author=reader, body="I agree.", reply_to=post)
