from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from articles.services import article_archive, article_save
from tests.factories import (
    ArticleFactory,
    ArticleNoteFactory,
    EditorFactory,
    HighlightFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FUTURE = timezone.now() + timezone.timedelta(days=3)


def _hidden_articles() -> list[Article]:
    """A draft, a scheduled article and one archived after it was published."""
    return [
        ArticleFactory(status=Article.Status.DRAFT, publish_at=None),
        ArticleFactory(publish_at=FUTURE),
        article_archive(article=ArticleFactory()),
    ]


def test_home_lists_live_articles_newest_first(client: Client) -> None:
    older = ArticleFactory(publish_at=timezone.now() - timezone.timedelta(days=2))
    newer = ArticleFactory(publish_at=timezone.now() - timezone.timedelta(days=1))
    hidden = _hidden_articles()

    page = client.get("/").content.decode()

    assert page.index(newer.title) < page.index(older.title)
    for article in hidden:
        assert article.title not in page


def test_home_paginates(client: Client, settings: pytest.FixtureRequest) -> None:
    settings.ARTICLES_PER_PAGE = 2
    articles = [ArticleFactory() for _ in range(3)]

    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()

    assert "Page 1 of 2" in first
    assert articles[0].title in second
    assert articles[0].title not in first


def test_home_query_count_does_not_grow_with_articles(
    client: Client, django_assert_max_num_queries: pytest.FixtureRequest
) -> None:
    for _ in range(10):
        ArticleFactory(tags=[TagFactory(name="Baotou"), TagFactory(name="Magnets")])

    with django_assert_max_num_queries(3):
        client.get("/")


def test_article_page_shows_highlights_nested_body_disclaimer_and_source(client: Client) -> None:
    article = ArticleFactory(
        source_name="Baotou Daily", source_url="https://example.com/", source_kind="state media"
    )
    HighlightFactory(article=article, position=0, depth=0, text="Sectors such as:")
    HighlightFactory(article=article, position=1, depth=1, text="Drones")
    HighlightFactory(article=article, position=2, depth=0, text="A closing point.")

    page = client.get(article.get_absolute_url()).content.decode()

    assert "<li>Sectors such as:<ul>\n  <li>Drones</li>\n</ul>\n</li>" in page
    assert "<li>A closing point.</li>" in page
    assert '<h2 id="supply">Supply</h2>' in page
    assert "<strong>Disclaimer:</strong> Figures should be verified independently." in page
    assert (
        '<a href="https://example.com/" rel="nofollow noopener noreferrer">Baotou Daily</a>' in page
    )
    assert "(state media)" in page


def test_article_page_ends_with_the_comments_block_linking_to_the_forum(client: Client) -> None:
    article = ArticleFactory()

    page = client.get(article.get_absolute_url()).content.decode()
    topic_url = article.discussion.get_absolute_url()

    assert "0 Comments" in page
    assert "No replies yet" in page
    assert (
        f'<a href="{topic_url}">Join the full discussion at the Rare Earth Exchanges Forum →</a>'
        in page
    )
    assert client.get(topic_url).status_code == 200


def test_article_page_carries_opengraph_tags(client: Client) -> None:
    article = ArticleFactory(title="Baotou plans", tags=[TagFactory(name="Baotou")])

    page = client.get(article.get_absolute_url()).content.decode()

    assert '<meta property="og:title" content="Baotou plans">' in page
    assert '<meta property="og:type" content="article">' in page
    assert (
        f'<meta property="og:url" content="http://testserver{article.get_absolute_url()}">' in page
    )
    assert '<meta property="article:tag" content="Baotou">' in page
    assert 'name="robots"' not in page


@pytest.mark.parametrize("viewer", ["anonymous", "reader"])
def test_article_page_is_404_when_not_live(client: Client, viewer: str) -> None:
    if viewer == "reader":
        client.force_login(UserFactory())

    draft, scheduled, archived = _hidden_articles()

    for article in (draft, scheduled, archived):
        assert client.get(article.get_absolute_url()).status_code == 404
    for article in (scheduled, archived):
        assert client.get(article.discussion.get_absolute_url()).status_code == 404


def test_article_page_previews_unpublished_articles_for_editors(client: Client) -> None:
    client.force_login(EditorFactory())
    draft, scheduled, archived = _hidden_articles()

    for article, label in [(draft, "Draft"), (scheduled, "Scheduled"), (archived, "Archived")]:
        response = client.get(article.get_absolute_url())
        page = response.content.decode()
        assert response.status_code == 200
        assert f"Preview — {label}" in page
        assert '<meta name="robots" content="noindex">' in page


def test_article_page_is_404_for_staff_without_article_permissions(client: Client) -> None:
    client.force_login(UserFactory(is_staff=True))
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_article_page_query_count_does_not_grow_with_highlights_tags_or_notes(
    client: Client, django_assert_num_queries: pytest.FixtureRequest
) -> None:
    small = ArticleFactory()
    HighlightFactory(article=small, position=0)
    large = ArticleFactory(tags=[TagFactory() for _ in range(12)])
    for position in range(40):
        HighlightFactory(article=large, position=position, depth=position % 2)
    for _ in range(5):
        ArticleNoteFactory(article=large)

    # Rendered afresh: the versions the cached page would be keyed by, the article's row with
    # its author and discussion, then (the article's shared rendering missing too:
    # articles/fragments.py) its Highlights, tags and notes, onto the row already read, and
    # the page (with no comments, no thread is read).
    with django_assert_num_queries(7):
        client.get(small.get_absolute_url())
    with django_assert_num_queries(7):
        client.get(large.get_absolute_url())
    # Then cached for everyone logged out: the versions alone.
    with django_assert_num_queries(1):
        client.get(large.get_absolute_url())


def test_logged_out_visitors_see_an_article_edit_at_once(client: Client) -> None:
    article = ArticleFactory(title="Lanthanum prices hold")
    assert "Lanthanum prices hold" in client.get(article.get_absolute_url()).content.decode()

    article.title = "Lanthanum prices slip"
    article_save(article=article)

    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Lanthanum prices slip" in page
    assert "Lanthanum prices hold" not in page


def test_logged_out_visitors_get_a_404_once_a_cached_article_is_archived(client: Client) -> None:
    article = ArticleFactory()
    assert client.get(article.get_absolute_url()).status_code == 200

    article_archive(article=article)

    assert Client().get(article.get_absolute_url()).status_code == 404
