"""Trust, as moderators' decisions move it: an author trusted by hand, a newcomer's other first
posts released with the first approved, reports upheld counted against their author."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from forum.discussions.models import HoldCode, Post
from forum.discussions.services.cache_versions import topic_threads_changed
from forum.discussions.services.post_status import post_status_apply
from forum.moderation.gate import Hold, post_hold
from forum.moderation.models import ModerationLogEntry
from forum.moderation.services.audit import log_entry_create
from forum.notifications.events import event_record
from forum.notifications.models import NotificationEvent

Action = ModerationLogEntry.Action
RELEASED = "Released with first approval: held only for being a first post."


def author_trust_grant(*, author: User, moderator: User) -> bool:
    """Raise `author` to the level that posts unreviewed (FORUM_TRUST_LEVEL_UNREVIEWED), logged.
    Returns False, logging nothing, when they were granted as much already.

    Precondition: the caller checked `moderator` may moderate, inside a transaction."""
    level = settings.FORUM_TRUST_LEVEL_UNREVIEWED
    raised = (
        User.objects.filter(pk=author.pk, trust_level_granted__lt=level)
        .update(trust_level_granted=level)
    )  # fmt: skip
    if not raised:
        return False
    author.trust_level_granted = level
    log_entry_create(
        action=Action.TRUST,
        actor=moderator,
        subject_user=author,
        reason=f"Trusted to post unreviewed: trust level {level} granted.",
    )
    return True


def author_report_upheld(post: Post) -> None:
    """A post taken down on readers' reports counts against its author's trust."""
    User.objects.filter(pk=post.author_id).update(upheld_reports=F("upheld_reports") + 1)


def _release_or_hold_again(post: Post, moderator: User) -> Post | None:
    """The gate asked again about a post held as a first post: shown, or held by what else
    holds it now (with that rule's code). None when a rule now refuses it outright: it stays
    as it is, for the moderator to decide."""
    try:
        hold = post_hold(author=post.author, topic=post.topic, body=post.body, post=post)
    except ValidationError:
        return None
    if hold is not None:
        _hold_again(post, hold)
        return None
    post.moderated_at = timezone.now()
    post.moderated_by = moderator
    post.save(update_fields=["moderated_at", "moderated_by"])
    post_status_apply(post, Post.Status.VISIBLE)
    log_entry_create(
        action=Action.APPROVE,
        actor=moderator,
        post=post,
        from_state=Post.Status.PENDING,
        to_state=Post.Status.VISIBLE,
        reason=RELEASED,
    )
    event_record(kind=NotificationEvent.Kind.POST_APPROVED, post=post, actor=post.author)
    return post


def _hold_again(post: Post, hold: Hold) -> None:
    post.held_code, post.held_reason = hold.code, hold.text
    post.save(update_fields=["held_code", "held_reason"])
    log_entry_create(
        action=Action.HOLD,
        post=post,
        from_state=Post.Status.PENDING,
        to_state=Post.Status.PENDING,
        reason=hold.text,
        held_code=hold.code,
    )


def first_posts_release(*, author: User, moderator: User) -> list[Post]:
    """Once a moderator approved a post of `author` (or trusted them), their other posts held
    only for being first are shown, as if approved: counters move, the author and those the
    post concerns are told, and the log says they were released with the first approval.
    Each is asked of the gate again, without the first-post rule now the author has an approved
    post: one another rule holds stays held, under that rule's code.

    Precondition: inside the transaction of the approval. Returns the posts released.
    """
    waiting = Post.objects.filter(
        author_id=author.pk, status=Post.Status.PENDING, held_code=HoldCode.FIRST_POST
    ).values_list("pk", "topic_id")
    released = []
    for pk, topic_id in waiting.order_by("pk"):
        topic_threads_changed(topic_id=topic_id)  # the topic's lock before the post's
        post = (
            Post.objects.select_for_update(no_key=True, of=("self",))
            .select_related("topic__category", "author")
            .get(pk=pk)
        )
        if post.status != Post.Status.PENDING or post.held_code != HoldCode.FIRST_POST:
            continue  # decided meanwhile
        if _release_or_hold_again(post, moderator) is not None:
            released.append(post)
    return released
