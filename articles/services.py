"""Every write to an article goes through here, so its rendered body and topic stay in step."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from forum.discussions.services.topics import topic_ensure_for_article

from .models import Article
from .rendering import render_article_body
from .signals import article_changed


@transaction.atomic
def article_save(*, article: Article) -> Article:
    """Validate and save an article, rendering its body.

    A published (or scheduled) article gets its discussion topic in the same transaction.
    """
    rendered = render_article_body(article.body)
    article.body_html = rendered.html
    article.sections = rendered.sections_as_json()
    article.full_clean()
    article.save()
    if article.status == Article.Status.PUBLISHED:
        topic_ensure_for_article(article=article)
    article_changed.send(sender=Article, article=article)
    return article


def article_highlights_saved(*, article: Article) -> None:
    """Say that the article's Highlights were written (by the admin's inline, by the seed
    import), in the transaction that wrote them, as article_save says of the rest."""
    article_changed.send(sender=Article, article=article)


def article_publish(*, article: Article, at: datetime | None = None) -> Article:
    """Publish now, or schedule for `at` when it lies in the future."""
    article.status = Article.Status.PUBLISHED
    article.publish_at = at or timezone.now()
    return article_save(article=article)


def article_unpublish(*, article: Article) -> Article:
    """Back to draft: gone from the public site, its discussion kept for when it returns."""
    article.status = Article.Status.DRAFT
    return article_save(article=article)


def article_archive(*, article: Article) -> Article:
    """Withdraw from the public site for good, keeping the record."""
    article.status = Article.Status.ARCHIVED
    return article_save(article=article)
