"""The article itself as its page shows it (the head's meta tags, the text with its Highlights,
notes, disclaimer and source), rendered once and shared by every reader, logged in or not.

What a logged-in member sees around it (the header with their name, the comments with their
own marks) is rendered per request; the article does not differ from one reader to the next,
so it is cached under what it is rendered from: the article's id and last save, which every
edit moves (its text, Highlights, tags or notes: articles/services.py), the address it was
asked on (the canonical link names the host), the language and the time zone. An article that
is not live (an editor's preview) is rendered afresh each time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from config.web.cached_html import cache_read, cache_write

from .models import Article
from .selectors import article_highlights, article_notes, article_parts_read, article_updated_at


@dataclass(frozen=True)
class ArticleFragment:
    """The article's part of its page, as HTML: what goes in the head, and the article."""

    meta: SafeString
    body: SafeString


def article_fragment(request: HttpRequest, article: Article) -> ArticleFragment:
    """`article` rendered, from the cache when it is live. `article` may be its row and author
    alone (article_get_with_discussion): what else it shows is read only to render it."""
    canonical_url = request.build_absolute_uri(article.get_absolute_url())
    if not article.is_live:
        return _render(request, article_parts_read(article), canonical_url)
    parts = (
        article.pk,
        article.updated_at,
        canonical_url,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    key = "articles:fragment:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    cached = cache_read(key)
    if isinstance(cached, tuple) and len(cached) == 2:
        meta, body = cached
        return ArticleFragment(meta=mark_safe(meta), body=mark_safe(body))  # noqa: S308
    fragment = _render(request, article_parts_read(article), canonical_url)
    cache_write(key, (str(fragment.meta), str(fragment.body)), settings.ARTICLE_PAGE_CACHE_SECONDS)
    return fragment


def _render(request: HttpRequest, article: Article, canonical_url: str) -> ArticleFragment:
    context = {
        "article": article,
        "highlights": article_highlights(article),
        "notes": article_notes(article),
        "updated_at": article_updated_at(article),
        "canonical_url": canonical_url,
    }
    # Safe: rendered by the template engine, which escapes what it puts in.
    return ArticleFragment(
        meta=mark_safe(render_to_string("articles/_article_meta.html", context, request)),  # noqa: S308
        body=mark_safe(render_to_string("articles/_article.html", context, request)),  # noqa: S308
    )
