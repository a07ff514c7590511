from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.http import Http404

from .highlights import HighlightNode, highlight_tree
from .models import Article, ArticleQuerySet, Highlight, Tag
from .permissions import can_preview_articles


def article_list_live() -> ArticleQuerySet:
    """Public articles, newest first, with what a listing shows fetched up front."""
    return (
        Article.objects.live()
        .select_related("discussion")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .order_by("-publish_at", "-id")
    )


def article_get_for_viewer(*, slug: str, viewer: AbstractBaseUser | AnonymousUser) -> Article:
    """The article a viewer may read: live ones for everyone, any state for editors.

    Everything the article page shows comes with it, in a fixed number of queries.
    """
    articles = Article.objects.all() if can_preview_articles(viewer) else Article.objects.live()
    article = (
        articles.filter(slug=slug)
        .select_related("author", "discussion")
        .prefetch_related(
            Prefetch("highlights", queryset=Highlight.objects.order_by("position", "id")),
            Prefetch("tags", queryset=Tag.objects.order_by("name")),
        )
        .first()
    )
    if article is None:
        raise Http404("No such article.")
    return article


def article_page_version(*, slug: str) -> tuple[int, str, int | None] | None:
    """What a live article's public page is rendered from, as versions: the article's id and
    last save, and its discussion's version. One query; None when no live article has `slug`."""
    row = (
        Article.objects.live()
        .filter(slug=slug)
        .values_list("pk", "updated_at", "discussion__discussion_version")
        .first()
    )
    return None if row is None else (row[0], row[1].isoformat(), row[2])


def article_highlights(article: Article) -> list[HighlightNode]:
    """The Highlights as a tree. Uses prefetched highlights when the caller fetched them."""
    return highlight_tree((h.depth, h.text) for h in article.highlights.all())
