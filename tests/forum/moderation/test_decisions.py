"""Moderators' decisions, through the services against the database: what each does to the
post, the counters, the reports and the log; who may make them; and the queues and log they
read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from accounts.viewer import Viewer
from forum.discussions.models import Post, Topic
from forum.discussions.selectors import post_get_for_viewer
from forum.discussions.services.posting import post_create, post_edit
from forum.moderation.models import AccountStateChange, ModerationLogEntry, Report, WordRule
from forum.moderation.selectors import (
    Queue,
    moderation_log,
    moderation_queue,
    moderation_queue_summary,
)
from forum.moderation.services.account_states import user_ban, user_suspend
from forum.moderation.services.decisions import (
    AlreadyHandled,
    post_approve,
    post_feature,
    post_mark_spam,
    post_reject,
    post_remove,
    post_reports_dismiss,
    post_restore,
    posts_bulk,
    rejection_reason,
    topic_close,
)
from forum.moderation.services.reports import report_create
from tests.factories import (
    AdministratorFactory,
    EditorFactory,
    ModeratorFactory,
    ReaderFactory,
    comment,
    post_status_set,
)

pytestmark = pytest.mark.django_db

Action = ModerationLogEntry.Action


@pytest.fixture
def premoderated(settings: Settings) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1


@pytest.fixture
def parent(topic: Topic) -> Post:
    """A visible post whose replies count in its reply_count."""
    return comment(topic, author=ModeratorFactory())


@pytest.fixture
def held(topic: Topic, parent: Post, premoderated: None) -> Post:
    """A reader's first post, a reply, held for a moderator."""
    post = comment(topic, reply_to=parent)
    assert post.status == Post.Status.PENDING
    return post


@pytest.fixture
def visible(topic: Topic, parent: Post) -> Post:
    return comment(topic, reply_to=parent)


def counts(topic: Topic, parent: Post) -> tuple[int, int]:
    topic.refresh_from_db()
    parent.refresh_from_db()
    return topic.post_count, parent.reply_count


def decisions(*actions: str) -> list[ModerationLogEntry]:
    return list(ModerationLogEntry.objects.filter(action__in=actions))


def reported_by_readers(post: Post, settings: Settings) -> Post:
    for _ in range(settings.FORUM_REPORT_THRESHOLD):
        report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.ABUSE)
    post.refresh_from_db()
    return post


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


# Reports


def test_post_reports_dismiss_shows_a_post_hidden_by_reports_again(
    topic: Topic, parent: Post, visible: Post, moderator: User, settings: Settings
) -> None:
    hidden = reported_by_readers(visible, settings)

    post = post_reports_dismiss(post=hidden, moderator=moderator)

    assert (post.status, post.open_report_count, post.reported_at) == (Post.Status.VISIBLE, 0, None)
    assert set(hidden.reports.values_list("status", flat=True)) == {Report.Status.DISMISSED}
    assert counts(topic, parent) == (2, 1)
    (entry,) = decisions(Action.DISMISS_REPORTS)
    assert (entry.from_state, entry.to_state) == (Post.Status.PENDING, Post.Status.VISIBLE)


def test_post_reports_dismiss_shows_a_post_hidden_by_reports_whatever_its_text_says(
    visible: Post, moderator: User, settings: Settings
) -> None:
    hidden = reported_by_readers(visible, settings)
    Post.objects.filter(pk=hidden.pk).update(held_reason="Readers asked for a second look.")

    post = post_reports_dismiss(post=hidden, moderator=moderator)

    assert post.status == Post.Status.VISIBLE


def test_post_reports_dismiss_leaves_a_post_another_rule_held_whatever_its_text_says(
    visible: Post, moderator: User, reader: User
) -> None:
    WordRule.objects.create(phrase="pump", kind=WordRule.Kind.SUSPECT)
    report_create(post=visible, reporter=reader, reason=Report.Reason.SPAM)
    post_edit(post=visible, editor=visible.author, body="Now with pump.")
    Post.objects.filter(pk=visible.pk).update(held_reason="Reported words: pump.")

    post = post_reports_dismiss(post=visible, moderator=moderator)

    assert post.status == Post.Status.PENDING


def test_post_reports_dismiss_closes_reports_on_a_visible_post(
    topic: Topic, parent: Post, visible: Post, moderator: User, reader: User
) -> None:
    report_create(post=visible, reporter=reader, reason=Report.Reason.SPAM)

    post = post_reports_dismiss(post=visible, moderator=moderator)

    assert (post.status, post.open_report_count) == (Post.Status.VISIBLE, 0)
    assert counts(topic, parent) == (2, 1)
    items, _ = moderation_queue(queue=Queue.REPORTED)
    assert items == []


def test_post_reports_dismiss_leaves_a_post_an_edit_held_in_the_pending_queue(
    visible: Post, moderator: User, reader: User
) -> None:
    WordRule.objects.create(phrase="pump", kind=WordRule.Kind.SUSPECT)
    report_create(post=visible, reporter=reader, reason=Report.Reason.SPAM)
    post_edit(post=visible, editor=visible.author, body="Now with pump.")

    post = post_reports_dismiss(post=visible, moderator=moderator)

    assert post.status == Post.Status.PENDING
    items, _ = moderation_queue(queue=Queue.PENDING)
    assert [item.post.pk for item in items] == [visible.pk]


def test_post_reports_dismiss_refuses_a_post_without_open_reports(
    visible: Post, moderator: User
) -> None:
    with pytest.raises(AlreadyHandled, match="no open reports"):
        post_reports_dismiss(post=visible, moderator=moderator)

    assert not decisions(Action.DISMISS_REPORTS)


# Featuring


def test_post_feature_features_a_visible_post(visible: Post, moderator: User) -> None:
    post = post_feature(post=visible, moderator=moderator, featured=True)

    assert post.is_featured
    visible.refresh_from_db()
    assert visible.is_featured
    (entry,) = decisions(Action.FEATURE)
    assert (entry.actor, entry.post) == (moderator, visible)


def test_post_feature_unfeatures_a_featured_post(visible: Post, moderator: User) -> None:
    post_feature(post=visible, moderator=moderator, featured=True)

    post = post_feature(post=visible, moderator=moderator, featured=False)

    assert not post.is_featured
    assert len(decisions(Action.UNFEATURE)) == 1


@pytest.mark.parametrize("featured", [True, False])
def test_post_feature_refuses_what_is_already_so(
    visible: Post, moderator: User, featured: bool
) -> None:
    if featured:
        post_feature(post=visible, moderator=moderator, featured=True)

    with pytest.raises(AlreadyHandled, match="already"):
        post_feature(post=visible, moderator=moderator, featured=featured)


def test_post_feature_refuses_a_held_post(held: Post, moderator: User) -> None:
    with pytest.raises(AlreadyHandled):
        post_feature(post=held, moderator=moderator, featured=True)


# Topics


def test_topic_close_closes_the_topic_to_new_posts(
    topic: Topic, moderator: User, reader: User
) -> None:
    closed = topic_close(topic=topic, moderator=moderator, closed=True, reason="Heated.")

    assert closed.is_closed
    with pytest.raises(PermissionDenied, match="closed"):
        post_create(topic=closed, author=reader, body="One more thing.")
    (entry,) = decisions(Action.CLOSE_TOPIC)
    assert (entry.actor, entry.topic, entry.reason) == (moderator, topic, "Heated.")


def test_topic_close_reopens_a_closed_topic(topic: Topic, moderator: User, reader: User) -> None:
    topic_close(topic=topic, moderator=moderator, closed=True)

    reopened = topic_close(topic=topic, moderator=moderator, closed=False)

    assert not reopened.is_closed
    assert post_create(topic=reopened, author=reader, body="Back again.").pk
    assert len(decisions(Action.OPEN_TOPIC)) == 1


@pytest.mark.parametrize("closed", [True, False])
def test_topic_close_refuses_what_is_already_so(
    topic: Topic, moderator: User, closed: bool
) -> None:
    if closed:
        topic_close(topic=topic, moderator=moderator, closed=True)

    with pytest.raises(AlreadyHandled):
        topic_close(topic=topic, moderator=moderator, closed=closed)


# Who may decide


_DECISIONS: dict[str, Callable[[Post, User], object]] = {
    "approve": lambda post, by: post_approve(post=post, moderator=by),
    "reject": lambda post, by: post_reject(post=post, moderator=by, reason="Spam"),
    "remove": lambda post, by: post_remove(post=post, moderator=by, reason="Spam"),
    "restore": lambda post, by: post_restore(post=post, moderator=by),
    "spam": lambda post, by: post_mark_spam(post=post, moderator=by),
    "dismiss-reports": lambda post, by: post_reports_dismiss(post=post, moderator=by),
    "feature": lambda post, by: post_feature(post=post, moderator=by, featured=True),
    "unfeature": lambda post, by: post_feature(post=post, moderator=by, featured=False),
    "close-topic": lambda post, by: topic_close(topic=post.topic, moderator=by, closed=True),
    "open-topic": lambda post, by: topic_close(topic=post.topic, moderator=by, closed=False),
}

# A post each decision would apply to, so only the refusal stops it.
_READY = {
    "approve": Post.Status.PENDING,
    "reject": Post.Status.PENDING,
    "restore": Post.Status.REMOVED,
}


def _ready_for(decision: str, topic: Topic) -> Post:
    post = comment(topic)
    fields: dict[str, object] = {"status": _READY.get(decision, Post.Status.VISIBLE)}
    if decision == "dismiss-reports":
        report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.SPAM)
    if decision == "unfeature":
        fields["is_featured"] = True
    if decision == "open-topic":
        Topic.objects.filter(pk=topic.pk).update(is_closed=True)
    Post.objects.filter(pk=post.pk).update(**fields)
    post.refresh_from_db()
    return post


@pytest.mark.parametrize("decision", list(_DECISIONS))
@pytest.mark.parametrize("who", ["reader", "editor", "suspended-moderator"])
def test_moderation_decision_refuses_anyone_but_discussion_staff(
    decision: str, who: str, topic: Topic
) -> None:
    post = _ready_for(decision, topic)
    before = Post.objects.filter(pk=post.pk).values().get()
    topic_before = Topic.objects.filter(pk=topic.pk).values().get()
    actor = {
        "reader": ReaderFactory,
        "editor": EditorFactory,
        "suspended-moderator": lambda: ModeratorFactory(is_active=False),
    }[who]()

    with pytest.raises(PermissionDenied, match="Only moderators"):
        _DECISIONS[decision](post, actor)

    assert Post.objects.filter(pk=post.pk).values().get() == before
    assert Topic.objects.filter(pk=topic.pk).values().get() == topic_before
    assert not ModerationLogEntry.objects.exclude(action=Action.HOLD).exists()


@pytest.mark.parametrize("decision", list(_DECISIONS))
def test_moderation_decision_is_open_to_administrators(decision: str, topic: Topic) -> None:
    post = _ready_for(decision, topic)

    _DECISIONS[decision](post, AdministratorFactory())

    assert ModerationLogEntry.objects.exclude(action=Action.HOLD).exists()


@pytest.mark.parametrize("who", ["reader", "editor"])
def test_user_suspend_and_user_ban_refuse_anyone_but_moderators(who: str) -> None:
    actor = {"reader": ReaderFactory, "editor": EditorFactory}[who]()
    target = ReaderFactory()

    with pytest.raises(PermissionDenied):
        user_suspend(user=target, by=actor, until=timezone.now() + timedelta(days=1), reason="No.")
    with pytest.raises(PermissionDenied):
        user_ban(user=target, by=actor, reason="No.")

    target.refresh_from_db()
    assert target.state == User.State.ACTIVE
    assert not ModerationLogEntry.objects.exists()


def test_user_suspend_refuses_a_moderator_acting_on_an_administrator(moderator: User) -> None:
    administrator = AdministratorFactory()

    with pytest.raises(PermissionDenied):
        user_suspend(
            user=administrator,
            by=moderator,
            until=timezone.now() + timedelta(days=1),
            reason="Testing limits.",
        )

    administrator.refresh_from_db()
    assert administrator.state == User.State.ACTIVE
    assert not ModerationLogEntry.objects.exists()


def test_user_ban_refuses_a_moderator_acting_on_an_administrator(moderator: User) -> None:
    administrator = AdministratorFactory()

    with pytest.raises(PermissionDenied):
        user_ban(user=administrator, by=moderator, reason="Testing limits.")

    administrator.refresh_from_db()
    assert administrator.state == User.State.ACTIVE
    assert not ModerationLogEntry.objects.exists()


def test_user_suspend_lets_an_administrator_act_on_an_administrator() -> None:
    administrator = AdministratorFactory()

    user_suspend(
        user=administrator,
        by=AdministratorFactory(),
        until=timezone.now() + timedelta(days=1),
        reason="Cooling off.",
    )

    administrator.refresh_from_db()
    assert administrator.state == User.State.SUSPENDED


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
