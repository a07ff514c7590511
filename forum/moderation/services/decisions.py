"""Moderators' decisions on posts and topics. Each locks what it decides on, checks the item
is still in the state the moderator saw, and logs what it did."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.viewer import Viewer
from forum.discussions.models import HoldCode, Post, Topic
from forum.discussions.services.cache_versions import topic_threads_changed
from forum.discussions.services.post_status import post_status_apply
from forum.moderation.models import ModerationLogEntry, Report
from forum.moderation.services.account_states import user_suspend
from forum.moderation.services.audit import log_entry_create
from forum.moderation.services.trust import (
    RELEASED,
    author_report_upheld,
    author_trust_grant,
    first_posts_release,
)
from forum.notifications.events import event_record
from forum.notifications.models import NotificationEvent

Action = ModerationLogEntry.Action


class AlreadyHandled(Exception):
    """Another moderator decided first; the message says what they did."""


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)


REJECTION_REASONS = {
    "spam": "Spam or advertising",
    "abuse": "Abusive or harassing",
    "off_topic": "Off-topic",
    "personal": "Personal information",
    "other": "Breaks the community rules",
}


def check_can_moderate(viewer: Viewer) -> None:
    if not viewer.is_discussion_staff:
        raise PermissionDenied("Only moderators can do this.")


def rejection_reason(code: str, text: str = "") -> str:
    """The reason the author is shown: a listed reason, and the moderator's words if any."""
    if code not in REJECTION_REASONS:
        raise ValidationError({"reason": "Choose one of the listed reasons."})
    text = text.strip()
    return f"{REJECTION_REASONS[code]}: {text}" if text else REJECTION_REASONS[code]


def _locked(post: Post, *, expected: Iterable[str]) -> Post:
    """The post, row-locked, if it is still in one of the `expected` states.

    The topic's row is locked first, as posting locks it before the post answered: the same
    order everywhere, so a decision and a reply to the same post cannot deadlock. Its
    discussion version moves with it: a decision changes what the threads show.
    """
    topic_threads_changed(topic_id=post.topic_id)
    locked = (
        Post.objects.select_for_update(no_key=True, of=("self",))
        .select_related("topic", "author", "moderated_by")
        .get(pk=post.pk)
    )
    if locked.status not in expected:
        by = f" by {locked.moderated_by.public_name}" if locked.moderated_by else ""
        now = locked.get_status_display().lower()
        raise AlreadyHandled(f"This comment was already handled{by}: it is now {now}.")
    return locked


def _reports_close(post: Post, status: Report.Status) -> None:
    if status == Report.Status.UPHELD and post.open_report_count:
        author_report_upheld(post)
    post.reports.filter(status=Report.Status.OPEN).update(status=status)
    post.open_report_count = 0
    post.reported_at = None


def _decide(
    post: Post,
    *,
    moderator: User,
    expected: Iterable[str],
    status: Post.Status,
    action: Action,
    reason: str = "",
    reports: Report.Status | None = None,
) -> Post:
    check_can_moderate(Viewer.of(moderator))
    post = _locked(post, expected=expected)
    from_state = post.status
    post.moderated_at = timezone.now()
    post.moderated_by = moderator
    post.moderation_reason = reason
    if reports is not None:
        _reports_close(post, reports)
    post.save(
        update_fields=[
            "moderated_at",
            "moderated_by",
            "moderation_reason",
            "open_report_count",
            "reported_at",
        ]
    )
    post_status_apply(post, status)
    log_entry_create(
        action=action,
        actor=moderator,
        post=post,
        from_state=from_state,
        to_state=status,
        reason=reason,
    )
    return post


@transaction.atomic
def post_approve(*, post: Post, moderator: User) -> Post:
    """Show a held post. Reports that held it are dismissed: the moderator found it fine.

    Its author is told, and only now do replies, mentions and watchers hear of it. Their other
    posts held only for being first are released with it (services/trust.py).
    """
    post = _decide(
        post,
        moderator=moderator,
        expected=[Post.Status.PENDING],
        status=Post.Status.VISIBLE,
        action=Action.APPROVE,
        reports=Report.Status.DISMISSED,
    )
    event_record(kind=NotificationEvent.Kind.POST_APPROVED, post=post, actor=post.author)
    first_posts_release(author=post.author, moderator=moderator)
    return post


def post_approve_among_many(*, post: Post, moderator: User) -> Post:
    """post_approve, for one of many posts approved at once: one the same moderator released a
    moment ago with an earlier post of its author's is approved already, not skipped."""
    try:
        return post_approve(post=post, moderator=moderator)
    except AlreadyHandled:
        released = ModerationLogEntry.objects.filter(
            post=post, action=Action.APPROVE, actor=moderator, reason=RELEASED
        )
        if released.exists():
            return post
        raise


@transaction.atomic
def post_approve_and_trust(*, post: Post, moderator: User) -> Post:
    """Approve a held post and trust its author to post unreviewed from now on (logged); their
    other posts held only for being first are released."""
    check_can_moderate(Viewer.of(moderator))
    author_trust_grant(author=post.author, moderator=moderator)
    return post_approve(post=post, moderator=moderator)


@transaction.atomic
def post_reject(*, post: Post, moderator: User, reason: str) -> Post:
    """Refuse a held post; its author is told `reason` and sees it on the post."""
    post = _decide(
        post,
        moderator=moderator,
        expected=[Post.Status.PENDING],
        status=Post.Status.REJECTED,
        action=Action.REJECT,
        reason=reason,
        reports=Report.Status.UPHELD,
    )
    event_record(kind=NotificationEvent.Kind.POST_REJECTED, post=post, reason=reason)
    return post


@transaction.atomic
def post_remove(*, post: Post, moderator: User, reason: str) -> Post:
    """Take down a visible post; replies under it stay, under "[removed]". Its author is told."""
    post = _decide(
        post,
        moderator=moderator,
        expected=[Post.Status.VISIBLE],
        status=Post.Status.REMOVED,
        action=Action.REMOVE,
        reason=reason,
        reports=Report.Status.UPHELD,
    )
    event_record(kind=NotificationEvent.Kind.POST_REMOVED, post=post, reason=reason)
    return post


@transaction.atomic
def post_restore(*, post: Post, moderator: User) -> Post:
    """Undo a rejection or removal. Those who would have heard of the post, and have not,
    hear of it now."""
    post = _decide(
        post,
        moderator=moderator,
        expected=[Post.Status.REJECTED, Post.Status.REMOVED],
        status=Post.Status.VISIBLE,
        action=Action.RESTORE,
    )
    event_record(kind=NotificationEvent.Kind.POST_APPROVED, post=post, actor=post.author)
    return post


@transaction.atomic
def post_mark_spam(*, post: Post, moderator: User) -> Post:
    """Refuse or take down a post as spam and suspend its author for a while."""
    post = _decide(
        post,
        moderator=moderator,
        expected=[Post.Status.PENDING, Post.Status.VISIBLE],
        status=Post.Status.REJECTED,
        action=Action.SPAM,
        reason=REJECTION_REASONS["spam"],
        reports=Report.Status.UPHELD,
    )
    if post.author.effective_state == User.State.ACTIVE:
        user_suspend(
            user=post.author,
            by=moderator,
            until=timezone.now() + timedelta(days=settings.FORUM_SPAM_SUSPENSION_DAYS),
            reason="Posting spam.",
        )
    return post


@transaction.atomic
def post_reports_dismiss(*, post: Post, moderator: User) -> Post:
    """The reports were wrong: close them, and show the post again if they had hidden it."""
    check_can_moderate(Viewer.of(moderator))
    post = _locked(post, expected=[Post.Status.VISIBLE, Post.Status.PENDING])
    if not post.open_report_count:
        raise AlreadyHandled("This comment has no open reports.")
    from_state = post.status
    hidden_by_reports = post.status == Post.Status.PENDING and post.held_code == HoldCode.REPORTS
    _reports_close(post, Report.Status.DISMISSED)
    post.save(update_fields=["open_report_count", "reported_at"])
    if hidden_by_reports:
        post_status_apply(post, Post.Status.VISIBLE)
    log_entry_create(
        action=Action.DISMISS_REPORTS,
        actor=moderator,
        post=post,
        from_state=from_state,
        to_state=post.status,
    )
    return post


@transaction.atomic
def post_feature(*, post: Post, moderator: User, featured: bool) -> Post:
    """Feature a comment (pinned to the top of its discussion) or stop featuring it."""
    check_can_moderate(Viewer.of(moderator))
    post = _locked(post, expected=[Post.Status.VISIBLE])
    if post.is_featured == featured:
        raise AlreadyHandled(
            f"This comment is already {'featured' if featured else 'not featured'}."
        )
    post.is_featured = featured
    post.save(update_fields=["is_featured"])
    log_entry_create(
        action=Action.FEATURE if featured else Action.UNFEATURE, actor=moderator, post=post
    )
    return post


@transaction.atomic
def topic_close(*, topic: Topic, moderator: User, closed: bool, reason: str = "") -> Topic:
    """Close a discussion to new posts, or open it again."""
    check_can_moderate(Viewer.of(moderator))
    topic = Topic.objects.select_for_update(no_key=True).get(pk=topic.pk)
    if topic.is_closed == closed:
        raise AlreadyHandled(f"This discussion is already {'closed' if closed else 'open'}.")
    topic.is_closed = closed
    topic.save(update_fields=["is_closed"])
    log_entry_create(
        action=Action.CLOSE_TOPIC if closed else Action.OPEN_TOPIC,
        actor=moderator,
        topic=topic,
        subject_user=topic.author,
        reason=reason,
    )
    return topic


def posts_bulk(*, post_ids: Iterable[int], decide: Callable[[Post], Post]) -> BulkResult:
    """Apply one decision to many posts, each in its own transaction, so one already handled
    by someone else does not undo the rest."""
    result = BulkResult()
    for post in Post.objects.filter(pk__in=list(post_ids)).order_by("pk"):
        try:
            decide(post)
        except ValidationError as refusal:
            result.skipped[post.pk] = " ".join(refusal.messages)
        except (AlreadyHandled, PermissionDenied) as refusal:
            result.skipped[post.pk] = str(refusal)
        else:
            result.done.append(post.pk)
    return result
