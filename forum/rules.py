"""The rules every post passes before it is shown: refused outright, held for a moderator, or
published. Moderators' own posts pass untouched."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from accounts.roles import is_discussion_staff

from .models import Post, Topic, WordRule
from .words import phrases_in

_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def approved_post_count(author: User) -> int:
    return Post.objects.filter(author=author, status=Post.Status.VISIBLE).count()


def post_hold_reason(*, author: User, topic: Topic, body: str, post: Post | None = None) -> str:
    """Why the post must wait for a moderator; "" when it may be shown at once.

    Raises ValidationError for what is refused outright: a banned word, or the same body
    posted again within FORUM_DUPLICATE_WINDOW_MINUTES. `post` is the post being edited.
    """
    if is_discussion_staff(author):
        return ""
    rules = list(WordRule.objects.values_list("phrase", "kind"))
    banned = phrases_in(body, [phrase for phrase, kind in rules if kind == WordRule.Kind.BANNED])
    if banned:
        raise ValidationError(
            {"body": f"Your comment contains words that are not allowed here: {', '.join(banned)}."}
        )
    window = timezone.now() - timedelta(minutes=settings.FORUM_DUPLICATE_WINDOW_MINUTES)
    repeats = Post.objects.filter(author=author, body=body, created_at__gte=window)
    if post is not None:
        repeats = repeats.exclude(pk=post.pk)
    if repeats.exists():
        raise ValidationError({"body": "You posted this same comment a moment ago."})

    if topic.premoderate or topic.category.premoderate:
        return "Every post in this discussion is reviewed."
    suspect = phrases_in(body, [phrase for phrase, kind in rules if kind == WordRule.Kind.SUSPECT])
    if suspect:
        return f"Contains words on the watch list: {', '.join(suspect)}."
    approved = approved_post_count(author)
    if approved < settings.FORUM_PREMODERATE_FIRST_POSTS:
        return f"A first post: the author has {approved} approved post{'s' * (approved != 1)}."
    links = len(_LINK.findall(body))
    if (
        links > settings.FORUM_MAX_LINKS_WITHOUT_STANDING
        and approved < settings.FORUM_STANDING_POSTS
    ):
        return f"{links} links from an author with {approved} approved post{'s' * (approved != 1)}."
    return ""
