"""What the index holds of an article or a post: its text, split by weight, as plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from html import unescape

import nh3

from articles.models import Article
from forum.discussions.models import Post
from forum.search.models import SearchDocument

# Control characters (tab and newlines aside): never meaningful in text, and the snippets'
# markers are among them (fts5.py).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def plain_text(html: str) -> str:
    """Rendered (sanitised) HTML as the words a reader sees. A space after every tag keeps
    words of adjacent paragraphs or list items apart."""
    # nh3 (the sanitiser the bodies went through) with no tag allowed keeps only the text, as
    # strip_tags would, in a single pass in Rust: about twice as fast, which counts when an
    # import indexes thousands of comments at once.
    text = unescape(nh3.clean(html.replace(">", "> "), tags=set()))
    return _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()


def clean_text(text: str) -> str:
    return _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()


@dataclass(frozen=True)
class DocumentText:
    kind: SearchDocument.Kind
    title: str
    summary: str
    body: str
    published_at: datetime
    author_id: int | None
    topic_id: int | None


def article_text(article: Article, highlights: list[str]) -> DocumentText:
    return DocumentText(
        kind=SearchDocument.Kind.ARTICLE,
        title=clean_text(article.title),
        summary=clean_text(" ".join([article.standfirst, *highlights])),
        body=plain_text(article.body_html),
        published_at=article.publish_at or article.created_at,
        author_id=article.author_id,
        topic_id=None,
    )


def post_text(post: Post, *, topic_title: str, opens_forum_topic: bool) -> DocumentText:
    """A forum topic's opening post stands for the topic, with its title; any other post is a
    comment, which has no title of its own."""
    return DocumentText(
        kind=SearchDocument.Kind.TOPIC if opens_forum_topic else SearchDocument.Kind.COMMENT,
        title=clean_text(topic_title) if opens_forum_topic else "",
        summary="",
        body=plain_text(post.body_html),
        published_at=post.created_at,
        author_id=post.author_id,
        topic_id=post.topic_id,
    )
