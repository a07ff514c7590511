"""A post's status once written: shown, held for a moderator, hidden or deleted, with the topic's
and the parent's counters (and the discussion's version) moved exactly when the post appears on
or leaves the page."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from forum.discussions.models import HoldCode, Post, Topic
from forum.discussions.poll_cache import latest_visible_raise
from forum.moderation.models import ModerationLogEntry
from forum.moderation.services.audit import log_entry_create


def _counts_towards_topic(post: Post) -> bool:
    return post.pk != post.topic.opening_post_id


def apply_visibility(post: Post, *, delta: int) -> None:
    """Move the topic's and parent's counters by `delta` (+1 shown, -1 hidden), on the values
    in the rows, and the topic's discussion_version with them (cache_versions.py)."""
    if _counts_towards_topic(post):
        changes: dict[str, object] = {
            "post_count": F("post_count") + delta,
            "discussion_version": F("discussion_version") + 1,
        }
        if delta > 0:  # a post shown is the topic's latest activity; one hidden is not
            changes["last_activity_at"] = timezone.now()
        Topic.objects.filter(pk=post.topic_id).update(**changes)
        if delta > 0:  # under the topic's row lock, which that update holds
            latest_visible_raise(topic_id=post.topic_id, post_id=post.pk)
    if post.parent_id:
        Post.objects.filter(pk=post.parent_id).update(reply_count=F("reply_count") + delta)


def post_hold_apply(
    post: Post, *, code: HoldCode, reason: str, extra_fields: tuple[str, ...] = ()
) -> None:
    """Hold a visible post for a moderator: why (`code`, `reason`) and when are kept with it,
    the counters move as it leaves the page, and the log says so. `extra_fields` are other
    fields the caller set on `post` and that are saved with these.

    Precondition: inside a transaction holding the post's row lock, `post` read under it.
    """
    post.held_code = code
    post.held_reason = reason[:300]
    post.held_at = timezone.now()
    post.save(update_fields=["held_code", "held_reason", "held_at", *extra_fields])
    post_status_apply(post, Post.Status.PENDING)
    log_entry_create(
        action=ModerationLogEntry.Action.HOLD,
        post=post,
        from_state=Post.Status.VISIBLE,
        to_state=Post.Status.PENDING,
        reason=post.held_reason,
        held_code=code,
    )


def post_status_apply(post: Post, status: Post.Status) -> Post:
    """Set a post's status and move the counters if that shows or hides it.

    Precondition: inside a transaction holding the post's row lock, `post` read under it.
    """
    was_visible = post.status == Post.Status.VISIBLE
    post.status = status
    post.save(update_fields=["status"])
    is_visible = status == Post.Status.VISIBLE
    if was_visible != is_visible:
        apply_visibility(post, delta=+1 if is_visible else -1)
    return post
