"""The index follows the writes of the apps below, by the signals they send inside their
transactions (STYLE: signals for cross-app lifecycle): the row changes in the same
transaction as what it indexes, and none of those apps imports search.

Nothing is received for a post's status or an account's deletion: visibility is read from
the posts and articles themselves when searching, and the index holds no personal data
(models.py)."""

from __future__ import annotations

from typing import Any

from articles.models import Article
from articles.signals import article_changed
from forum.discussions.models import Post
from forum.discussions.signals import post_written, posts_imported
from forum.search.services import document_article_put, document_post_put, documents_posts_add


def article_changed_received(sender: type[Article], article: Article, **kwargs: Any) -> None:
    document_article_put(article=article)


def post_written_received(sender: type[Post], post: Post, created: bool, **kwargs: Any) -> None:
    document_post_put(post=post, created=created)


def posts_imported_received(sender: type[Post], posts: list[Post], **kwargs: Any) -> None:
    documents_posts_add(posts=posts)


def connect() -> None:
    article_changed.connect(article_changed_received, dispatch_uid="search.article_changed")
    post_written.connect(post_written_received, dispatch_uid="search.post_written")
    posts_imported.connect(posts_imported_received, dispatch_uid="search.posts_imported")
