"""What moderators read: the queues, their counts, and the log. Callers check the reader is
discussion staff; nothing here is filtered for visibility."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Min, QuerySet

from accounts.models import User
from forum.discussions.models import Post
from forum.moderation.cards import ModerationItem, moderation_cards
from forum.moderation.models import ModerationLogEntry


class Queue:
    PENDING = "pending"
    REPORTED = "reported"
    HISTORY = "history"
    CHOICES = (PENDING, REPORTED, HISTORY)


# Past this many, a queue's count reads "1,000+": an exact count of a long queue would read it
# whole on every page a moderator opens (the header shows it), and tells them nothing more.
QUEUE_COUNT_CAP = 1000
# An article's text, which no card shows.
ARTICLE_TEXT = ("standfirst", "body", "body_html", "sections")


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
    """A queue's posts in its order, with what a moderator sees them with. The posts above them
    (parents included) and those posts' authors come in the cards' own query (cards.py): joined
    here as well, with the topic's category nobody is shown, they took PostgreSQL ten times
    longer to plan than to run."""
    return (
        _queue(queue)
        .select_related("author", "topic__article", "moderated_by")
        # A card shows its article's title, disclaimer and highlights, and links to it: not
        # its text, which would come along with every held comment under it.
        .defer(*(f"topic__article__{name}" for name in ARTICLE_TEXT))
        .prefetch_related("topic__article__highlights")
    )


def moderation_queue(
    *, queue: str, newest_first: bool | None = None, offset: int = 0, limit: int | None = None
) -> tuple[list[ModerationItem], bool]:
    """A page of a queue's cards (cards.py) and whether more follow, in a fixed number of
    queries whatever the queue's length and however deep its posts sit.

    `newest_first` defaults to the queue's own order: History newest first, the waiting queues
    oldest first.
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
    return moderation_cards(page), has_more


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
