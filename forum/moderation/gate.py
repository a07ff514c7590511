"""The rules every post passes before it is shown: refused outright, held for a moderator, or
published. Moderators' own posts pass untouched."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accounts.models import User
from forum.discussions.models import Post, Topic
from forum.moderation.models import WordRule
from forum.moderation.word_matching import phrases_in

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


# The author's history is read for every post, with one aggregate written out: the ORM took
# several times longer to build it than the database took to run it. A post being edited is not
# a repeat of itself.
_HISTORY_SQL = """
    SELECT
        COUNT(*) FILTER (WHERE status = %s),
        COUNT(*) FILTER (WHERE body = %s AND created_at >= %s{not_this_post}),
        COUNT(*) FILTER (WHERE created_at > %s)
    FROM "forum_post"
    WHERE author_id = %s
"""


def author_history(*, author: User, body: str, post: Post | None = None) -> AuthorHistory:
    """One aggregate over the author's posts (`post`, being edited, is not a repeat of itself);
    a second query only for an author over the rate, to say when they may post again.

    Precondition for the rate limit to hold: read under the author's row lock, after taking it,
    so concurrent posts by the author are read one after the other.
    """
    limit, seconds = settings.FORUM_POST_RATE
    now = timezone.now()
    since = now - timedelta(seconds=seconds)
    repeats_since = now - timedelta(minutes=settings.FORUM_DUPLICATE_WINDOW_MINUTES)
    as_stored = connection.ops.adapt_datetimefield_value
    params: list[object] = [Post.Status.VISIBLE.value, body, as_stored(repeats_since)]
    if post is not None:
        params.append(post.pk)
    params += [as_stored(since), author.pk]
    sql = _HISTORY_SQL.format(not_this_post=" AND id <> %s" if post is not None else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        approved, repeats, recent = cursor.fetchone()
    rate_reached_at = None
    if recent >= limit:
        recent_posts = Post.objects.filter(author=author, created_at__gt=since)
        times = recent_posts.order_by("-created_at").values_list("created_at", flat=True)
        reached = times[limit - 1 : limit]
        rate_reached_at = reached[0] if reached else now
    return AuthorHistory(approved=approved, repeated=repeats > 0, rate_reached_at=rate_reached_at)


def _word_rules() -> list[tuple[str, str]]:
    """Every word rule as (phrase, kind), in WordRule's order: read for every post, with the
    statement written out (the ORM took ten times longer to build it than to run it)."""
    with connection.cursor() as cursor:
        cursor.execute('SELECT phrase, kind FROM "forum_wordrule" ORDER BY kind, phrase')
        return cursor.fetchall()


def _found(body: str, phrases: list[str]) -> list[str]:
    """The phrases in `body` (word_matching.py); with none to look for, the body is not folded."""
    return phrases_in(body, phrases) if phrases else []


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
    `history` the author's, if already read for this body. Not asked for discussion staff,
    whose posts are never held: post_insert and post_edit spare them, knowing who acts.
    """
    rules = _word_rules()
    banned = _found(body, [phrase for phrase, kind in rules if kind == WordRule.Kind.BANNED])
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
    suspect = _found(body, [phrase for phrase, kind in rules if kind == WordRule.Kind.SUSPECT])
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
