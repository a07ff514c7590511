"""The moderation card: a post as a moderator decides on it, with its whole context.

One function, `moderation_cards`, builds the cards of a page of posts, each part read for the
whole page at once, so that a page costs the same queries however many cards it shows and
however deep their threads: the posts above each post (one query), the authors' records and
roles, the reports, the article's highlights, the word lists the hold reasons need.

Where more goes on a card (the tickers found, the author's disclosure, the author's trust
level), it is read here for the page in one query, set on ModerationItem's field for it, and
shown by jinja2/moderation/items.html and the API's ModerationItemOutputSerializer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from accounts.roles import roles_by_user
from accounts.viewer import Viewer
from articles.highlights import HighlightNode, highlight_tree
from forum.discussions.models import PATH_SEGMENT_WIDTH, Post
from forum.moderation.hold_reasons import HoldReason, hold_reasons_by_post
from forum.moderation.models import Report
from forum.moderation.trust import TrustLevel, trust_level


@dataclass
class AuthorRecord:
    """An author's record, across all their posts."""

    approved: int = 0
    """Visible posts."""
    rejected: int = 0
    removed: int = 0
    reports_upheld: int = 0
    """Readers' reports of their posts that moderators upheld."""

    @property
    def refused(self) -> int:
        """Rejected or removed posts."""
        return self.rejected + self.removed


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
    hold_reasons: list[HoldReason] = field(default_factory=list)
    """Every reason it was held, each with the parts of the text that triggered it."""
    highlights: list[HighlightNode] = field(default_factory=list)
    """Its article's highlights, as an outline; empty for a forum topic."""
    # The tickers found and the author's disclosure are the post's own (Post.tickers,
    # Post.disclosure).
    trust: TrustLevel | None = None
    """The author's trust level (trust.py), from what the card read already: no query."""


def _above(post: Post) -> list[int]:
    """The ids of the posts `post` sits under, from the top of its thread down: its path's
    segments but its own."""
    return [
        int(post.path[start : start + PATH_SEGMENT_WIDTH])
        for start in range(0, len(post.path) - PATH_SEGMENT_WIDTH, PATH_SEGMENT_WIDTH)
    ]


def _conversations(page: list[Post]) -> dict[int, tuple[Post | None, list[Post]]]:
    """For each post of a page, the post it answers and the posts above that one in its thread
    (see ModerationItem), each with its author: one query for the whole page, none when no
    post on it is a reply. Each post's parent, one of them, is set on it (the API shows it)."""
    wanted = {
        pk
        for post in page
        for pk in [*_above(post), post.parent_id, post.reply_to_id]
        if pk is not None
    }
    known = Post.objects.select_related("author").in_bulk(wanted) if wanted else {}
    for post in page:
        if post.parent_id is not None:
            post.parent = known[post.parent_id]
    return {
        post.pk: (
            known[post.reply_to_id] if post.reply_to_id else None,
            [known[pk] for pk in _above(post) if pk != post.reply_to_id],
        )
        for post in page
    }


def _reports_by_post(page: list[Post]) -> dict[int, list[Report]]:
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
    return reports_by_post


def author_records(author_ids: set[int]) -> dict[int, AuthorRecord]:
    """The records of many authors in one query."""
    status = Post.Status
    rows = (
        Post.objects.filter(author_id__in=author_ids)
        .values("author_id")
        .annotate(
            approved=Count("id", filter=Q(status=status.VISIBLE), distinct=True),
            rejected=Count("id", filter=Q(status=status.REJECTED), distinct=True),
            removed=Count("id", filter=Q(status=status.REMOVED), distinct=True),
            reports_upheld=Count(
                "reports", filter=Q(reports__status=Report.Status.UPHELD), distinct=True
            ),
        )
    )
    return {
        row.pop("author_id"): AuthorRecord(**row)  # type: ignore[misc]
        for row in rows
    }


def _highlights_by_article(page: list[Post]) -> dict[int, list[HighlightNode]]:
    """The outline of each article's highlights; needs the posts read with
    prefetch_related("topic__article__highlights")."""
    return {
        article.pk: highlight_tree((item.depth, item.text) for item in article.highlights.all())
        for article in {post.topic.article for post in page if post.topic.article is not None}
    }


def moderation_cards(page: list[Post]) -> list[ModerationItem]:
    """The cards of a page of posts, read with their authors, topics and articles (and their
    highlights) (moderation_queue's _queue_posts): five queries at most, however many posts and
    however deep their threads."""
    author_ids = {post.author_id for post in page}
    records = author_records(author_ids)
    roles = roles_by_user(author_ids)
    reports = _reports_by_post(page)
    conversations = _conversations(page)
    reasons = hold_reasons_by_post(page)
    highlights = _highlights_by_article(page)
    return [
        ModerationItem(
            post=post,
            author_record=records.get(post.author_id, AuthorRecord()),
            author=Viewer.of(post.author, roles=roles.get(post.author_id, frozenset())),
            reports=reports.get(post.pk, []),
            answers=conversations[post.pk][0],
            thread=conversations[post.pk][1],
            hold_reasons=reasons[post.pk],
            highlights=highlights.get(post.topic.article_id or 0, []),
            trust=trust_level(
                author=post.author,
                approved_posts=records.get(post.author_id, AuthorRecord()).approved,
            ),
        )
        for post in page
    ]
