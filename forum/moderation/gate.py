"""The rules every post passes before it is shown: refused outright, held for a moderator, or
published. Moderators' own posts pass untouched.

One function per rule. A rule that refuses raises ValidationError on `body` with a
RefusalCode as its code; a rule that holds returns a Hold, whose code is stored with the post
(Post.held_code) and decides what moderators' tools do with it, and whose text moderators read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from companies.tickers import Mention
from forum.discussions.models import HoldCode, Post, Topic
from forum.moderation.coordinated import coordinated_push, push_alert_record
from forum.moderation.finance.rules import finance_holds
from forum.moderation.holds import Hold as Hold
from forum.moderation.models import WordRule
from forum.moderation.trust import TrustLevel, may_post_links, may_post_unreviewed, trust_level
from forum.moderation.word_matching import phrases_in

_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


class RefusalCode(StrEnum):
    """Why a post is refused outright: the `code` of the ValidationError (or RateLimited)."""

    BANNED_WORD = "banned_word"
    REPEATED = "repeated"
    RATE_LIMITED = "rate_limited"


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
        body=body, created_at__gte=now - timedelta(minutes=settings.FORUM_DUPLICATE_WINDOW_MINUTES)
    )
    if post is not None:
        repeats &= ~Q(pk=post.pk)
    mine = Post.objects.filter(author=author)
    counts = mine.aggregate(
        approved=Count("pk", filter=Q(status=Post.Status.VISIBLE)),
        repeats=Count("pk", filter=repeats),
        recent=Count("pk", filter=Q(created_at__gt=since)),
    )
    rate_reached_at = None
    if counts["recent"] >= limit:
        times = mine.filter(created_at__gt=since).order_by("-created_at")
        reached = times.values_list("created_at", flat=True)[limit - 1 : limit]
        rate_reached_at = reached[0] if reached else now
    return AuthorHistory(
        approved=counts["approved"], repeated=counts["repeats"] > 0, rate_reached_at=rate_reached_at
    )


def _phrases(rules: list[tuple[str, str]], kind: WordRule.Kind) -> list[str]:
    return [phrase for phrase, rule_kind in rules if rule_kind == kind]


def _found(body: str, phrases: list[str]) -> list[str]:
    """The phrases in `body` (word_matching.py); with none to look for, the body is not folded."""
    return phrases_in(body, phrases) if phrases else []


def _posts(count: int) -> str:
    return f"{count} approved post{'s' * (count != 1)}"


# Refused outright


def check_no_banned_word(body: str, rules: list[tuple[str, str]]) -> None:
    if banned := _found(body, _phrases(rules, WordRule.Kind.BANNED)):
        message = f"Your comment contains words that are not allowed here: {', '.join(banned)}."
        raise ValidationError({"body": ValidationError(message, code=RefusalCode.BANNED_WORD)})


def check_not_repeated(history: AuthorHistory) -> None:
    if history.repeated:
        message = "You posted this same comment a moment ago."
        raise ValidationError({"body": ValidationError(message, code=RefusalCode.REPEATED)})


# Held for a moderator


def hold_premoderated(topic: Topic) -> Hold | None:
    if topic.premoderate or topic.category.premoderate:
        return Hold(HoldCode.PREMODERATED, "Every post in this discussion is reviewed.")
    return None


def hold_suspect_word(body: str, rules: list[tuple[str, str]]) -> Hold | None:
    if suspect := _found(body, _phrases(rules, WordRule.Kind.SUSPECT)):
        return Hold(
            HoldCode.SUSPECT_WORD, f"Contains words on the watch list: {', '.join(suspect)}."
        )
    return None


def hold_coordinated(*, author: User, body: str, mentions: Sequence[Mention]) -> Hold | None:
    """A new post that is part of a coordinated push (coordinated.py); the post that starts the
    push raises the moderators' one alert for it. Only tickers as written count ($LYC, ASX:LYC):
    a company's name in prose ("Lynas") is how this community talks, not how a pump spreads."""
    tickers = {mention.symbol for mention in mentions if not mention.by_name}
    if (push := coordinated_push(author=author, body=body, tickers=tickers)) is None:
        return None
    text, starts = push
    if starts:
        push_alert_record(text)
    return Hold(HoldCode.COORDINATED, text)


def hold_first_post(history: AuthorHistory, author: User) -> Hold | None:
    """One of an author's first FORUM_PREMODERATE_FIRST_POSTS posts, unless a moderator
    trusted them already ("approve and trust this author")."""
    granted = TrustLevel(author.trust_level_granted)
    if history.approved < settings.FORUM_PREMODERATE_FIRST_POSTS and not may_post_unreviewed(
        granted
    ):
        return Hold(
            HoldCode.FIRST_POST, f"A first post: the author has {_posts(history.approved)}."
        )
    return None


def hold_low_trust(author: User, level: TrustLevel) -> Hold | None:
    """An author who lost the right to post unreviewed: too many of their posts were taken
    down on readers' reports (trust.py)."""
    if not may_post_unreviewed(level) and author.upheld_reports:
        return Hold(
            HoldCode.LOW_TRUST,
            f"Trust level {level} ({level.label}): {author.upheld_reports} of the author's posts "
            "were taken down on readers' reports.",
        )
    return None


def hold_many_links(body: str, history: AuthorHistory, level: TrustLevel) -> Hold | None:
    """Many links from an author below FORUM_TRUST_LEVEL_LINKS (trust.py)."""
    links = len(_LINK.findall(body))
    if links > settings.FORUM_MAX_LINKS_WITHOUT_STANDING and not may_post_links(level):
        return Hold(
            HoldCode.MANY_LINKS, f"{links} links from an author with {_posts(history.approved)}."
        )
    return None


def post_holds(
    *,
    author: User,
    topic: Topic,
    body: str,
    post: Post | None = None,
    history: AuthorHistory | None = None,
    mentions: Sequence[Mention] = (),
    disclosure: Mapping[str, str] | None = None,
) -> list[Hold]:
    """Every rule that holds the post for a moderator, the one that decides first; empty when
    it may be shown at once.

    Raises ValidationError (with a RefusalCode) for what is refused outright: a banned word,
    or the same body posted again within FORUM_DUPLICATE_WINDOW_MINUTES. `post` is the post
    being edited; `history` the author's, if already read for this body; `mentions` the
    tickers in the body (companies.tickers.mentions) and `disclosure` the author's positions
    in them, for the finance rules, which apply to every author whatever their standing. Not
    asked for discussion staff, whose posts are never held: post_insert and post_edit spare
    them, knowing who acts.
    """
    rules = list(WordRule.objects.values_list("phrase", "kind"))
    check_no_banned_word(body, rules)
    if history is None:
        history = author_history(author=author, body=body, post=post)
    check_not_repeated(history)
    level = trust_level(author=author, approved_posts=history.approved)
    holds = [
        # A new post is weighed for a push whatever else holds it: each counts towards the next.
        hold_coordinated(author=author, body=body, mentions=mentions) if post is None else None,
        hold_premoderated(topic),
        hold_suspect_word(body, rules),
        *finance_holds(body=body, mentions=mentions, disclosure=disclosure or {}),
        hold_low_trust(author, level),
        hold_first_post(history, author),
        hold_many_links(body, history, level),
    ]
    return [hold for hold in holds if hold is not None]


def post_hold(
    *,
    author: User,
    topic: Topic,
    body: str,
    post: Post | None = None,
    history: AuthorHistory | None = None,
) -> Hold | None:
    """The first rule that holds the post (post_holds, without tickers); None when it may be
    shown at once."""
    holds = post_holds(author=author, topic=topic, body=body, post=post, history=history)
    return holds[0] if holds else None
