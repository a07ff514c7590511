"""Trust levels, after Discourse's, kept simple: 0 new, 1 basic, 2 member, 3 trusted.

An author's level is the highest whose every figure (settings.FORUM_TRUST_LEVELS) they meet:
approved posts, days since they joined, days with visits, and at most so many posts taken down
on readers' reports; or the level a moderator granted, if higher. It decides what they may do
unreviewed (post at all: FORUM_TRUST_LEVEL_UNREVIEWED; post many links:
FORUM_TRUST_LEVEL_LINKS) and how much their reports weigh (FORUM_TRUST_REPORT_WEIGHTS). The
pump, promotion and coordinated-push rules apply at every level.

Nothing is stored but its inputs: the approved posts are counted by the aggregate posting runs
anyway (gate.author_history), and the rest is on the author's row, which posting reads under its
lock. So the level costs posting no query, and is never stale.
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from forum.discussions.models import Post


class TrustLevel(IntEnum):
    NEW = 0
    BASIC = 1
    MEMBER = 2
    TRUSTED = 3

    @property
    def label(self) -> str:
        return self.name.lower()


def trust_level(*, author: User, approved_posts: int, now: datetime | None = None) -> TrustLevel:
    """The level `author` holds with `approved_posts` visible posts."""
    now = now or timezone.now()
    account_days = (now - author.date_joined).days
    earned = TrustLevel.NEW
    for level, needs in sorted(settings.FORUM_TRUST_LEVELS.items()):
        if (
            approved_posts >= needs["approved_posts"]
            and account_days >= needs["account_days"]
            and author.visit_days >= needs["visit_days"]
            and author.upheld_reports <= needs["max_upheld_reports"]
        ):
            earned = TrustLevel(level)
        else:
            break
    return max(earned, TrustLevel(author.trust_level_granted))


def approved_posts_count(author: User) -> int:
    return Post.objects.filter(author=author, status=Post.Status.VISIBLE).count()


def author_trust_level(author: User) -> TrustLevel:
    """The level of an author whose posts nobody counted yet (one query)."""
    return trust_level(author=author, approved_posts=approved_posts_count(author))


def authors_trust_levels(authors: list[User]) -> dict[int, TrustLevel]:
    """The levels of many authors, their posts counted in one query (a page of the queue)."""
    ids = {author.pk for author in authors}
    counts = dict(
        User.objects.filter(pk__in=ids)
        .annotate(approved=Count("posts", filter=Q(posts__status=Post.Status.VISIBLE)))
        .values_list("pk", "approved")
    )
    return {
        author.pk: trust_level(author=author, approved_posts=counts.get(author.pk, 0))
        for author in authors
    }


def may_post_unreviewed(level: TrustLevel) -> bool:
    return level >= settings.FORUM_TRUST_LEVEL_UNREVIEWED


def may_post_links(level: TrustLevel) -> bool:
    return level >= settings.FORUM_TRUST_LEVEL_LINKS


def report_weight(level: TrustLevel) -> int:
    """How many reports one report of a reader at `level` counts for."""
    weights: dict[int, int] = settings.FORUM_TRUST_REPORT_WEIGHTS
    return weights.get(int(level), 1)
