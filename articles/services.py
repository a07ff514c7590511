"""Every write to an article goes through here, so its rendered body and topic stay in step."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from forum.discussions.services.topics import topic_ensure_for_article

from .models import Article, ArticleNote
from .rendering import render_article_body
from .signals import article_changed, article_noted


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


@transaction.atomic
def article_note_save(*, note: ArticleNote, editor: User | None) -> ArticleNote:
    """Validate and save a correction or update note (new or edited).

    The article's page, cached under the article's last save, is rendered afresh. Readers are
    told once: the first time the note is saved without "do not notify" (article_noted, sent
    in this transaction; the notifications record their event in it).
    """
    note.full_clean()
    if note.pk is None:
        note.added_by = editor
    tell = not note.do_not_notify and note.readers_told_at is None
    if tell:
        note.readers_told_at = timezone.now()
    note.save()
    _article_page_changed(article_id=note.article_id)
    if tell:
        article_noted.send(sender=ArticleNote, note=note, editor=editor)
    return note


@transaction.atomic
def article_note_delete(*, note: ArticleNote) -> None:
    """Withdraw a note; the page shows it no longer."""
    article_id = note.article_id
    note.delete()
    _article_page_changed(article_id=article_id)


def _article_page_changed(*, article_id: int) -> None:
    """Move the article's last save, which its cached page is keyed by
    (selectors.article_page_version): no one is served the page from before the change."""
    Article.objects.filter(pk=article_id).update(updated_at=timezone.now())
