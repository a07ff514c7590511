"""The index follows every write, in the write's own transaction."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from pytest_django import Settings

from articles.models import Article
from articles.services import article_archive, article_publish, article_save, article_unpublish
from forum.discussions.models import Post, Topic
from forum.discussions.services.posting import post_edit
from forum.moderation.services.decisions import post_approve, post_remove
from forum.search.models import SearchDocument
from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db

Found = Callable[..., list[SearchDocument]]


def test_post_edit_is_found_by_its_new_words_at_once(topic: Topic, found: Found) -> None:
    author = ReaderFactory()
    post = comment(topic, author=author, body="Cerium polishing powder.")
    post_edit(post=post, editor=author, body="Lanthanum glass.")
    assert found("cerium") == []
    assert [d.post for d in found("lanthanum")] == [post]


def test_moderation_decisions_show_in_the_next_search(
    topic: Topic, settings: Settings, found: Found
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    moderator = ModeratorFactory()
    post = comment(topic, body="Samarium cobalt magnets.")
    assert Post.objects.get(pk=post.pk).status == Post.Status.PENDING
    assert found("samarium") == []
    post_approve(post=post, moderator=moderator)
    assert [d.post for d in found("samarium")] == [post]
    post_remove(post=Post.objects.get(pk=post.pk), moderator=moderator, reason="Off topic.")
    assert found("samarium") == []


def test_publishing_and_unpublishing_show_in_the_next_search(found: Found) -> None:
    article = ArticleFactory(
        title="Gadolinium contrast", status=Article.Status.DRAFT, publish_at=None
    )
    assert found("gadolinium") == []
    article_publish(article=article)
    assert [d.article for d in found("gadolinium")] == [article]
    article_unpublish(article=article)
    assert found("gadolinium") == []
    article_publish(article=article)
    article_archive(article=article)
    assert found("gadolinium") == []


def test_article_edit_is_found_by_its_new_words_at_once(found: Found) -> None:
    article = ArticleFactory(title="Praseodymium")
    article.title = "Europium phosphors"
    article_save(article=article)
    assert found("praseodymium") == []
    assert [d.article for d in found("europium")] == [article]


def test_index_rolls_back_with_the_write_it_follows(topic: Topic) -> None:
    before = SearchDocument.objects.count()

    @transaction.atomic
    def write_then_fail() -> None:
        comment(topic, body="Thulium lasers.")
        ArticleFactory(title="Thulium")
        raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert SearchDocument.objects.count() == before


def test_seed_import_indexes_the_highlights(found: Found) -> None:
    call_command("import_seeds", seeds_dir=Path(settings.BASE_DIR) / "seeds", stdout=StringIO())
    # "Drones" is a Highlight of one seed and in no body.
    [document] = found("drones")
    assert "Drones" in document.summary


def test_admin_highlights_are_indexed_with_the_article(admin_client: object, found: Found) -> None:
    article = ArticleFactory(title="Holmium")
    response = admin_client.post(  # type: ignore[attr-defined]
        f"/admin/articles/article/{article.pk}/change/",
        {
            "title": article.title,
            "slug": article.slug,
            "standfirst": article.standfirst,
            "body": article.body,
            "disclaimer": "",
            "source_name": "",
            "source_url": "",
            "source_kind": "",
            "status": article.status,
            "publish_at_0": article.publish_at.strftime("%Y-%m-%d"),
            "publish_at_1": article.publish_at.strftime("%H:%M:%S"),
            "comments_open": "on",
            "highlights-TOTAL_FORMS": "1",
            "highlights-INITIAL_FORMS": "0",
            "highlights-0-position": "0",
            "highlights-0-depth": "0",
            "highlights-0-text": "Ytterbium clocks tick.",
            "notes-TOTAL_FORMS": "0",
            "notes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [d.article for d in found("ytterbium")] == [article]


def test_rebuild_search_index_writes_every_document_with_a_progress_bar(
    topic: Topic, found: Found
) -> None:
    post = comment(topic, body="Promethium is radioactive.")
    SearchDocument.objects.all().delete()
    assert found("promethium") == []
    out = StringIO()
    call_command("rebuild_search_index", batch_size=1, stdout=out)
    assert [d.post for d in found("promethium")] == [post]
    total = Article.objects.count() + Post.objects.count()
    assert f"[{'#' * 30}] {total}/{total}" in out.getvalue()
    assert f"Indexed {total} documents." in out.getvalue()
    assert SearchDocument.objects.count() == total
