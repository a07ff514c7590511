"""Searching: what a viewer may find, ranked or newest first. Visibility is the apps' own,
applied to the rows the index points at: live articles (Article.objects.live()), posts as
permissions.can_see_post shows them (post_seen_q) in discussions anyone may read
(public_topic_q)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Left
from django.utils import timezone

from accounts.models import User
from accounts.viewer import Viewer
from articles.models import Article, Tag
from companies.tickers import directory
from forum.discussions.models import PostTicker
from forum.discussions.selectors import post_seen_q, public_topic_q
from forum.search.engines import (
    BEST_FIRST,
    documents_ranked,
    documents_shown,
    ids_best_first,
)
from forum.search.hits import SearchHits, search_hits_none
from forum.search.models import SearchDocument
from forum.search.query import ParsedQuery, query_parse

Kind = SearchDocument.Kind


class SearchSort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    CHOICES = (RELEVANCE, NEWEST)


@dataclass(frozen=True)
class SearchFilters:
    kinds: frozenset[str] = field(default_factory=lambda: frozenset(Kind.values))
    author: str = ""
    """A handle, without the @."""
    tag: str = ""
    """A tag's slug: articles with it, and the comments under them."""
    ticker: str = ""
    """A symbol as posts store it (companies.tickers.ticker_symbol): the comments and topics
    naming it, and the articles tagged with its company."""
    date_from: date | None = None
    date_to: date | None = None
    """Inclusive."""


# Long texts a result never shows (its snippet is computed in the query): left unread.
_NOT_SHOWN = (
    "summary",
    "body",
    "search_vector",
    *(f"article__{name}" for name in ("body", "body_html", "sections", "disclaimer")),
    "post__body",
    "post__body_html",
)


def _visible(viewer: Viewer) -> Q:
    seen = post_seen_q(viewer, "post__")
    # A discussion is read as topic_get_for_viewer reads it: an article's while the article
    # is live (for everyone: search shows no previews), a forum topic as far as its opening
    # post is, so its author and moderators still find the comments of a held topic.
    discussion_read = public_topic_q("topic__") | (
        Q(topic__article__isnull=True) & post_seen_q(viewer, "topic__opening_post__")
    )
    return (
        Q(kind=Kind.ARTICLE, article__in=Article.objects.live())
        | (Q(kind=Kind.COMMENT) & seen & discussion_read)
        | (Q(kind=Kind.TOPIC) & seen)
    )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _naming(ticker: str) -> Q:
    """Documents about `ticker`: posts naming it (PostTicker, indexed by post), and the
    articles tagged with its company's slug (as on the company's page)."""
    named = Q(Exists(PostTicker.objects.filter(post_id=OuterRef("post_id"), ticker=ticker)))
    slug = directory.get().slugs.get(ticker)
    if slug is None:
        return named
    tagged = Tag.objects.filter(slug=slug, articles=OuterRef("article_id"))
    return named | Q(Exists(tagged))


def _filtered(
    documents: QuerySet[SearchDocument], filters: SearchFilters
) -> QuerySet[SearchDocument]:
    documents = documents.filter(kind__in=filters.kinds)
    if filters.author:
        # A deleted account's handle is a placeholder, never the person's: nothing is theirs.
        documents = documents.filter(author__username__iexact=filters.author).exclude(
            author__state=User.State.DELETED
        )
    if filters.tag:
        tagged = Tag.objects.filter(slug=filters.tag)
        documents = documents.filter(
            Exists(tagged.filter(articles=OuterRef("article_id")))
            | Exists(tagged.filter(articles=OuterRef("topic__article_id")))
        )
    if filters.ticker:
        documents = documents.filter(_naming(filters.ticker))
    if filters.date_from:
        documents = documents.filter(published_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        documents = documents.filter(
            published_at__lt=_day_start(filters.date_to + timedelta(days=1))
        )
    return documents


def _candidates(parsed: ParsedQuery, filters: SearchFilters, sort: str) -> QuerySet[Any, int]:
    """The ids of the matches in the search's order: best first, ties the later written
    first (or newest first). Without filters, from the index alone (engines.ids_best_first)."""
    if sort == SearchSort.NEWEST:
        matches = documents_ranked(_filtered(SearchDocument.objects.all(), filters), parsed)
        return matches.order_by("-published_at", "-id").values_list("pk", flat=True)
    if filters == SearchFilters():
        return ids_best_first(parsed)
    matches = documents_ranked(_filtered(SearchDocument.objects.all(), filters), parsed)
    return matches.order_by(*BEST_FIRST).values_list("pk", flat=True)


def _shown(parsed: ParsedQuery) -> Callable[[QuerySet[SearchDocument]], QuerySet[SearchDocument]]:
    """What a page reads of its documents: what a result shows, joined, and the snippet."""

    def rows(documents: QuerySet[SearchDocument]) -> QuerySet[SearchDocument]:
        if parsed.is_empty:
            documents = documents.annotate(snippet=Left("body", 240))
        else:
            documents = documents_shown(documents, parsed)
        return documents.select_related("article", "post", "topic", "author").defer(*_NOT_SHOWN)

    return rows


def search(
    query: str | ParsedQuery,
    *,
    viewer: Viewer,
    filters: SearchFilters | None = None,
    sort: str = SearchSort.RELEVANCE,
) -> SearchHits:
    """What `viewer` finds for `query`, each with a raw `snippet` (escape it
    with snippets.snippet_html). A query of only filters (an @handle, a tag, a ticker) lists
    what they select, newest first; a query with nothing to look for finds nothing.

    Bounded, as search products bound it (hits.py): the first SEARCH_COUNT_CAP + 1 matches
    that pass the filters, best first (or newest), are the candidates, ranked from the index
    and the document rows alone; the viewer finds the visible ones among them, at most the
    cap (`capped` then says the index held more). The trade-off: a match ranked past the
    cap is never shown, and where matches the viewer may not see are among the candidates,
    fewer than the cap are (both only for a query with more than SEARCH_COUNT_CAP matches,
    whose reader has a thousand better ones and refines it).

    Lazy: paginate it. A page costs the same three queries however many match: the
    candidates, the visible ones, and the page's rows with what a result shows joined.
    """
    parsed = query_parse(query) if isinstance(query, str) else query
    filters = filters or SearchFilters()
    if parsed.author and not filters.author:
        filters = replace(filters, author=parsed.author)
    if not parsed.is_empty:
        candidates = _candidates(parsed, filters, sort)
    elif filters.author or filters.tag or filters.ticker:
        candidates = (
            _filtered(SearchDocument.objects.all(), filters)
            .order_by("-published_at", "-id")
            .values_list("pk", flat=True)
        )
    else:
        return search_hits_none()
    cap: int = settings.SEARCH_COUNT_CAP
    return SearchHits(
        candidates=candidates[: cap + 1],
        visible=SearchDocument.objects.filter(_visible(viewer)),
        rows=_shown(parsed),
        cap=cap,
    )
