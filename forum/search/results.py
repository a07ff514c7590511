"""A found document as pages and the API show it: where it links, its snippet made safe, and
a mark on what only its author or a moderator finds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from forum.discussions.models import Post
from forum.search.fts5 import START_MARK, STOP_MARK
from forum.search.models import SearchDocument

_Row = TypeVar("_Row")


def snippet_html(raw: str) -> SafeString:
    """The engine's snippet with everything escaped, then its match markers (characters that
    indexed text never holds) made <mark>: no markup of the text itself survives."""
    escaped = escape(raw.strip())
    return mark_safe(  # noqa: S308 - escaped above; only our own two tags are added
        escaped.replace(START_MARK, "<mark>").replace(STOP_MARK, "</mark>")
    )


@dataclass(frozen=True)
class SearchResult:
    kind: str
    kind_label: str
    title: str
    url: str
    snippet: SafeString
    author_name: str
    published_at: datetime
    status: str
    """"visible", or the post's status where only its author or a moderator finds it."""
    status_label: str


def _present(related: _Row | None) -> _Row:
    """The row a document's kind names (an article's, or a comment's or topic's discussion),
    which indexing sets on every document of that kind (forum/search/services.py)."""
    if related is None:
        raise ValueError("A search document without the row its kind names.")
    return related


def _title(document: SearchDocument) -> str:
    if document.kind == SearchDocument.Kind.ARTICLE:
        return _present(document.article).title
    return _present(document.topic).title


def _url(document: SearchDocument) -> str:
    if document.kind == SearchDocument.Kind.ARTICLE:
        return _present(document.article).get_absolute_url()
    if document.kind == SearchDocument.Kind.TOPIC:
        return _present(document.topic).get_absolute_url()
    return reverse("forum:post", kwargs={"pk": document.post_id})


def search_result(document: SearchDocument) -> SearchResult:
    """For a document from selectors.search (with what it shows joined): no query."""
    post = document.post
    status = post.status if post is not None else Post.Status.VISIBLE
    return SearchResult(
        kind=document.kind,
        kind_label=document.get_kind_display(),
        title=_title(document),
        url=_url(document),
        snippet=snippet_html(document.snippet),  # type: ignore[attr-defined]  # annotated by the search's query (engines.py)
        author_name=document.author.public_name if document.author else "",
        published_at=document.published_at,
        status=status,
        status_label="" if status == Post.Status.VISIBLE else Post.Status(status).label,
    )
