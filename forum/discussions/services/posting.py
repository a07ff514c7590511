"""Writing posts: create, edit, delete, and the one place their visibility changes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import BigIntegerField, Func, Value
from django.utils import timezone

from accounts.models import User
from accounts.permissions import logged_in_user
from accounts.viewer import Viewer, users_with_checks
from config.web.errors import RateLimited
from forum.discussions.models import (
    PATH_SEGMENT_WIDTH,
    Post,
    PostRevision,
    Topic,
    path_segment,
)
from forum.discussions.permissions import (
    check_can_delete_post,
    check_can_edit_post,
    check_can_reply_to_topic,
)
from forum.discussions.services.cache_versions import topic_threads_changed
from forum.discussions.services.disclosure import DisclosureInput
from forum.discussions.services.post_bodies import post_body_clean, post_body_render
from forum.discussions.services.post_review import Review, post_review
from forum.discussions.services.post_status import (
    apply_visibility,
    post_hold_apply,
    post_status_apply,
)
from forum.discussions.services.post_tickers import post_tickers_put
from forum.discussions.signals import post_written
from forum.moderation.gate import AuthorHistory, Hold, author_history
from forum.moderation.models import ModerationLogEntry, Report
from forum.moderation.services.audit import log_entry_create
from forum.notifications.events import event_record
from forum.notifications.models import NotificationEvent
from forum.notifications.services.subscriptions import topic_watch_on_post


def _check_rate(history: AuthorHistory) -> None:
    """Precondition: `history` was read under the author's row lock, so concurrent posts by
    the author queue for it and each sees the ones before."""
    if history.rate_reached_at is not None:
        until = history.rate_reached_at + timedelta(seconds=settings.FORUM_POST_RATE[1])
        wait = (until - timezone.now()).total_seconds()
        raise RateLimited(retry_after=max(1, math.ceil(wait)))


def _check_answerable(reply_to: Post, topic: Topic) -> None:
    if reply_to.topic_id != topic.pk:
        raise ValidationError({"parent": "That comment belongs to another discussion."})
    if reply_to.status != Post.Status.VISIBLE or reply_to.pk == topic.opening_post_id:
        raise ValidationError({"parent": "That comment can no longer be replied to."})


@dataclass(frozen=True)
class _Place:
    parent_id: int | None
    root_id: int | None
    depth: int
    path_prefix: str
    """The parent's path, which the post's own segment follows."""


def _place(reply_to: Post | None) -> _Place:
    """Where a post sits: at the top, under the post it answers, or beside it at the deepest
    level. All of it read off the post answered, with no query for its parent or root: its path
    is its parent's with its own segment after it."""
    if reply_to is None:
        return _Place(parent_id=None, root_id=None, depth=0, path_prefix="")
    if reply_to.depth < settings.FORUM_MAX_DEPTH - 1:
        return _Place(
            parent_id=reply_to.pk,
            root_id=reply_to.root_id or reply_to.pk,
            depth=reply_to.depth + 1,
            path_prefix=reply_to.path,
        )
    return _Place(
        parent_id=reply_to.parent_id,
        root_id=reply_to.root_id,
        depth=reply_to.depth,
        path_prefix=reply_to.path[:-PATH_SEGMENT_WIDTH],
    )


_FOREIGN_KEYS = ("topic", "author", "parent", "reply_to", "root")


def _post_saved(
    *,
    topic: Topic,
    author: User,
    body: str,
    reply_to: Post | None,
    place: _Place,
    post_id: int | None,
    review: Review,
) -> Post:
    """The post's row, checked and inserted: shown at once, or held with the rules' codes."""
    post = Post(
        id=post_id,
        topic=topic,
        author=author,
        parent_id=place.parent_id,
        reply_to=reply_to,
        root_id=place.root_id,
        depth=place.depth,
        path=(place.path_prefix + path_segment(post_id)) if post_id else "",
        body=body,
        body_html=post_body_render(body).html,
        **review.post_fields(),
    )
    # The fields, not the rows behind the foreign keys (a query each): those rows are proven
    # already, the author and topic locked by the caller, the post answered locked and its
    # parent and root kept by it. Nothing on a post is unique but its id.
    post.full_clean(exclude=["path", *_FOREIGN_KEYS], validate_unique=False)
    post.save(force_insert=True)
    post_tickers_put(posts=[post], created=True)
    return post


def post_insert(
    *,
    topic: Topic,
    author: User,
    checked_author: Viewer,
    body: str,
    reply_to: Post | None,
    opening: bool = False,
    post_id: int | None = None,
    disclosure: DisclosureInput = None,
) -> Post:
    """Write a post that has passed every permission check, through the moderation rules:
    shown at once, or held for a moderator with the rule that held it.

    Precondition: inside a transaction holding the author's row lock, with `topic` and
    `reply_to` rows that exist (locked, or written in this transaction); `checked_author` is the
    author as the permission checks saw them. `opening` marks a forum topic's first post, which
    does not count as a reply; `post_id` is an id reserved for it; `disclosure` the author's
    positions in the tickers the body names (post_review.py).
    """
    history = author_history(author=author, body=body)
    _check_rate(history)
    review = post_review(
        author=author, topic=topic, body=body, history=history, disclosure=disclosure,
        spared=checked_author.is_discussion_staff,  # never held, as post_edit spares them too
    )  # fmt: skip
    hold = review.hold
    place = _place(reply_to)
    post = _post_saved(
        topic=topic, author=author, body=body, reply_to=reply_to, place=place, post_id=post_id,
        review=review,
    )  # fmt: skip
    if not post_id:
        post.path = place.path_prefix + path_segment(post.pk)
        Post.objects.filter(pk=post.pk).update(path=post.path)
    if opening:
        topic.opening_post = post
        topic.save(update_fields=["opening_post"])
    post_written.send(sender=Post, post=post, created=True)
    topic_watch_on_post(user=author, topic_id=topic.pk)
    if hold is None:
        apply_visibility(post, delta=+1)
        event_record(kind=NotificationEvent.Kind.POST_PUBLISHED, post=post, actor=author)
    else:
        # Nobody hears of a held post until a moderator approves it.
        log_entry_create(
            action=ModerationLogEntry.Action.HOLD, post=post, reason=review.reasons,
            held_code=hold.code,
        )  # fmt: skip
    return post


def author_locked(pk: int) -> tuple[User, Viewer]:
    """The author's row, locked, and the author as the rules see them: whether their address is
    verified and whether they are staff are read in the same statement, so that checking them
    asks nothing more."""
    author = users_with_checks(User.objects.select_for_update(no_key=True)).get(pk=pk)
    return author, Viewer.of_checked(author)


# What posting never reads of the article under a topic, and would otherwise fetch with its lock.
_ARTICLE_TEXT = ("standfirst", "body", "body_html", "sections", "disclaimer")


def _topic_locked(pk: int) -> tuple[Topic, int | None]:
    """The topic's row, locked, with its category and article; and where the database hands ids
    out ahead of the INSERT (PostgreSQL's sequences), the new post's id from the same
    statement: the post is then written with its path in one INSERT, not an INSERT and an
    UPDATE once its id is known. A post refused after it leaves a gap in the ids, as any
    rolled-back INSERT does."""
    topics = (
        Topic.objects.select_for_update(no_key=True, of=("self",))
        .select_related("category", "article")
        .defer(*(f"article__{field}" for field in _ARTICLE_TEXT))
    )
    if connection.vendor != "postgresql":
        return topics.get(pk=pk), None
    # PostgreSQL's own functions, named through the ORM: one round trip fewer for every comment
    # (9 statements, not 10: tests/forum/discussions/test_query_counts.py).
    sequence = Func(Value(Post._meta.db_table), Value("id"), function="pg_get_serial_sequence")
    next_id: Func = Func(sequence, function="nextval", output_field=BigIntegerField())
    topic = topics.annotate(reserved_post_id=next_id).get(pk=pk)
    return topic, topic.reserved_post_id


@transaction.atomic
def post_create(
    *,
    topic: Topic,
    author: User | AnonymousUser,
    body: str,
    reply_to: Post | None = None,
    disclosure: DisclosureInput = None,
) -> Post:
    """A new comment in `topic`, answering `reply_to` if given, with the author's disclosure.

    Raises PermissionDenied (may not post here), ValidationError (bad body or parent) or
    RateLimited; in each case nothing is written.
    """
    if not author.is_authenticated:
        # Refused: no account, so no row to lock.
        check_can_reply_to_topic(Viewer.of(author), topic)
    # Checked once, on the rows as they are, locked: the topic may have just closed, the author
    # been banned. Whether the author's address is verified and whether they are staff come
    # with the author's row.
    author, checked_author = author_locked(logged_in_user(author).pk)
    topic, post_id = _topic_locked(topic.pk)
    check_can_reply_to_topic(checked_author, topic)
    body = post_body_clean(body)
    if reply_to is not None:
        # The row, locked, not the caller's copy: a moderator may have just removed it.
        reply_to = Post.objects.select_for_update(no_key=True).get(pk=reply_to.pk)
        _check_answerable(reply_to, topic)
    return post_insert(
        topic=topic,
        author=author,
        checked_author=checked_author,
        body=body,
        reply_to=reply_to,
        post_id=post_id,
        disclosure=disclosure,
    )


MODERATOR_EDIT_REASON_MAX_LENGTH = 500


@transaction.atomic
def post_edit(*, post: Post, editor: User | AnonymousUser, body: str, reason: str = "") -> Post:
    """Replace a post's body, keeping the old one as a revision. The new body passes the
    moderation rules again: an edit that would have been held takes the post back to the
    queue.

    A moderator's edit of another's post (permissions.post_edit_refusal says whose) is shown
    as such, logged with the text before and after and `reason`, and told to the
    author with the reason.
    """
    body = post_body_clean(body)
    reason = " ".join(reason.split())
    if len(reason) > MODERATOR_EDIT_REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": f"Keep the reason under {MODERATOR_EDIT_REASON_MAX_LENGTH} characters."}
        )
    topic_threads_changed(topic_id=post.topic_id)  # the topic's lock before the post's
    post = (
        Post.objects.select_for_update(no_key=True, of=("self",))
        .select_related("topic__category", "author")
        .get(pk=post.pk)
    )
    acting = Viewer.of(editor)
    check_can_edit_post(acting, post)  # on the row as it is: a moderator may have removed it
    editor = logged_in_user(editor)
    if body == post.body:
        return post
    review = post_review(
        author=post.author, topic=post.topic, body=body, post=post,
        spared=acting.is_discussion_staff,
    )  # fmt: skip
    post.tickers, post.disclosure = review.tickers, review.disclosure
    before = post.body
    PostRevision.objects.create(post=post, body=before, edited_by=editor)
    post.body = body
    post.body_html = post_body_render(body).html
    post.edited_at = timezone.now()
    by_moderator = editor.pk != post.author_id  # only staff get here with another's post
    if by_moderator:
        post.moderator_edited_at = post.edited_at
    post.save(update_fields=[*_EDITED, "tickers", "disclosure"])
    post_tickers_put(posts=[post], created=False)
    post_written.send(sender=Post, post=post, created=False)
    if by_moderator:
        log_entry_create(
            action=ModerationLogEntry.Action.EDIT,
            actor=editor,
            post=post,
            reason=reason,
            body_before=before,
            body_after=body,
        )
        # As for other decisions, the author hears what was done and why, not by whom. Only
        # another's edit is told: a moderator's edit of their own post is an author's.
        event_record(kind=NotificationEvent.Kind.POST_EDITED, post=post, reason=reason)
    if review.holds and post.status == Post.Status.VISIBLE:
        _hold_edited(post, review.holds)
    return post


_EDITED = ("body", "body_html", "edited_at", "moderator_edited_at")


def _hold_edited(post: Post, holds: list[Hold]) -> None:
    """Send a visible post back to the queue: the edit broke the rules `holds` names. It keeps
    the first rule's code; its text says an edit brought it there."""
    post.hold_reasons = [each.as_data() for each in holds]
    first = holds[0]
    post_hold_apply(
        post, code=first.code, reason=f"Edited: {first.text}", extra_fields=("hold_reasons",)
    )


@transaction.atomic
def post_delete(*, post: Post, by: User | AnonymousUser) -> Post:
    """The author withdraws a comment. Replies under it stay; it shows as [deleted]."""
    topic_threads_changed(topic_id=post.topic_id)  # the topic's lock before the post's
    post = (
        Post.objects.select_for_update(no_key=True, of=("self",))
        .select_related("topic")
        .get(pk=post.pk)
    )
    # On the row as it is: a moderator may have removed it.
    check_can_delete_post(Viewer.of(by), post)
    if post.open_report_count:
        # Nothing left to review: the reports close with the post.
        post.reports.filter(status=Report.Status.OPEN).update(status=Report.Status.DISMISSED)
        post.open_report_count = 0
        post.reported_at = None
        post.save(update_fields=["open_report_count", "reported_at"])
    return post_status_apply(post, Post.Status.DELETED)
