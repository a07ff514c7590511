"""The moderation log: every decision and account-state change, appended, never altered."""

from __future__ import annotations

from accounts.models import User
from forum.discussions.models import HoldCode, Post, Topic
from forum.moderation.models import ModerationLogEntry


def log_entry_create(
    *,
    action: ModerationLogEntry.Action,
    actor: User | None = None,
    post: Post | None = None,
    topic: Topic | None = None,
    subject_user: User | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    held_code: HoldCode | None = None,
    body_before: str = "",
    body_after: str = "",
) -> ModerationLogEntry:
    """Append an entry. A post's topic and author fill in the topic and subject when omitted.
    A hold names the rule that held the post (`held_code`), with its text as `reason`."""
    if post is not None:
        topic = topic or post.topic
        subject_user = subject_user or post.author
    entry = ModerationLogEntry(
        action=action,
        actor=actor,
        post=post,
        topic=topic,
        subject_user=subject_user,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        held_code=held_code or "",
        body_before=body_before,
        body_after=body_after,
    )
    entry.full_clean()
    entry.save()
    return entry
