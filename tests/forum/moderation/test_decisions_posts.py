"""Approve, reject, remove, restore and spam through the services, against the database:
what each does to the post, the counters, the reports, the author and the log, what each
refuses, and the same decisions in bulk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from accounts.viewer import Viewer
from forum.discussions.models import Post, Topic
from forum.discussions.selectors import post_get_for_viewer
from forum.moderation.models import AccountStateChange, ModerationLogEntry, Report
from forum.moderation.services.account_states import user_ban
from forum.moderation.services.decisions import (
    AlreadyHandled,
    post_approve,
    post_mark_spam,
    post_reject,
    post_remove,
    post_restore,
    posts_bulk,
    rejection_reason,
)
from forum.moderation.services.reports import report_create
from tests.factories import AdministratorFactory, ModeratorFactory, comment, post_status_set
from tests.forum.moderation.helpers import Action, counts, decisions, reported_by_readers

pytestmark = pytest.mark.django_db


# Approve


def test_post_approve_shows_the_post_and_counts_it(
    topic: Topic, parent: Post, held: Post, moderator: User
) -> None:
    assert counts(topic, parent) == (1, 0)

    post = post_approve(post=held, moderator=moderator)

    assert post.status == Post.Status.VISIBLE
    post.refresh_from_db()
    assert post.status == Post.Status.VISIBLE
    assert post.moderated_by == moderator
    assert post.moderated_at is not None
    assert counts(topic, parent) == (2, 1)


def test_post_approve_logs_the_decision_with_its_states(held: Post, moderator: User) -> None:
    post_approve(post=held, moderator=moderator)

    (entry,) = decisions(Action.APPROVE)
    assert (entry.actor, entry.post, entry.topic, entry.subject_user) == (
        moderator,
        held,
        held.topic,
        held.author,
    )
    assert (entry.from_state, entry.to_state) == (Post.Status.PENDING, Post.Status.VISIBLE)


def test_post_approve_refuses_a_post_already_approved(
    topic: Topic, parent: Post, held: Post, moderator: User
) -> None:
    first = ModeratorFactory(display_name="Ada")
    post_approve(post=held, moderator=first)

    with pytest.raises(AlreadyHandled) as handled:
        post_approve(post=held, moderator=moderator)

    assert str(handled.value) == "This comment was already handled by Ada: it is now visible."
    assert counts(topic, parent) == (2, 1)
    assert len(decisions(Action.APPROVE)) == 1
    held.refresh_from_db()
    assert held.moderated_by == first


def test_post_approve_refuses_a_post_that_was_never_held(visible: Post, moderator: User) -> None:
    with pytest.raises(AlreadyHandled, match="it is now visible"):
        post_approve(post=visible, moderator=moderator)

    assert not decisions(Action.APPROVE)


def test_post_approve_refuses_a_post_its_author_deleted_meanwhile(
    held: Post, moderator: User
) -> None:
    post_status_set(post=held, status=Post.Status.DELETED)

    with pytest.raises(AlreadyHandled, match="it is now deleted"):
        post_approve(post=held, moderator=moderator)


def test_post_approve_dismisses_the_reports_that_hid_the_post(
    topic: Topic, parent: Post, visible: Post, moderator: User, settings: Settings
) -> None:
    hidden = reported_by_readers(visible, settings)
    assert counts(topic, parent) == (1, 0)

    post_approve(post=hidden, moderator=moderator)

    hidden.refresh_from_db()
    assert (hidden.status, hidden.open_report_count, hidden.reported_at) == (
        Post.Status.VISIBLE,
        0,
        None,
    )
    assert set(hidden.reports.values_list("status", flat=True)) == {Report.Status.DISMISSED}
    assert counts(topic, parent) == (2, 1)


# Reject


def test_post_reject_refuses_the_post_with_the_reason_its_author_sees(
    topic: Topic, parent: Post, held: Post, moderator: User
) -> None:
    reason = rejection_reason("off_topic", "  Keep to rare earths.  ")

    post_reject(post=held, moderator=moderator, reason=reason)

    assert counts(topic, parent) == (1, 0)
    seen_by_author = post_get_for_viewer(pk=held.pk, viewer=Viewer.of(held.author))
    assert seen_by_author.status == Post.Status.REJECTED
    assert seen_by_author.moderation_reason == "Off-topic: Keep to rare earths."
    assert (seen_by_author.moderated_by, seen_by_author.moderated_at is not None) == (
        moderator,
        True,
    )


def test_post_reject_hides_the_post_from_other_readers(
    held: Post, moderator: User, reader: User
) -> None:
    post_reject(post=held, moderator=moderator, reason=rejection_reason("spam"))

    with pytest.raises(Http404):
        post_get_for_viewer(pk=held.pk, viewer=Viewer.of(reader))


def test_post_reject_logs_the_decision_with_its_reason(held: Post, moderator: User) -> None:
    post_reject(post=held, moderator=moderator, reason=rejection_reason("abuse"))

    (entry,) = decisions(Action.REJECT)
    assert (entry.actor, entry.post, entry.reason) == (moderator, held, "Abusive or harassing")
    assert (entry.from_state, entry.to_state) == (Post.Status.PENDING, Post.Status.REJECTED)


def test_post_reject_upholds_the_reports_that_hid_the_post(
    visible: Post, moderator: User, settings: Settings
) -> None:
    hidden = reported_by_readers(visible, settings)

    post_reject(post=hidden, moderator=moderator, reason=rejection_reason("abuse"))

    hidden.refresh_from_db()
    assert hidden.open_report_count == 0
    assert set(hidden.reports.values_list("status", flat=True)) == {Report.Status.UPHELD}


def test_post_reject_refuses_a_post_already_approved(held: Post, moderator: User) -> None:
    post_approve(post=held, moderator=moderator)

    with pytest.raises(AlreadyHandled):
        post_reject(post=held, moderator=moderator, reason=rejection_reason("spam"))

    held.refresh_from_db()
    assert held.status == Post.Status.VISIBLE


def test_rejection_reason_is_the_listed_reason_alone_without_words() -> None:
    assert rejection_reason("personal", "   ") == "Personal information"


def test_rejection_reason_refuses_an_unlisted_reason() -> None:
    with pytest.raises(ValidationError) as refusal:
        rejection_reason("ugly")

    assert set(refusal.value.message_dict) == {"reason"}


# Remove and restore


def test_post_remove_takes_down_a_visible_post_and_uncounts_it(
    topic: Topic, parent: Post, visible: Post, moderator: User
) -> None:
    assert counts(topic, parent) == (2, 1)

    post = post_remove(post=visible, moderator=moderator, reason=rejection_reason("abuse"))

    assert post.status == Post.Status.REMOVED
    assert post.moderation_reason == "Abusive or harassing"
    assert counts(topic, parent) == (1, 0)
    (entry,) = decisions(Action.REMOVE)
    assert (entry.from_state, entry.to_state) == (Post.Status.VISIBLE, Post.Status.REMOVED)


def test_post_remove_upholds_open_reports(visible: Post, moderator: User, reader: User) -> None:
    report_create(post=visible, reporter=reader, reason=Report.Reason.ABUSE)

    post_remove(post=visible, moderator=moderator, reason=rejection_reason("abuse"))

    visible.refresh_from_db()
    assert visible.open_report_count == 0
    assert visible.reports.get().status == Report.Status.UPHELD


def test_post_remove_refuses_a_held_post(held: Post, moderator: User) -> None:
    with pytest.raises(AlreadyHandled):
        post_remove(post=held, moderator=moderator, reason=rejection_reason("spam"))


def test_post_restore_shows_a_removed_post_again(
    topic: Topic, parent: Post, visible: Post, moderator: User
) -> None:
    post_remove(post=visible, moderator=moderator, reason=rejection_reason("abuse"))

    post = post_restore(post=visible, moderator=moderator)

    assert post.status == Post.Status.VISIBLE
    assert post.moderation_reason == ""
    assert counts(topic, parent) == (2, 1)
    (entry,) = decisions(Action.RESTORE)
    assert (entry.from_state, entry.to_state) == (Post.Status.REMOVED, Post.Status.VISIBLE)


def test_post_restore_shows_a_rejected_post(
    topic: Topic, parent: Post, held: Post, moderator: User
) -> None:
    post_reject(post=held, moderator=moderator, reason=rejection_reason("spam"))

    post_restore(post=held, moderator=moderator)

    held.refresh_from_db()
    assert held.status == Post.Status.VISIBLE
    assert counts(topic, parent) == (2, 1)


def test_post_restore_refuses_a_visible_post(visible: Post, moderator: User) -> None:
    with pytest.raises(AlreadyHandled):
        post_restore(post=visible, moderator=moderator)


# Spam


def test_post_mark_spam_rejects_the_post_and_suspends_its_author(
    held: Post, moderator: User, settings: Settings
) -> None:
    post = post_mark_spam(post=held, moderator=moderator)

    assert post.status == Post.Status.REJECTED
    assert post.moderation_reason == "Spam or advertising"
    author = User.objects.get(pk=held.author_id)
    assert author.state == User.State.SUSPENDED
    expected_end = timezone.now() + timedelta(days=settings.FORUM_SPAM_SUSPENSION_DAYS)
    assert abs(author.suspended_until - expected_end) < timedelta(minutes=1)
    change = AccountStateChange.objects.get(user=author)
    assert (change.changed_by, change.to_state) == (moderator, User.State.SUSPENDED)


def test_post_mark_spam_logs_the_spam_and_the_suspension(held: Post, moderator: User) -> None:
    post_mark_spam(post=held, moderator=moderator)

    spam, suspend = (
        ModerationLogEntry.objects.get(action=Action.SPAM),
        ModerationLogEntry.objects.get(action=Action.SUSPEND),
    )
    assert (spam.actor, spam.post, spam.to_state) == (moderator, held, Post.Status.REJECTED)
    assert (suspend.actor, suspend.subject_user, suspend.to_state) == (
        moderator,
        held.author,
        User.State.SUSPENDED,
    )
    assert ModerationLogEntry.objects.exclude(action=Action.HOLD).count() == 2


def test_post_mark_spam_takes_down_a_visible_post_and_uncounts_it(
    topic: Topic, parent: Post, visible: Post, moderator: User
) -> None:
    post_mark_spam(post=visible, moderator=moderator)

    visible.refresh_from_db()
    assert visible.status == Post.Status.REJECTED
    assert counts(topic, parent) == (1, 0)


def test_post_mark_spam_leaves_a_banned_author_banned(held: Post, moderator: User) -> None:
    user_ban(user=held.author, by=ModeratorFactory(), reason="Earlier spam.")

    post_mark_spam(post=held, moderator=moderator)

    author = User.objects.get(pk=held.author_id)
    assert author.state == User.State.BANNED
    assert not decisions(Action.SUSPEND)


def test_post_mark_spam_by_a_moderator_of_an_administrators_post_changes_nothing(
    topic: Topic, moderator: User
) -> None:
    post = comment(topic, author=AdministratorFactory())

    with pytest.raises(PermissionDenied):
        post_mark_spam(post=post, moderator=moderator)

    post.refresh_from_db()
    assert post.status == Post.Status.VISIBLE
    assert not ModerationLogEntry.objects.exists()


# Bulk


def test_posts_bulk_reports_a_post_already_handled_as_skipped(
    topic: Topic, moderator: User, premoderated: None
) -> None:
    first, second, third = (comment(topic) for _ in range(3))
    post_approve(post=second, moderator=ModeratorFactory(display_name="Ada"))

    result = posts_bulk(
        post_ids=[first.pk, second.pk, third.pk],
        decide=lambda post: post_approve(post=post, moderator=moderator),
    )

    assert result.done == [first.pk, third.pk]
    assert result.skipped == {
        second.pk: "This comment was already handled by Ada: it is now visible."
    }
    topic.refresh_from_db()
    assert topic.post_count == 3
    assert len(decisions(Action.APPROVE)) == 3


def test_posts_bulk_reports_every_post_skipped_for_a_reader(
    topic: Topic, reader: User, premoderated: None
) -> None:
    posts = [comment(topic) for _ in range(2)]

    result = posts_bulk(
        post_ids=[post.pk for post in posts],
        decide=lambda post: post_approve(post=post, moderator=reader),
    )

    assert result.done == []
    assert set(result.skipped) == {post.pk for post in posts}
    assert not decisions(Action.APPROVE)


def test_posts_bulk_reports_a_refused_reason_as_skipped(
    topic: Topic, moderator: User, premoderated: None
) -> None:
    post = comment(topic)

    result = posts_bulk(
        post_ids=[post.pk],
        decide=lambda post: post_reject(
            post=post, moderator=moderator, reason=rejection_reason("nonsense")
        ),
    )

    assert result.skipped == {post.pk: "Choose one of the listed reasons."}
