"""The article form fits an editor: Highlights without numbers to type, each row's text in a
wide box and not repeated as its label, a tall body with a rendered preview, and times in the
site's zone with the zone named."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from articles.models import Article
from tests.articles.note_forms import NO_NOTES
from tests.factories import ArticleFactory, EditorFactory, HighlightFactory, UserFactory

PREFIX = "highlights"
# 09:00 in Shanghai.
PUBLISHED = datetime(2026, 1, 26, 1, 0, tzinfo=UTC)


@pytest.fixture
def editor_client(db: None) -> Client:
    client = Client()
    client.force_login(EditorFactory())
    return client


def _change_page(client: Client, article: Article) -> str:
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_article_change_page_hides_highlight_numbers_and_shows_each_text_once(
    editor_client: Client,
) -> None:
    article = ArticleFactory()
    HighlightFactory(article=article, position=0, depth=0, text="Quotas tightened in March")

    page = _change_page(editor_client, article)

    assert page.count("Quotas tightened in March") == 1
    assert 'type="hidden" name="highlights-0-position"' in page
    assert 'type="hidden" name="highlights-0-depth"' in page
    assert '<textarea name="highlights-0-text"' in page
    assert 'aria-label="Indent"' in page
    assert "js/article-admin.js" in page


def test_article_change_page_has_a_tall_body_with_a_preview(editor_client: Client) -> None:
    page = _change_page(editor_client, ArticleFactory())

    assert 'rows="30"' in page
    assert f'data-preview-url="{reverse("admin:articles_article_body_preview")}"' in page


@pytest.mark.parametrize(
    ("zone", "shown"),
    [("UTC", "01:00 +00:00 (UTC)"), ("Asia/Shanghai", "09:00 +08:00 (Asia/Shanghai)")],
)
def test_article_admin_shows_times_in_the_site_zone_named(
    editor_client: Client, settings: Settings, zone: str, shown: str
) -> None:
    settings.TIME_ZONE = zone
    article = ArticleFactory(publish_at=PUBLISHED)

    page = _change_page(editor_client, article)
    changelist = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()

    assert f'name="publish_at_1" value="{shown[:5]}"' in page
    assert shown[6:] in page
    assert f"2026-01-26 {shown}" in changelist


def test_article_body_preview_renders_markdown_as_the_article_page_does(
    editor_client: Client,
) -> None:
    response = editor_client.post(
        reverse("admin:articles_article_body_preview"),
        {"body": "Intro.\n\n## Supply\n\n<script>alert(1)</script>"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="supply">Supply</h2>' in html
    assert "<script" not in html


def test_article_body_preview_is_refused_to_staff_who_are_not_editors(db: None) -> None:
    client = Client()
    client.force_login(UserFactory(is_staff=True))

    response = client.post(reverse("admin:articles_article_body_preview"), {"body": "Hi"})

    assert response.status_code == 403


def test_article_body_preview_takes_only_posts(editor_client: Client) -> None:
    response = editor_client.get(reverse("admin:articles_article_body_preview"))

    assert response.status_code == 405


def test_article_change_places_highlights_that_came_without_a_position_last(
    editor_client: Client,
) -> None:
    article = ArticleFactory()
    first = HighlightFactory(article=article, position=0, depth=0, text="First")
    data = {
        "title": article.title,
        "slug": article.slug,
        "body": article.body,
        "status": Article.Status.PUBLISHED,
        "publish_at_0": "2026-01-26",
        "publish_at_1": "01:00",
        f"{PREFIX}-TOTAL_FORMS": "3",
        f"{PREFIX}-INITIAL_FORMS": "1",
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
        **NO_NOTES,
        f"{PREFIX}-0-id": str(first.pk),
        f"{PREFIX}-0-article": str(article.pk),
        f"{PREFIX}-0-position": "0",
        f"{PREFIX}-0-depth": "0",
        f"{PREFIX}-0-text": "First",
        f"{PREFIX}-1-position": "",
        f"{PREFIX}-1-depth": "1",
        f"{PREFIX}-1-text": "Second, under the first",
        f"{PREFIX}-2-position": "",
        f"{PREFIX}-2-depth": "0",
        f"{PREFIX}-2-text": "Third",
    }

    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    assert list(article.highlights.values_list("position", "depth", "text")) == [
        (0, 0, "First"),
        (1, 1, "Second, under the first"),
        (2, 0, "Third"),
    ]


def test_article_change_refuses_a_highlight_nested_two_levels_below_the_one_above(
    editor_client: Client,
) -> None:
    article = ArticleFactory()
    data = {
        "title": article.title,
        "slug": article.slug,
        "body": article.body,
        "status": Article.Status.PUBLISHED,
        "publish_at_0": "2026-01-26",
        "publish_at_1": "01:00",
        f"{PREFIX}-TOTAL_FORMS": "2",
        f"{PREFIX}-INITIAL_FORMS": "0",
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
        **NO_NOTES,
        f"{PREFIX}-0-position": "0",
        f"{PREFIX}-0-depth": "0",
        f"{PREFIX}-0-text": "Top",
        f"{PREFIX}-1-position": "1",
        f"{PREFIX}-1-depth": "2",
        f"{PREFIX}-1-text": "Too deep",
    }

    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert list(errors) == [
        "Highlight 2 is nested under nothing: "
        "indent it at most one level deeper than the bullet above it."
    ]
    assert "Highlight 2 is nested under nothing" in response.content.decode()
    assert not article.highlights.exists()
