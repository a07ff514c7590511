"""Revisions below the admin: every article_save is one, holding the Highlights that went with
it; the seed import's article starts with one; the History page's queries do not grow with
revisions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from articles.models import Article, Highlight
from articles.revisions import revision_changes
from articles.services import article_highlights_saved, article_publish, article_save
from tests.articles.seed_helpers import _import
from tests.factories import ArticleFactory, EditorFactory

pytestmark = pytest.mark.django_db


def test_article_save_records_a_revision_with_the_highlights_then_in_place() -> None:
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    Highlight.objects.create(article=article, position=0, depth=0, text="Quotas")
    Highlight.objects.create(article=article, position=1, depth=1, text="Cut by a tenth")
    article_highlights_saved(article=article)

    article_publish(article=article)

    newest, older = article.history.order_by("-history_id")[:2]
    assert newest.status == Article.Status.PUBLISHED
    assert newest.highlights_snapshot == [[0, "Quotas"], [1, "Cut by a tenth"]]
    assert older.highlights_snapshot == [[0, "Quotas"], [1, "Cut by a tenth"]]
    assert revision_changes(older, newest) == []  # the state moved; no text did


def test_seed_import_leaves_one_revision_per_article_with_its_highlights() -> None:
    _import()

    for article in Article.objects.all():
        (revision,) = article.history.all()
        assert revision.body == article.body
        assert revision.highlights_snapshot == [[h.depth, h.text] for h in article.highlights.all()]
        assert revision.highlights_snapshot


def test_article_history_page_queries_do_not_grow_with_revisions(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    article = ArticleFactory()
    for number in range(12):
        article.body = f"Paragraph {number}.\n\n## Supply\n\nMines reopened."
        article_save(article=article)
    client = Client()
    client.force_login(EditorFactory())

    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:articles_article_history", args=[article.pk]))

    assert len(response.context["page_obj"]) == 13
    assert "+Paragraph 11." in response.content.decode()
