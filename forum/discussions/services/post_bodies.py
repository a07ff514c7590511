"""A post's body: the one check every body passes, and its rendering with @mentions linked."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.urls import reverse

from accounts.models import User
from companies.tickers import Directory, directory, mentions
from forum.discussions.rendering import (
    RenderedPost,
    Span,
    mentioned_handles,
    render_post_body,
)

# Characters that draw nothing though Unicode files them as letters or symbols: the Hangul
# fillers and the blank Braille pattern. (Format characters such as U+200B and U+FEFF,
# separators, controls and combining marks are known by their category.)
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Categories of characters that show nothing by themselves: controls, format characters
# (zero-width spaces and joiners, U+00AD, bidi controls), surrogates, private use, unassigned;
# separators; and combining marks, which only change the character they follow.
_INVISIBLE_CATEGORIES = ("C", "Z", "M")


def has_visible_character(text: str) -> bool:
    return any(
        not unicodedata.category(char).startswith(_INVISIBLE_CATEGORIES)
        and char not in _BLANK_GLYPHS
        for char in text
    )


NOTHING_VISIBLE = "Write something first: this has no visible characters."


def post_body_clean(body: str) -> str:
    """The one check of a post's body, for new comments, replies, topics and edits alike."""
    body = body.strip()
    low, high = settings.FORUM_POST_MIN_LENGTH, settings.FORUM_POST_MAX_LENGTH
    if len(body) < low:
        raise ValidationError({"body": f"Write at least {low} characters."})
    if not has_visible_character(body):
        raise ValidationError({"body": NOTHING_VISIBLE})
    if len(body) > high:
        raise ValidationError(
            {"body": f"Keep it under {high:,} characters (this is {len(body):,})."}
        )
    return body


def post_body_render(body: str) -> RenderedPost:
    """Render a body, linking the @mentions of users who exist (one query) and the listed
    companies it names to their pages."""
    handles = mentioned_handles(body)
    users = (
        User.objects.annotate(handle_lower=Lower("username"))
        .filter(handle_lower__in=handles)
        .exclude(state=User.State.DELETED)
        .only("username")
        if handles
        else []
    )
    return render_post_body(
        body,
        profile_urls={user.username.lower(): user.get_absolute_url() for user in users},
        company_links=_company_links(directory.get()),
    )


def _company_links(known: Directory) -> Callable[[str], list[Span]]:
    """The spans of a text that name a listed company, each linked to the company's page."""

    def find(text: str) -> list[Span]:
        return [
            (mention.start, mention.end, reverse("companies:detail", args=[slug]), "ticker")
            for mention in mentions(text, known)
            if (slug := known.slugs.get(mention.symbol))
        ]

    return find
