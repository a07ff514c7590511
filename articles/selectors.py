from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404

from accounts.viewer import Viewer

from .highlights import HighlightNode, highlight_tree
from .models import Article, ArticleNote, ArticleQuerySet, Highlight, Tag
from .permissions import can_preview_articles


def article_list_live() -> ArticleQuerySet:
    """Public articles, newest first, with what a listing shows fetched up front."""
    return (
        Article.objects.live()
        .select_related("discussion")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .order_by("-publish_at", "-id")
    )


def _readable(viewer: Viewer) -> ArticleQuerySet:
    """The articles a viewer may read: live ones for everyone, any state for editors."""
    return Article.objects.all() if can_preview_articles(viewer) else Article.objects.live()


def _parts() -> tuple[Prefetch[Any], ...]:
    """What an article's page shows besides its row and its author, as prefetches."""
    return (
        Prefetch("highlights", queryset=Highlight.objects.order_by("position", "id")),
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
        Prefetch("notes", queryset=ArticleNote.objects.order_by("-at", "-id")),
    )


def _whole(articles: ArticleQuerySet) -> ArticleQuerySet:
    """`articles` with everything their page shows fetched up front."""
    return articles.select_related("author", "discussion").prefetch_related(*_parts())


def article_get_for_viewer(*, slug: str, viewer: Viewer) -> Article:
    """The article a viewer may read: live ones for everyone, any state for editors.

    Everything the article page shows comes with it, in a fixed number of queries.
    """
    article = _whole(_readable(viewer).filter(slug=slug)).first()
    if article is None:
        raise Http404("No such article.")
    return article


def article_get_with_discussion(*, slug: str, viewer: Viewer) -> Article:
    """The article a viewer may read (live, or any for editors), as its page needs it when the
    article itself comes from the cache (articles/fragments.py): its row, its author and its
    discussion, in one query; what the fragment shows besides is read only to render it
    (article_parts_read).

    Every member's page view asks it: found by its slug alone, and whether the viewer may read
    it decided on the row (`is_live` is the rule of `live()`), which composes in half the time.
    """
    try:
        article = Article.objects.select_related("author", "discussion").get(slug=slug)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    if not article.is_live and not can_preview_articles(viewer):
        raise Http404("No such article.")
    return article


def article_parts_read(article: Article) -> Article:
    """`article`, as article_get_with_discussion read it, with what else its page shows read
    onto it (as article_get_for_viewer prefetches it): its row is not read again."""
    prefetch_related_objects([article], *_parts())
    return article


def article_page_version(*, slug: str) -> tuple[object, ...] | None:
    """What a live article's public page is rendered from, as versions: the article's id and
    last save, and its discussion's version. None when no live article has `slug`.

    One query, which every logged-out page view asks before it reads the page from the cache:
    by the slug alone, with whether the article is live decided on the fields read (`is_live`
    is the rule of `live()`), which composes in two thirds of the time."""
    found = Article.objects.filter(slug=slug).values_list(
        "id", "updated_at", "status", "publish_at", "discussion__discussion_version"
    )[:1]
    row = next(iter(found), None)
    if row is None:
        return None
    pk, updated_at, status, publish_at, discussion_version = row
    if not Article(status=status, publish_at=publish_at).is_live:
        return None
    return pk, updated_at, discussion_version


def article_highlights(article: Article) -> list[HighlightNode]:
    """The Highlights as a tree. Uses prefetched highlights when the caller fetched them."""
    return highlight_tree((h.depth, h.text) for h in article.highlights.all())


def article_notes(article: Article) -> list[ArticleNote]:
    """The article's corrections and updates, newest first. Uses prefetched notes when the
    caller fetched them (article_get_for_viewer does)."""
    return sorted(article.notes.all(), key=lambda note: (note.at, note.pk), reverse=True)


def article_updated_at(article: Article) -> datetime | None:
    """When the article was last corrected or updated: its latest note's time, or None. An edit
    without a note (a typo fixed) does not move it. Uses `noted_at` when the queryset was
    annotated with it (ArticleQuerySet.with_noted_at), else the notes."""
    if hasattr(article, "noted_at"):
        noted_at: datetime | None = article.noted_at
        return noted_at
    notes = article_notes(article)
    return notes[0].at if notes else None


def article_list_syndicated() -> ArticleQuerySet:
    """Live articles, newest first, each with `noted_at`, for the feeds and the sitemap."""
    return article_list_live().with_noted_at()
