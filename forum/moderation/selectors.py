"""What moderators read: the queues, their counts, and the log. Callers check the reader is
discussion staff; nothing here is filtered for visibility."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet

from accounts.models import User
from accounts.roles import roles_by_user
from accounts.viewer import Viewer
from forum.discussions.models import PATH_SEGMENT_WIDTH, Post
from forum.moderation.models import ModerationLogEntry, Report


class Queue:
    PENDING = "pending"
    REPORTED = "reported"
    HISTORY = "history"
    CHOICES = (PENDING, REPORTED, HISTORY)


@dataclass
class AuthorRecord:
    approved: int = 0
    refused: int = 0
    """Rejected or removed posts."""


@dataclass
class ModerationItem:
    """A post as a moderator decides on it: in context, with its author's record and reports."""

    post: Post
    author_record: AuthorRecord
    author: Viewer
    """The post's author as the rules see them, their roles read with the page's."""
    reports: list[Report] = field(default_factory=list)
    answers: Post | None = None
    """The post it answers (`reply_to`), with its author: not always the one it sits under, as
    a reply past FORUM_MAX_DEPTH sits beside the post it answers."""
    thread: list[Post] = field(default_factory=list)
    """The posts above the one it answers where it sits, from the top of the thread down, each
    with its author."""


# Past this many, a queue's count reads "1,000+": an exact count of a long queue would read it
# whole on every page a moderator opens (the header shows it), and tells them nothing more.
QUEUE_COUNT_CAP = 1000


@dataclass(frozen=True)
class QueueSummary:
    count: int
    """Exact up to QUEUE_COUNT_CAP; past it, QUEUE_COUNT_CAP + 1 (see `more_than_cap`)."""
    oldest: datetime | None

    @property
    def more_than_cap(self) -> bool:
        return self.count > QUEUE_COUNT_CAP

    @property
    def label(self) -> str:
        return f"{QUEUE_COUNT_CAP:,}+" if self.more_than_cap else str(self.count)


def _queue(queue: str) -> QuerySet[Post]:
    """A queue's posts in its order, each alone."""
    if queue == Queue.PENDING:
        # Posts hidden by readers' reports wait in the Reported queue instead.
        return Post.objects.filter(status=Post.Status.PENDING, open_report_count=0).order_by(
            "held_at", "id"
        )
    if queue == Queue.REPORTED:
        return Post.objects.filter(
            open_report_count__gt=0, status__in=[Post.Status.VISIBLE, Post.Status.PENDING]
        ).order_by("reported_at", "id")
    return Post.objects.filter(moderated_at__isnull=False).order_by("moderated_at", "id")


def _queue_posts(queue: str) -> QuerySet[Post]:
    """A queue's posts in its order, with what a moderator sees them with."""
    return _queue(queue).select_related(
        "author", "topic__article", "topic__category", "parent__author", "moderated_by"
    )


def _above(post: Post) -> list[int]:
    """The ids of the posts `post` sits under, from the top of its thread down: its path's
    segments but its own."""
    return [
        int(post.path[start : start + PATH_SEGMENT_WIDTH])
        for start in range(0, len(post.path) - PATH_SEGMENT_WIDTH, PATH_SEGMENT_WIDTH)
    ]


def _conversations(page: list[Post]) -> dict[int, tuple[Post | None, list[Post]]]:
    """For each post of a page, the post it answers and the posts above that one in its thread
    (see ModerationItem). A post's parent comes with it; the rest, the top of a deeper thread
    or the post a reply past the depth limit answers, in one query for the whole page."""
    known = {post.parent.pk: post.parent for post in page if post.parent is not None}
    wanted = {pk for post in page for pk in [*_above(post), post.reply_to_id] if pk is not None}
    if missing := wanted - known.keys():
        known |= Post.objects.select_related("author").in_bulk(missing)
    return {
        post.pk: (
            known[post.reply_to_id] if post.reply_to_id else None,
            [known[pk] for pk in _above(post) if pk != post.reply_to_id],
        )
        for post in page
    }


def moderation_queue(
    *, queue: str, newest_first: bool | None = None, offset: int = 0, limit: int | None = None
) -> tuple[list[ModerationItem], bool]:
    """A page of a queue and whether more follow; four queries whatever the queue's length,
    and a fifth if any of its posts sits deeper than a reply to a top-level post.

    `newest_first` defaults to the queue's own order: History newest first, the waiting queues
    oldest first. Each author comes with their roles loaded.
    """
    limit = limit or settings.FORUM_MODERATION_PAGE_SIZE
    if newest_first is None:
        newest_first = queue == Queue.HISTORY
    posts = _queue_posts(queue)
    if newest_first:
        posts = posts.reverse()
    page = list(posts[offset : offset + limit + 1])
    has_more = len(page) > limit
    page = page[:limit]
    reports_by_post: dict[int, list[Report]] = {}
    # A reporter is shown by name and handle only: their other columns would be most of what
    # this query reads and builds on the Reported tab.
    reporter = ("reporter__username", "reporter__display_name", "reporter__state")
    for report in (
        Report.objects.filter(post__in=page)
        .select_related("reporter")
        .only("post", "reason", "text", "status", "created_at", "reporter", *reporter)
        .order_by("created_at")
    ):
        reports_by_post.setdefault(report.post_id, []).append(report)
    records = {
        row["author_id"]: AuthorRecord(approved=row["approved"], refused=row["refused"])
        for row in Post.objects.filter(author_id__in={post.author_id for post in page})
        .values("author_id")
        .annotate(
            approved=Count("id", filter=Q(status=Post.Status.VISIBLE)),
            refused=Count("id", filter=Q(status__in=[Post.Status.REJECTED, Post.Status.REMOVED])),
        )
    }
    roles = roles_by_user({post.author_id for post in page})
    conversations = _conversations(page)
    items = [
        ModerationItem(
            post=post,
            author_record=records.get(post.author_id, AuthorRecord()),
            author=Viewer.of(post.author, roles=roles.get(post.author_id, frozenset())),
            reports=reports_by_post.get(post.pk, []),
            answers=conversations[post.pk][0],
            thread=conversations[post.pk][1],
        )
        for post in page
    ]
    return items, has_more


def moderation_queue_summary() -> dict[str, QueueSummary]:
    """How many items wait in each queue (up to QUEUE_COUNT_CAP + 1) and since when, for the
    moderators' navigation. One query per queue, reading at most that many rows of its index in
    order, however long the queue."""
    return {
        queue: QueueSummary(
            **_queue(queue)
            .values(oldest)[: QUEUE_COUNT_CAP + 1]
            .aggregate(count=Count("*"), oldest=Min(oldest))
        )
        for queue, oldest in ((Queue.PENDING, "held_at"), (Queue.REPORTED, "reported_at"))
    }


def moderation_log(
    *,
    action: str | None = None,
    actor: User | None = None,
    subject_user: User | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[ModerationLogEntry]:
    entries = ModerationLogEntry.objects.select_related("actor", "post", "topic", "subject_user")
    if action:
        entries = entries.filter(action=action)
    if actor is not None:
        entries = entries.filter(actor=actor)
    if subject_user is not None:
        entries = entries.filter(subject_user=subject_user)
    if since is not None:
        entries = entries.filter(created_at__gte=since)
    if until is not None:
        entries = entries.filter(created_at__lt=until)
    return entries.order_by("-created_at", "-id")
