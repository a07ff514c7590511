"""The rules every post passes before it is shown: refused outright, held for a moderator, or
published. Moderators' own posts pass untouched."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from accounts.roles import is_discussion_staff

from .models import Post, Topic, WordRule
from .words import phrases_in

_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass(frozen=True)
class AuthorHistory:
    """What the rate limit and the rules need of the author's own posts, read in one statement."""

    approved: int
    """Visible posts."""
    repeated: bool
    """Whether the same body was posted within FORUM_DUPLICATE_WINDOW_MINUTES."""
    rate_reached_at: datetime | None
    """With FORUM_POST_RATE's count of posts in its window already written, when the oldest of
    them was: the author may post again a window after it. None below the rate."""


def author_history(*, author: User, body: str, post: Post | None = None) -> AuthorHistory:
    """One aggregate over the author's posts (`post`, being edited, is not a repeat of itself);
    a second query only for an author over the rate, to say when they may post again.

    Precondition for the rate limit to hold: read under the author's row lock, after taking it,
    so concurrent posts by the author are read one after the other.
    """
    limit, seconds = settings.FORUM_POST_RATE
    now = timezone.now()
    since = now - timedelta(seconds=seconds)
    repeats = Q(
        created_at__gte=now - timedelta(minutes=settings.FORUM_DUPLICATE_WINDOW_MINUTES),
        body=body,
    )
    if post is not None:
        repeats &= ~Q(pk=post.pk)
    own = Post.objects.filter(author=author)
    counts = own.aggregate(
        approved=Count("pk", filter=Q(status=Post.Status.VISIBLE)),
        repeats=Count("pk", filter=repeats),
        recent=Count("pk", filter=Q(created_at__gt=since)),
    )
    rate_reached_at = None
    if counts["recent"] >= limit:
        recent = own.filter(created_at__gt=since).order_by("-created_at")
        reached = recent.values_list("created_at", flat=True)[limit - 1 : limit]
        rate_reached_at = reached[0] if reached else now
    return AuthorHistory(
        approved=counts["approved"],
        repeated=counts["repeats"] > 0,
        rate_reached_at=rate_reached_at,
    )


def post_hold_reason(
    *,
    author: User,
    topic: Topic,
    body: str,
    post: Post | None = None,
    history: AuthorHistory | None = None,
) -> str:
    """Why the post must wait for a moderator; "" when it may be shown at once.

    Raises ValidationError for what is refused outright: a banned word, or the same body
    posted again within FORUM_DUPLICATE_WINDOW_MINUTES. `post` is the post being edited;
    `history` the author's, if already read for this body.
    """
    if is_discussion_staff(author):
        return ""
    rules = list(WordRule.objects.values_list("phrase", "kind"))
    banned = phrases_in(body, [phrase for phrase, kind in rules if kind == WordRule.Kind.BANNED])
    if banned:
        raise ValidationError(
            {"body": f"Your comment contains words that are not allowed here: {', '.join(banned)}."}
        )
    if history is None:
        history = author_history(author=author, body=body, post=post)
    if history.repeated:
        raise ValidationError({"body": "You posted this same comment a moment ago."})

    if topic.premoderate or topic.category.premoderate:
        return "Every post in this discussion is reviewed."
    suspect = phrases_in(body, [phrase for phrase, kind in rules if kind == WordRule.Kind.SUSPECT])
    if suspect:
        return f"Contains words on the watch list: {', '.join(suspect)}."
    approved = history.approved
    if approved < settings.FORUM_PREMODERATE_FIRST_POSTS:
        return f"A first post: the author has {approved} approved post{'s' * (approved != 1)}."
    links = len(_LINK.findall(body))
    if (
        links > settings.FORUM_MAX_LINKS_WITHOUT_STANDING
        and approved < settings.FORUM_STANDING_POSTS
    ):
        return f"{links} links from an author with {approved} approved post{'s' * (approved != 1)}."
    return ""
